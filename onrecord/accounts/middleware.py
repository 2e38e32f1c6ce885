"""Signs out a person who has done nothing for longer than their role's limit.

The rule is in accounts/idle_timeout.py; this applies it. Background requests (a page polling
for a transcript's progress) say so with a header and do not count as activity, or a page left
open would keep a session alive for ever.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, ResolverMatch, resolve, reverse

from onrecord.accounts.devices import has_two_step_device
from onrecord.accounts.idle_timeout import IdleTimeouts, has_expired, needs_touch
from onrecord.accounts.sso import signed_in_with_sso
from onrecord.accounts.two_step import requires_two_step

SESSION_KEY = "onrecord_last_activity"
BACKGROUND_HEADER = "HTTP_X_ONRECORD_BACKGROUND"


def idle_timeouts() -> IdleTimeouts:
    return IdleTimeouts(
        staff_seconds=settings.ONRECORD_IDLE_TIMEOUT_STAFF_MINUTES * 60,
        others_seconds=settings.ONRECORD_IDLE_TIMEOUT_OTHERS_MINUTES * 60,
        warn_before_seconds=settings.ONRECORD_IDLE_WARNING_MINUTES * 60,
    )


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        # Checked when the server loads its middleware, so a bad setting stops start-up.
        try:
            idle_timeouts()
        except ValueError as exc:
            raise ImproperlyConfigured(
                "ONRECORD_IDLE_TIMEOUT_STAFF_MINUTES, ONRECORD_IDLE_TIMEOUT_OTHERS_MINUTES and "
                f"ONRECORD_IDLE_WARNING_MINUTES do not fit together: {exc}"
            ) from exc

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        last = request.session.get(SESSION_KEY)
        last_activity = float(last) if isinstance(last, int | float) else None
        limit = idle_timeouts().limit_for(str(getattr(user, "role", "")))
        if has_expired(last_activity, now, limit):
            # The audit trail's sign-out event (audit/signals.py) carries the reason.
            request.onrecord_sign_out_detail = {  # type: ignore[attr-defined]
                "reason": "inactive",
                "idle_limit_minutes": limit // 60,
            }
            logout(request)
            return _signed_out_response(request)
        if request.META.get(BACKGROUND_HEADER) != "1" and needs_touch(last_activity, now):
            request.session[SESSION_KEY] = now
        return self.get_response(request)


def _signed_out_response(request: HttpRequest) -> HttpResponse:
    sign_in = reverse("login")
    if request.method == "GET" and "application/json" not in request.headers.get("Accept", ""):
        query = urlencode({"next": request.get_full_path(), "timed_out": "1"})
        return HttpResponseRedirect(f"{sign_in}?{query}")
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": "signed_out", "sign_in": sign_in}, status=401)
    # A form posted after the limit: its contents are not acted on (the person may not be the
    # one who filled it in); they sign in again and start that step again.
    return HttpResponseRedirect(f"{sign_in}?{urlencode({'timed_out': '1'})}")


# What a signed-in person who still owes the second step may reach.
TWO_STEP_OPEN_URLS = frozenset(
    {
        "two_step_set_up",
        "two_step_verify",
        "two_step_recovery",
        "two_step_passkey",
        "two_step_passkeys",  # set up with a passkey; refused there once they have a device
        "logout",
        "stay_signed_in",
    }
)


class TwoStepRequiredMiddleware:
    """Staff and administrators who signed in with a password reach nothing but the two-step
    pages until they pass the second step (or set it up, the first time). A session signed in
    through the council's identity provider is not asked: multi-factor authentication is the
    provider's job there (docs/SECURITY.md, V6), and the provider's account has no local
    password to follow."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            not settings.ONRECORD_TWO_STEP_REQUIRED
            or user is None
            or not user.is_authenticated
            or not requires_two_step(str(getattr(user, "role", "")))
            or user.is_verified()
            or signed_in_with_sso(request)
        ):
            return self.get_response(request)
        match = getattr(request, "resolver_match", None) or _resolve(request.path_info)
        if match is not None and match.view_name in TWO_STEP_OPEN_URLS:
            return self.get_response(request)
        target = "two_step_verify" if has_two_step_device(user) else "two_step_set_up"
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"error": "two_step_required", "url": reverse(target)}, status=401)
        if request.method == "GET":
            return HttpResponseRedirect(
                f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
            )
        return HttpResponseRedirect(reverse(target))


def _resolve(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None
