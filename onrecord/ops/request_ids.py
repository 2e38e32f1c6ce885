"""One id per request, for joining log lines: taken from the proxy's X-Request-ID when it is a
plain token (so a load balancer's id carries through), otherwise made here; returned on the
response and added to every log line written while the request runs (ops/json_logs.py)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_SAFE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current: ContextVar[str] = ContextVar("onrecord_request_id", default="")


def current() -> str:
    return _current.get()


def accept(value: str) -> str:
    """The caller's id if it is a harmless token, else a new one: a header is outside input and
    must never put arbitrary text (or a secret) into the logs."""
    return value if _SAFE.match(value) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accept(str(request.META.get("HTTP_X_REQUEST_ID", "")))
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response
