"""The passkey pages: your passkeys (add one, name it, remove one), and the second step with a
passkey (its button is on the two-step page; the browser posts the signed challenge here).
The browser's part is web/js/passkeys.mjs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from onrecord.accounts import devices, passkey_devices
from onrecord.accounts.forms import AppCodeForm
from onrecord.accounts.models import PasskeyDevice
from onrecord.accounts.passkeys import NAME_MAX_LENGTH
from onrecord.accounts.two_step_views import _next, _user, verify_page


@login_required
def passkeys(request: HttpRequest) -> HttpResponse:
    """Your passkeys, and the form to add one. Someone who has a way of passing the second
    step must pass it first (or anyone could add their own passkey to a stolen password)."""
    user = _user(request)
    if devices.has_two_step_device(user) and not user.is_verified():  # type: ignore[attr-defined]
        return HttpResponseRedirect(
            f"{reverse('two_step_verify')}?next={reverse('two_step_passkeys')}"
        )
    error = ""
    name = ""
    if request.method == "POST":
        name = request.POST.get("name", "")[: NAME_MAX_LENGTH * 4]
        try:
            device, codes = passkey_devices.add(
                request, user, name, request.POST.get("credential", "")
            )
        except ValueError as exc:  # PasskeyError, or the name's own
            error = gettext(str(exc))  # marked for translation where it is raised
        else:
            if codes is not None:
                return render(
                    request,
                    "accounts/two_step_codes.html",
                    {"codes": codes, "next": _next(request), "with_passkey": True},
                )
            messages.success(request, gettext("Passkey ‘%(name)s’ added") % {"name": device.name})
            return HttpResponseRedirect(reverse("two_step_passkeys"))
    return render(
        request,
        "accounts/passkeys.html",
        {
            "passkeys": passkey_devices.passkeys_of(user),
            "has_app": devices.has_app(user),
            "options": passkey_devices.registration_options(request, user),
            "error": error,
            "name": name,
            "name_max_length": NAME_MAX_LENGTH,
            "next": _next(request) if request.GET.get("next") or request.POST.get("next") else "",
            "nav": "passkeys",
        },
    )


@login_required
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not user.is_verified():  # type: ignore[attr-defined]
        return HttpResponseRedirect(reverse("two_step_verify"))
    device = get_object_or_404(PasskeyDevice, user=user, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            name = passkey_devices.remove(user, device.pk)
        except ValueError as exc:
            error = gettext(str(exc))
        else:
            messages.success(request, gettext("Passkey ‘%(name)s’ removed") % {"name": name})
            return HttpResponseRedirect(reverse("two_step_passkeys"))
    return render(
        request,
        "accounts/passkey_remove.html",
        {"passkey": device, "error": error, "nav": "passkeys"},
    )


@login_required
@require_POST
def sign_in_with_passkey(request: HttpRequest) -> HttpResponse:
    """The second step with a passkey: the signed challenge from the two-step page."""
    user = _user(request)
    if passkey_devices.verify(request, user, request.POST.get("credential", "")):
        return HttpResponseRedirect(_next(request))
    return verify_page(
        request,
        AppCodeForm(),
        passkey_error=(
            gettext(
                "Your passkey could not be checked. Try again, or use the code from your app or "
                "a recovery code"
            )
            if devices.has_app(user)
            else gettext("Your passkey could not be checked. Try again, or use a recovery code")
        ),
    )
