"""A session signed in through the identity provider is re-checked with it every
ONRECORD_OIDC_RECHECK_MINUTES: mozilla-django-oidc's SessionRefresh sends the browser back to
the provider without a prompt (`prompt=none`), and the answer goes through the same checks as
a sign-in (accounts/sso_views.py). Someone removed from the allowed groups, or whose session
at the provider has ended, is signed out there and then.

Between re-checks, an account deactivated here (by a re-check of another of the person's
sessions, or by an administrator) ends every session at its next request: the backend finds no
active user (accounts/sso.py).
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from mozilla_django_oidc.middleware import SessionRefresh

from onrecord.accounts.sso import SSO_BACKEND, sso_enabled, sso_setting
from onrecord.accounts.sso_discovery import ProviderUnavailable

BACKGROUND_HEADER = "HTTP_X_ONRECORD_BACKGROUND"
log = logging.getLogger(__name__)


class SsoSessionRecheck(SessionRefresh):  # type: ignore[misc]
    get_settings = staticmethod(sso_setting)

    def __init__(self, get_response: Any) -> None:
        # The library reads its settings here; these read them per request (SSO may be off).
        MiddlewareMixin.__init__(self, get_response)

    OIDC_STATE_SIZE = 32
    OIDC_NONCE_SIZE = 32
    OIDC_USE_NONCE = True
    OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"

    @property
    def OIDC_OP_AUTHORIZATION_ENDPOINT(self) -> str:
        return str(sso_setting("OIDC_OP_AUTHORIZATION_ENDPOINT"))

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:
        return str(sso_setting("OIDC_RP_CLIENT_ID"))

    @property
    def OIDC_RP_SCOPES(self) -> str:
        return str(sso_setting("OIDC_RP_SCOPES"))

    @property
    def exempt_urls(self) -> set[str]:
        return {
            reverse("oidc_authentication_init"),
            reverse("oidc_authentication_callback"),
            reverse("logout"),
        }

    @property
    def exempt_url_patterns(self) -> set[Any]:
        return set()

    def is_refreshable_url(self, request: HttpRequest) -> bool:
        return bool(
            sso_enabled()
            and request.method == "GET"
            and request.user.is_authenticated
            and request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND
            and request.path not in self.exempt_urls
        )

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        try:
            response: HttpResponse | None = super().process_request(request)
        except ProviderUnavailable as exc:
            # The provider cannot be asked: the session carries on until it can (the idle
            # timeout and the session's own age still end it; an account deactivated here ends
            # it at once), rather than every member of staff being shut out by an outage.
            log.warning("single sign-on re-check postponed: %s", exc)
            return None
        if response is not None and _in_background(request):
            # A page polling for progress cannot follow the provider's pages: it is told to
            # reload, and the re-check happens on that navigation.
            return JsonResponse({"error": "sso_recheck", "url": response["Location"]}, status=401)
        return response


def _in_background(request: HttpRequest) -> bool:
    return (
        request.META.get(BACKGROUND_HEADER) == "1"
        or request.headers.get("HX-Request") == "true"
        or "application/json" in request.headers.get("Accept", "")
    )
