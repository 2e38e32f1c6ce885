"""Who is acting and from where, for every request; refused access audited after rollback.

`client_ip` is the one answer to "which address is this request from": the audit trail records
it and sign-in lockout (django-axes, settings.AXES_CLIENT_IP_CALLABLE) is keyed on it, so behind
a reverse proxy neither sees only the proxy's address. Recorded paths are redacted
(audit/redaction.py): a family's one-time link never lands in the audit trail.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from onrecord.audit import services
from onrecord.audit.context import SYSTEM, Actor, acting_as
from onrecord.audit.exceptions import AuditedRefusal
from onrecord.audit.redaction import redact


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind N trusted proxies (ONRECORD_TRUSTED_PROXIES), the Nth address
    from the right of X-Forwarded-For, the one the outermost trusted proxy saw; otherwise the
    socket's peer, so a client cannot forge its address. An entry that is not an IP address
    (a proxy's "unknown", an obfuscated name) falls back to the peer."""
    peer = str(request.META.get("REMOTE_ADDR", ""))[:45]
    proxies: int = getattr(settings, "ONRECORD_TRUSTED_PROXIES", 0)
    if proxies:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))[:4096]
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return _ip_address(forwarded[-proxies]) or peer
    return peer


def _ip_address(value: str) -> str:
    """The IP address in an X-Forwarded-For entry ("1.2.3.4", "1.2.3.4:5678", "[::1]:80",
    "::1"), normalised, or "" if there is none."""
    candidate = value
    if value.startswith("[") and "]" in value:
        candidate = value[1 : value.index("]")]
    elif value.count(":") == 1:
        candidate = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(candidate))[:45]
    except ValueError:
        return ""


def actor_for(request: HttpRequest) -> Actor:
    user = getattr(request, "user", None)
    ip = client_ip(request)
    if user is not None and user.is_authenticated:
        return Actor(user.pk, user.get_username(), getattr(user, "role", ""), ip)
    return Actor(None, "anonymous", "", ip) if ip else SYSTEM


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(actor_for(request)):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Runs after ATOMIC_REQUESTS has rolled the view back, so this entry survives.
        if isinstance(exception, AuditedRefusal):
            with acting_as(actor_for(request)), transaction.atomic():
                services.record(
                    "access_denied",
                    object_type=exception.object_type,
                    object_id=exception.object_id,
                    case_id=exception.case_id,
                    detail={"path": redact(request.path)[:500], "reason": exception.reason},
                )
