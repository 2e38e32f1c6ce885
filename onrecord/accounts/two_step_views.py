"""The two-step pages: set up an authenticator app, enter a code, or use a recovery code."""

from __future__ import annotations

import base64

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext

from onrecord.accounts import devices, passkey_devices
from onrecord.accounts.forms import AppCodeForm, RecoveryCodeForm
from onrecord.accounts.models import User
from onrecord.accounts.two_step import group_secret

NOTICEABLE_WAIT_SECONDS = 3


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def set_up(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if devices.has_two_step_device(user) and not user.is_verified():  # type: ignore[attr-defined]
        # Replacing an app needs the second step first (or an administrator's reset).
        return HttpResponseRedirect(reverse("two_step_verify"))
    device = devices.pending_app(user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = devices.confirm_app(request, user, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request,
                "accounts/two_step_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error(
            "code",
            gettext(
                "That code is not right. Check the time on your phone is correct, "
                "then enter the code your app shows now"
            ),
        )
    qr = segno.make(device.config_url, error="m")
    secret = group_secret(_base32(device.bin_key))
    return render(
        request,
        "accounts/two_step_set_up.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, title="QR code to scan with your authenticator app"),
            "secret": secret,
            "next": _next(request),
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not devices.has_two_step_device(user):
        return HttpResponseRedirect(reverse("two_step_set_up"))
    form = AppCodeForm(request.POST or None)
    locked = devices.app_locked_for(user)
    if request.method == "POST" and form.is_valid():
        if locked:
            form.add_error("code", _locked_message(locked))
        elif devices.verify_app_code(request, user, form.cleaned_data["code"]):
            return HttpResponseRedirect(_next(request))
        else:
            # django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s…): only a wait
            # worth mentioning is mentioned.
            locked = devices.app_locked_for(user)
            form.add_error(
                "code",
                _locked_message(locked)
                if locked > NOTICEABLE_WAIT_SECONDS
                else gettext("That code is not right. Enter the code your app shows now"),
            )
    return verify_page(request, form)


def verify_page(request: HttpRequest, form: AppCodeForm, passkey_error: str = "") -> HttpResponse:
    """The second-step page: a passkey's button (when the person has one), the app's code
    (when they have an app), and the way to a recovery code."""
    user = _user(request)
    has_passkey = passkey_devices.has_passkey(user)
    return render(
        request,
        "accounts/two_step_verify.html",
        {
            "form": form,
            "next": _next(request),
            "has_app": devices.has_app(user),
            "passkey_options": (
                passkey_devices.authentication_options(request, user) if has_passkey else ""
            ),
            "passkey_error": passkey_error,
        },
    )


@login_required
def recovery(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        locked = devices.recovery_locked_for(user)
        if locked:
            form.add_error("code", _locked_message(locked))
        elif devices.verify_recovery_code(request, user, form.cleaned_data["code"]):
            return HttpResponseRedirect(_next(request))
        else:
            form.add_error(
                "code", gettext("That recovery code is not right, or it has been used already")
            )
    return render(
        request, "accounts/two_step_recovery.html", {"form": form, "next": _next(request)}
    )


def _locked_message(seconds: int) -> str:
    return ngettext(
        "You have entered too many wrong codes. Wait %(seconds)s second, then try again",
        "You have entered too many wrong codes. Wait %(seconds)s seconds, then try again",
        seconds,
    ) % {"seconds": seconds}


def _base32(key: bytes) -> str:
    return base64.b32encode(key).decode().rstrip("=")
