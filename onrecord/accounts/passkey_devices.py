"""Adding, using and removing passkeys; every step audited.

The ceremonies are py_webauthn's (the `webauthn` package: W3C WebAuthn Level 3 checks of the
challenge, origin, RP ID hash, flags, signature and counter). The challenge of each ceremony is
made here, kept in the person's session and used once: the page that starts a ceremony puts its
options in the page (`*_options`), the form the browser posts back is checked against them
(`add`, `verify`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from django_otp import login as otp_login
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from onrecord.accounts import devices
from onrecord.accounts.models import PasskeyDevice, User
from onrecord.accounts.passkeys import RelyingParty, clean_name, may_remove, relying_party
from onrecord.audit import services as audit

REGISTRATION_SESSION_KEY = "onrecord_passkey_registration"
AUTHENTICATION_SESSION_KEY = "onrecord_passkey_authentication"
TIMEOUT_MS = 5 * 60 * 1000
MAX_CREDENTIAL_JSON = 64 * 1024
_TRANSPORTS = {t.value for t in AuthenticatorTransport}


class PasskeyError(ValueError):
    """What went wrong, in words to show the person; nothing was changed."""


def _rp() -> RelyingParty:
    return relying_party(settings.ONRECORD_BASE_URL)


def user_handle(user: User) -> bytes:
    """The WebAuthn user id: stable per person, random-looking, and not their username or
    database id (an authenticator may show it to anyone holding the device)."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"onrecord passkey user {user.pk}".encode(), hashlib.sha256
    ).digest()[:32]


def passkeys_of(user: User) -> list[PasskeyDevice]:
    return list(PasskeyDevice.objects.filter(user=user))


def has_passkey(user: User) -> bool:
    return bool(PasskeyDevice.objects.filter(user=user).exists())


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(
            id=base64url_to_bytes(device.credential_id),
            transports=[AuthenticatorTransport(t) for t in device.transports if t in _TRANSPORTS],
        )
        for device in PasskeyDevice.objects.filter(user=user)
    ]


def registration_options(request: HttpRequest, user: User) -> str:
    """The options for navigator.credentials.create(), as JSON for the page; the challenge is
    remembered in the session for `add`."""
    rp = _rp()
    options = generate_registration_options(
        rp_id=rp.rp_id,
        rp_name=settings.ONRECORD_SERVICE_NAME,
        user_name=user.username,
        user_id=user_handle(user),
        user_display_name=user.get_full_name() or user.username,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(user),  # the same device is not added twice
    )
    request.session[REGISTRATION_SESSION_KEY] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


