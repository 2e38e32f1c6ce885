from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Everything the pages load is served from our own origin: no CDN, no inline script.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def sign_out_origins() -> list[str]:
    """Where a form may lead beside this origin: with single sign-on, signing out goes on to
    the identity provider to end its session too, and browsers hold a form's redirects to the
    page's form-action."""
    oidc = getattr(settings, "ONRECORD_OIDC", None)
    if not isinstance(oidc, dict):
        return []
    parts = urlsplit(str(oidc["issuer"]))
    return [f"{parts.scheme}://{parts.netloc}"]


def content_security_policy() -> str:
    extra = sign_out_origins()
    if not extra:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", " ".join(["form-action 'self'", *extra])
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            # The Django admin uses inline scripts; it is for administrators only.
            response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        else:
            response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Permissions-Policy", "camera=(), geolocation=()")
        # Case data must not linger in shared or browser caches.
        if request.user.is_authenticated if hasattr(request, "user") else False:
            response.headers.setdefault("Cache-Control", "no-store")
        return response
