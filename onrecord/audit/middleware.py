from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from onrecord.audit import services
from onrecord.audit.context import SYSTEM, Actor, acting_as
from onrecord.audit.exceptions import AuditedRefusal


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For; otherwise the socket's peer, so a client cannot forge its address."""
    proxies: int = getattr(settings, "ONRECORD_TRUSTED_PROXIES", 0)
    if proxies:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


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
                    detail={"path": request.path[:500], "reason": exception.reason},
                )