def authentication_options(request: HttpRequest, user: User) -> str:
    """The options for navigator.credentials.get(): only this person's own passkeys."""
    options = generate_authentication_options(
        rp_id=_rp().rp_id,
        timeout=TIMEOUT_MS,
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[AUTHENTICATION_SESSION_KEY] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


def _credential(text: str) -> dict[str, Any]:
    if not text:
        raise PasskeyError(
            gettext_noop(
                "Your browser did not send a passkey. Try again, and follow what your device asks"
            )
        )
    if len(text) > MAX_CREDENTIAL_JSON:
        raise PasskeyError(
            gettext_noop("What your browser sent is too long to be a passkey. Try again")
        )
    try:
        value = json.loads(text)
    except ValueError:
        raise PasskeyError(
            gettext_noop("What your browser sent is not a passkey. Try again")
        ) from None
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        raise PasskeyError(gettext_noop("What your browser sent is not a passkey. Try again"))
    return value


def _challenge(request: HttpRequest, key: str) -> bytes:
    """The ceremony's challenge, taken from the session: it works once."""
    stored = request.session.pop(key, None)
    if not isinstance(stored, str):
        raise PasskeyError(
            gettext_noop("That took too long or the page was opened again. Try again")
        )
    return base64url_to_bytes(stored)


def add(
    request: HttpRequest, user: User, name: str, credential_json: str
) -> tuple[PasskeyDevice, list[str] | None]:
    """Check the new passkey and keep it. Returns it, with new recovery codes when it is the
    person's first way of passing the second step (shown once), else None. The session counts
    as verified from then on, as after setting up an app. Raises PasskeyError."""
    taken = {device.name for device in PasskeyDevice.objects.filter(user=user)}
    clean = clean_name(name, taken)  # ValueError with the message; nothing changed
    try:
        credential = _credential(credential_json)
        challenge = _challenge(request, REGISTRATION_SESSION_KEY)
        rp = _rp()
        try:
            verified = verify_registration_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=rp.rp_id,
                expected_origin=rp.origin,
            )
        except WebAuthnException as exc:
            raise PasskeyError(
                gettext_noop("Your passkey could not be checked. Try again, or use another device")
            ) from exc
    except PasskeyError as exc:
        audit.record("passkey_add_failed", user, detail={"why": str(exc.__cause__ or exc)[:200]})
        raise
    response = credential.get("response")
    transports = response.get("transports", []) if isinstance(response, dict) else []
    first = not devices.has_two_step_device(user)
    try:
        with transaction.atomic():
            device = PasskeyDevice.objects.create(
                user=user,
                name=clean,
                confirmed=True,
                credential_id=bytes_to_base64url(verified.credential_id),
                public_key=verified.credential_public_key,
                sign_count=verified.sign_count,
                transports=[t for t in transports if t in _TRANSPORTS][:10],
                backed_up=verified.credential_backed_up,
            )
            codes = devices.replace_recovery_codes(user) if first else None
            audit.record(
                "passkey_added",
                user,
                detail={
                    "name": clean,
                    "synced": verified.credential_backed_up,
                    **({"recovery_codes": len(codes)} if codes else {}),
                },
            )
    except IntegrityError:
        raise PasskeyError(gettext_noop("That passkey is already added to an account")) from None
    otp_login(request, device)
    return device, codes


def verify(request: HttpRequest, user: User, credential_json: str) -> bool:
    """The second step with a passkey. True (and the session verified) or False; audited."""
    try:
        credential = _credential(credential_json)
        challenge = _challenge(request, AUTHENTICATION_SESSION_KEY)
    except PasskeyError as exc:
        audit.record("two_step_failed", user, detail={"with": "passkey", "why": str(exc)})
        return False
    device = PasskeyDevice.objects.filter(user=user, credential_id=credential["id"]).first()
    if device is None:  # another person's passkey, or one removed since
        audit.record("two_step_failed", user, detail={"with": "passkey", "why": "not theirs"})
        return False
    rp = _rp()
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp.rp_id,
            expected_origin=rp.origin,
            credential_public_key=bytes(device.public_key),
            credential_current_sign_count=device.sign_count,
        )
    except WebAuthnException as exc:
        audit.record(
            "two_step_failed",
            user,
            detail={"with": "passkey", "passkey": device.name, "why": str(exc)[:200]},
        )
        return False
    with transaction.atomic():
        device.sign_count = verified.new_sign_count
        device.backed_up = verified.credential_backed_up
        device.set_last_used_timestamp(commit=False)
        device.save(update_fields=["sign_count", "backed_up", "last_used_at"])
        audit.record("two_step_passed", user, detail={"with": "passkey", "passkey": device.name})
    otp_login(request, device)
    return True


def remove(user: User, device_id: int) -> str:
    """The person removes one of their own passkeys. Returns its name. Raises PasskeyError when
    it is the last way they have of passing the second step and they must have one."""
    with transaction.atomic():
        device = PasskeyDevice.objects.select_for_update().filter(user=user, pk=device_id).first()
        if device is None:
            raise PasskeyError(gettext_noop("That passkey is not one of yours"))
        ways_left = devices.two_step_ways(user) - 1
        if not may_remove(user.role, ways_left, required=settings.ONRECORD_TWO_STEP_REQUIRED):
            raise PasskeyError(
                gettext_noop(
                    "You cannot remove your only passkey: you need it to sign in. "
                    "Add another passkey or set up an authenticator app first"
                )
            )
        name = str(device.name)
        device.delete()
        audit.record("passkey_removed", user, detail={"name": name})
    return name
