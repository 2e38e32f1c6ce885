"""The API for case-management systems, version 1 (`/api/v1/`; docs/INTEGRATION.md).

Django Ninja generates the OpenAPI 3.1 document (`/api/v1/openapi.json`) from these routes and
schemas. No interactive docs page: it would load scripts from a CDN, which the service's
Content-Security-Policy refuses. Errors have one shape, `{"detail": ...}`; a body that fails
validation answers 422 with one entry per field (`loc`, `msg`, `type`) and never echoes the
values sent (they may be personal data).
"""

from __future__ import annotations

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from onrecord.api import reads, writes
from onrecord.api.access import ApiNotFound, TokenAuth, actor_of, client_of
from onrecord.api.routes import router
from onrecord.audit import services as audit
from onrecord.audit.context import acting_as
from onrecord.audit.redaction import redact

DESCRIPTION = (
    "For a local authority's case-management system: keep OnRecord's case record in step "
    "(idempotent PUTs by your own ids) and read back requests, decisions, declarations, "
    "approved minutes and recordings' metadata. Authenticate with `Authorization: Bearer "
    "onr_…` (a token of an API client of one authority, with scopes). See docs/INTEGRATION.md."
)

api = NinjaAPI(
    title="OnRecord API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    docs_url=None,
    auth=TokenAuth(),
)
api.add_router("", router)  # with every operation of writes.py and reads.py


def _field_errors(errors: list[dict[str, object]]) -> list[dict[str, object]]:
    return [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in e.get("loc", [])],  # type: ignore[attr-defined]
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


def _rejected(request: HttpRequest, detail: list[dict[str, object]]) -> HttpResponse:
    """A 422, audited like every call: which fields, never the values sent."""
    client = getattr(request, "auth", None)
    if client is not None:
        with acting_as(actor_of(request, client)):
            audit.record(
                "api_rejected",
                object_type="api.call",
                detail={
                    "api": f"{request.method} {redact(request.path)}"[:300],
                    "fields": [".".join(map(str, e["loc"])) for e in detail][:50],  # type: ignore[call-overload]
                },
            )
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _rejected(request, _field_errors(exc.errors))


@api.exception_handler(writes.FieldProblem)
def _field_problem(request: HttpRequest, exc: writes.FieldProblem) -> HttpResponse:
    return _rejected(
        request, [{"loc": where, "msg": msg, "type": "value_error"} for where, msg in exc.errors]
    )


@api.exception_handler(ApiNotFound)
def _not_found(request: HttpRequest, exc: ApiNotFound) -> HttpResponse:
    """Not found and outside the authority answer alike; both are audited."""
    with acting_as(actor_of(request, client_of(request))):
        audit.record(
            "access_denied",
            object_type=f"api.{exc.what}",
            object_id=exc.wanted[:64],
            detail={"path": redact(request.path)[:500], "reason": "not found in this authority"},
        )
    return api.create_response(request, {"detail": f"No {exc.what} with that id."}, status=404)


@api.exception_handler(IntegrityError)
def _conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    """Two calls made the same record at the same moment: the loser changed nothing; its retry
    finds the winner's record."""
    return api.create_response(
        request, {"detail": "A simultaneous call changed this record: try again."}, status=409
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "A valid API token is needed (Authorization: Bearer onr_…)."},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="onrecord-api"'
    return response


__all__ = ["HttpError", "api", "reads"]
