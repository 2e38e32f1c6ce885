"""Setting up, passing and resetting two-step verification; every step audited.

A person's devices are one authenticator app (django-otp's TOTPDevice: RFC 6238 codes, 30 s,
six digits, throttled after wrong codes), any number of passkeys (PasskeyDevice, added and used
in passkey_devices.py) and their recovery codes (RecoveryCodeDevice).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from onrecord.accounts.models import (
    PasskeyDevice,
    RecoveryCode,
    RecoveryCodeDevice,
    User,
    recovery_code_key,
)
from onrecord.accounts.two_step import hash_recovery_code, new_recovery_codes
from onrecord.audit import services as audit

APP_DEVICE_NAME = "Authenticator app"


def has_app(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def two_step_ways(user: User) -> int:
    """How many ways the person has of passing the second step: a confirmed app and each
    passkey (recovery codes are the way back in, not a way)."""
    apps = TOTPDevice.objects.filter(user=user, confirmed=True).count()
    return int(apps) + int(PasskeyDevice.objects.filter(user=user).count())


def has_two_step_device(user: User) -> bool:
    return has_app(user) or bool(PasskeyDevice.objects.filter(user=user).exists())


def pending_app(user: User) -> TOTPDevice:
    """The authenticator app being set up: the same key until it is confirmed, so reloading
    the page does not change the QR code the person has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def confirm_app(request: HttpRequest, user: User, code: str) -> list[str] | None:
    """Confirm the pending app with a code from it; returns new recovery codes (shown once),
    or None when the code is wrong. The session counts as verified from then on."""
    device = pending_app(user)
    if not device.verify_token(code):
        audit.record("two_step_set_up_failed", user)
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = replace_recovery_codes(user)
        audit.record("two_step_set_up", user, detail={"recovery_codes": len(codes)})
    otp_login(request, device)
    return codes


def verify_app_code(request: HttpRequest, user: User, code: str) -> bool:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return False
    if device.verify_token(code.replace(" ", "")):
        otp_login(request, device)
        audit.record("two_step_passed", user, detail={"with": "authenticator app"})
        return True
    audit.record("two_step_failed", user, detail={"with": "authenticator app"})
    return False


def verify_recovery_code(request: HttpRequest, user: User, code: str) -> bool:
    device = RecoveryCodeDevice.objects.filter(user=user).first()
    if device is None:
        return False
    if device.verify_token(code):
        otp_login(request, device)
        audit.record(
            "two_step_passed",
            user,
            detail={"with": "recovery code", "codes_left": device.codes_left()},
        )
        return True
    audit.record("two_step_failed", user, detail={"with": "recovery code"})
    return False


def app_locked_for(user: User) -> int:
    """Seconds until another code may be tried, after wrong ones (0: now)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return _locked_seconds(device)


def recovery_locked_for(user: User) -> int:
    return _locked_seconds(RecoveryCodeDevice.objects.filter(user=user).first())


def _locked_seconds(device: TOTPDevice | RecoveryCodeDevice | None) -> int:
    if device is None:
        return 0
    allowed, info = device.verify_is_allowed()
    if allowed or not info:
        return 0
    locked_until = info.get("locked_until")
    if locked_until is None:
        return 0
    return max(1, int((locked_until - timezone.now()).total_seconds()))


def reset(user: User, *, by: User, reason: str) -> int:
    """An administrator removes a person's two-step devices (a lost phone): they set it up
    again at their next sign-in. Returns how many devices were removed."""
    if not reason.strip():
        raise ValueError("Give the reason for the reset: it is kept in the audit trail.")
    if by.pk == user.pk:
        raise ValueError("Ask another administrator: nobody resets their own two-step.")
    with transaction.atomic():
        removed_apps, _ = TOTPDevice.objects.filter(user=user).delete()
        removed_passkeys, _ = PasskeyDevice.objects.filter(user=user).delete()
        removed_codes = RecoveryCodeDevice.objects.filter(user=user).count()
        RecoveryCodeDevice.objects.filter(user=user).delete()
        audit.record(
            "two_step_reset",
            user,
            detail={
                "by": by.username,
                "reason": reason.strip()[:500],
                "apps": int(removed_apps),
                "passkeys": int(removed_passkeys),
            },
        )
    return int(removed_apps) + int(removed_passkeys) + int(removed_codes)


def replace_recovery_codes(user: User) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = new_recovery_codes()
    key = recovery_code_key()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=hash_recovery_code(code, key)) for code in codes
    )
    return codes
