"""The single sign-on pages: off to the provider, back from it, sign-out that ends the
provider's session too where it says how (RP-Initiated Logout, `end_session_endpoint`), and
the provider ending sessions here (Back-Channel Logout, accounts/sso_logout.py).

Every sign-in through the provider, every refusal and every sign-out is in the audit trail:
the sign-in and sign-out through Django's signals (onrecord/audit/signals.py, with the detail
set here), a refusal here, with its reason. A refusal of someone already signed in (the periodic
re-check found them removed from the allowed groups) ends their session, and deactivates the
account so that every other session of theirs ends at its next request.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import requests
from django.contrib.auth import logout
from django.contrib.auth.views import LogoutView
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from onrecord.accounts import sso_logout
from onrecord.accounts.sso import signed_in_with_sso, sso_config, sso_enabled, sso_setting
from onrecord.accounts.sso_discovery import ProviderUnavailable
from onrecord.accounts.sso_provisioning import SsoRefused, deprovision, sign_in_refused
from onrecord.audit import services as audit

log = logging.getLogger(__name__)

# Refusals that are about the person (what the provider says of them), not about the answer.
ABOUT_THE_PERSON = frozenset(
    {"not_in_allowed_groups", "no_role", "no_authority", "account_disabled", "groups_overage"}
)


class SsoStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Off to the provider with state, nonce and a PKCE challenge (S256), all kept in the
    session for the way back."""

    get_settings = staticmethod(sso_setting)

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the endpoints are read in get(), not at every import

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = sso_setting("OIDC_RP_CLIENT_ID")
        except ProviderUnavailable as exc:
            log.error("single sign-on unavailable: %s", exc)
            return render(request, "accounts/sso_unavailable.html", status=503)
        response: HttpResponse = super().get(request)
        return response


class SsoCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    get_settings = staticmethod(sso_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        states = request.session.get("oidc_states")
        state = request.GET.get("state", "")
        known = isinstance(states, dict) and state in states
        if not known:
            # A state this browser was never given, or one already used: a replayed or forged
            # answer (login CSRF), refused before anything is sent to the provider. Not this
            # session's own flow, so it does not end the session either (no forged sign-out).
            return refuse(request, "unknown_state", end_session=False)
        if request.GET.get("error"):
            _forget_state(request, state)
            return refuse(request, "provider_error", {"error": request.GET["error"][:60]})
        if "iss" in request.GET and request.GET["iss"] != (sso_config() or {}).get("issuer"):
            # RFC 9207: the answer names another provider (a mix-up attack).
            _forget_state(request, state)
            return refuse(request, "wrong_issuer")
        if not request.GET.get("code"):
            _forget_state(request, state)
            return refuse(request, "missing_code")
        try:
            with transaction.atomic():
                response: HttpResponse = super().get(request)
        except SsoRefused as exc:
            _forget_state(request, state)
            return refuse(request, exc.reason, exc.detail, exc.identity)
        except requests.HTTPError as exc:
            _forget_state(request, state)
            status = exc.response.status_code if exc.response is not None else 0
            return refuse(request, "token_request_refused", {"status": status})
        except (requests.RequestException, ProviderUnavailable) as exc:
            _forget_state(request, state)
            log.error("single sign-on provider unreachable: %s", exc.__class__.__name__)
            return refuse(request, "provider_unreachable")
        return response

    def login_success(self) -> HttpResponse:
        claims = getattr(self.request, "onrecord_sso_claims", {})
        # Read by the audit trail's sign-in entry (onrecord/audit/signals.py).
        self.request.onrecord_sign_in_detail = {"method": "sso", **claims}
        response: HttpResponse = super().login_success()
        # After login(), which gave the session its new key: the provider's `sid` with it.
        sso_logout.remember_session(
            self.request, self.user, getattr(self.request, "onrecord_sso_sid", None)
        )
        return response

    def login_failure(self) -> HttpResponse:
        return refuse(self.request, "not_admitted")


def _forget_state(request: HttpRequest, state: str) -> None:
    """The library consumed the state inside the transaction the refusal rolled back (sessions
    are stored in the database): consume it again, so a refused answer cannot be replayed."""
    states = request.session.get("oidc_states")
    if isinstance(states, dict) and state in states:
        del states[state]
        request.session.modified = True


def refuse(
    request: HttpRequest,
    reason: str,
    detail: dict[str, Any] | None = None,
    identity: int | None = None,
    *,
    end_session: bool = True,
) -> HttpResponse:
    """Audit the refusal, end the session of the browser whose own sign-in or re-check it was,
    and say so in plain words (403)."""
    user = deprovision(identity) if identity is not None and reason in ABOUT_THE_PERSON else None
    config = sso_config() or {}
    audit.record(
        "sso_sign_in_refused",
        user,
        object_type="" if user is not None else "accounts.user",
        detail={"reason": reason, "issuer": config.get("issuer", ""), **(detail or {})},
    )
    sign_in_refused.send(sender=SsoCallbackView, reason=reason)
    if end_session and getattr(request, "user", None) is not None and request.user.is_authenticated:
        request.onrecord_sign_out_detail = {  # type: ignore[attr-defined]
            "reason": "sso_refused",
            "refusal": reason,
        }
        logout(request)
    context = {"about_the_person": reason in ABOUT_THE_PERSON, "reason": reason}
    return render(request, "accounts/sso_refused.html", context, status=403)


class SignOutView(LogoutView):
    """Sign-out for everyone; for a session signed in through the provider, then on to the
    provider's end_session_endpoint (with the ID token as hint) so its session ends too, and
    back to the sign-in page. A provider with no such endpoint: this service's session ends."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider_sign_out = None
        if signed_in_with_sso(request) and request.user.is_authenticated:
            provider_sign_out = end_session_url(request)
            request.onrecord_sign_out_detail = {  # type: ignore[attr-defined]
                "method": "sso",
                "provider_sign_out": provider_sign_out is not None,
            }
            sso_logout.forget_session(request)
        response = super().post(request, *args, **kwargs)
        if provider_sign_out:
            return HttpResponseRedirect(provider_sign_out)
        return response


def end_session_url(request: HttpRequest) -> str | None:
    try:
        endpoint = sso_setting("OIDC_OP_END_SESSION_ENDPOINT")
    except (ProviderUnavailable, SsoRefused):
        return None
    if not isinstance(endpoint, str) or not endpoint:
        return None
    params = {
        "client_id": sso_setting("OIDC_RP_CLIENT_ID"),
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    id_token = request.session.get("oidc_id_token")
    if isinstance(id_token, str):
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"


# Back-Channel Logout 1.0 §2.5: a logout token is a JWT in a form POST; far larger is not one.
MAX_LOGOUT_TOKEN = 16_384


@csrf_exempt  # the provider's server posts it: there is no browser, cookie or form here
@require_POST
def back_channel_logout(request: HttpRequest) -> HttpResponse:
    """The provider says a session there has ended: end the sessions here that came from it
    (200), or refuse the logout token with nothing changed (400, §2.8)."""
    if not sso_enabled():
        raise Http404
    token = request.POST.get("logout_token", "")
    try:
        if not token or len(token) > MAX_LOGOUT_TOKEN:
            raise sso_logout.LogoutRefused("missing_logout_token")
        sso_logout.log_out(token)
    except sso_logout.LogoutRefused as exc:
        sso_logout.refused(exc.reason)
        response: HttpResponse = JsonResponse(
            {"error": "invalid_request", "error_description": exc.reason}, status=400
        )
    else:
        response = HttpResponse(status=200)
    response["Cache-Control"] = "no-store"
    return response
