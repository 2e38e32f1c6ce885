"""Who is calling and what they may see: the bearer token, the client's scopes, its authority's
wall, and the audit entry of every call (like a page view: the client is the actor).

Every record is looked up through the client's authority (`in_authority`, built on
cases/scoping.py's `in_cases`), so another authority's record answers the same 404 as one that
does not exist. Refusals (bad token, missing scope, outside the wall) are audited; they are
written where the request's transaction commits (Ninja answers the error, the view returns).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from onrecord.api.models import TOKEN_PREFIX, ApiClient, ApiToken, ExternalRef, hash_token
from onrecord.audit import services as audit
from onrecord.audit.context import Actor, acting_as
from onrecord.audit.middleware import client_ip
from onrecord.audit.redaction import redact
from onrecord.cases import scoping
from onrecord.cases.models import Case

M = TypeVar("M", bound=Model)


class ApiNotFound(Exception):
    """Not found, or outside the client's authority (the same answer for both)."""

    def __init__(self, what: str, wanted: str) -> None:
        super().__init__(f"{what} {wanted}")
        self.what = what
        self.wanted = wanted


def actor_of(request: HttpRequest, client: ApiClient | None) -> Actor:
    name = f"api:{client.name}" if client is not None else "api:anonymous"
    return Actor(None, name[:150], "api", client_ip(request))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer onr_…`: a usable token of an active client, or 401 (audited)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        row = None
        if token.startswith(TOKEN_PREFIX) and len(token) < 200:
            row = (
                ApiToken.objects.select_related("client__authority")
                .filter(token_hash=hash_token(token))
                .first()
            )
        if row is None or not row.usable() or not row.client.active:
            reason = (
                "unknown token"
                if row is None
                else "token revoked or expired"
                if not row.usable()
                else "client switched off"
            )
            with acting_as(actor_of(request, row.client if row else None)):
                audit.record(
                    "access_denied",
                    object_type="api.apitoken",
                    object_id=str(row.pk) if row else "",
                    detail={"path": redact(request.path)[:500], "reason": reason},
                )
            return None
        # update(), not save(): bookkeeping, not a change of case data worth an audit entry.
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        return row.client


def client_of(request: HttpRequest) -> ApiClient:
    client = getattr(request, "auth", None)
    assert isinstance(client, ApiClient)  # TokenAuth ran first
    return client


def need(request: HttpRequest, scope: str) -> ApiClient:
    """The client, if it holds `scope`; otherwise an audited 403."""
    client = client_of(request)
    if not client.has_scope(scope):
        with acting_as(actor_of(request, client)):
            audit.record(
                "access_denied",
                object_type="api.scope",
                object_id=scope,
                detail={"path": redact(request.path)[:500], "reason": f"lacks scope {scope}"},
            )
        raise HttpError(403, f"This client may not do that: it lacks the {scope} scope.")
    return client


@contextmanager
def acting(request: HttpRequest) -> Iterator[ApiClient]:
    client = client_of(request)
    with acting_as(actor_of(request, client)):
        yield client


def operation(request: HttpRequest) -> str:
    return f"{request.method} {redact(request.path)}"[:300]


def audit_call(request: HttpRequest, action: str, obj: Model, **detail: Any) -> None:
    """The call's own audit entry (a read is a page view; a write names what it did, beside
    the create/change entries the audit signals write for each row)."""
    audit.record(action, obj, detail={"api": operation(request), **detail})


def cases_of(client: ApiClient) -> QuerySet[Case]:
    return Case.objects.filter(authority_id=client.authority_id)


def in_authority(queryset: QuerySet[M], client: ApiClient) -> QuerySet[M]:
    return scoping.in_cases(queryset, cases_of(client))


def ref(client: ApiClient, kind: str, external_id: str) -> ExternalRef | None:
    return ExternalRef.objects.filter(
        authority_id=client.authority_id, system=client.system, kind=kind, external_id=external_id
    ).first()


def find(client: ApiClient, queryset: QuerySet[M], kind: str, external_id: str) -> M:
    """The record the case system knows by `external_id`, inside the client's authority."""
    found = ref(client, kind, external_id)
    obj = in_authority(queryset, client).filter(pk=found.object_id).first() if found else None
    if obj is None:
        raise ApiNotFound(kind, external_id)
    return obj


def external_ids(client: ApiClient, kind: str, object_ids: list[str]) -> dict[str, str]:
    """OnRecord id -> the case system's id, for records it named."""
    rows = ExternalRef.objects.filter(
        authority_id=client.authority_id, system=client.system, kind=kind, object_id__in=object_ids
    ).values_list("object_id", "external_id")
    return dict(rows)


def remember(client: ApiClient, kind: str, external_id: str, obj: Model) -> None:
    ExternalRef.objects.create(
        authority_id=client.authority_id,
        system=client.system,
        kind=kind,
        external_id=external_id,
        object_id=str(obj.pk),
    )
