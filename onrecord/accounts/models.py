from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from onrecord.accounts.roles import ROLE_LABELS, Role
from onrecord.accounts.two_step import hash_recovery_code


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django-otp is untyped
    """A person who signs in. The role says what kind of work they do; allocation to cases
    (cases.CaseAllocation) or a link to a Person (family members, other agencies) says where."""

    role = models.CharField(
        max_length=20,
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
    )
    # The language chosen with the switcher (accounts/language.py): messages to this person are
    # written in it. Blank: the service's default (LANGUAGE_CODE).
    language = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        ordering = ["username"]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):  # type: ignore[misc]
    """A person's one-use recovery codes, for when their authenticator app is lost. Stored as
    keyed hashes (two_step.hash_recovery_code), unlike django-otp's own static tokens."""

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: object) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed or not isinstance(token, str):
            return False
        digest = hash_recovery_code(token, recovery_code_key())
        used = self.codes.filter(code_hash=digest, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False

    def codes_left(self) -> int:
        return int(self.codes.filter(used_at__isnull=True).count())


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "code_hash"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        # Never the hash: it is only useful to someone attacking the codes.
        return f"Recovery code {self.pk} ({'used' if self.used_at else 'unused'})"


class PasskeyDevice(TimestampMixin, Device):  # type: ignore[misc]
    """One passkey (a WebAuthn credential) of a person: only its public key is kept. The name
    is the person's own, to tell their passkeys apart ("Work laptop"). Passing the second step
    with it is passkey_devices.verify, not a typed token."""

    credential_id: models.CharField[str, str] = models.CharField(
        max_length=1400, unique=True
    )  # base64url, as sent
    public_key: models.BinaryField[bytes, bytes] = (
        models.BinaryField()
    )  # COSE, as the authenticator gave it
    sign_count: models.PositiveBigIntegerField[int, int] = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    backed_up: models.BooleanField[bool, bool] = models.BooleanField(
        default=False
    )  # a synced passkey (phone or password manager)
    created_at: models.DateTimeField[Any, Any] = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="passkey_name_unique")]

    def verify_token(self, token: object) -> bool:
        return False  # a passkey answers a challenge, never a typed code

    def __str__(self) -> str:
        return f"Passkey {self.name!r} of {self.user}"


def recovery_code_key() -> bytes:
    """The recovery codes' hash key, derived from the secret key so it needs no setting."""
    return hmac.new(
        settings.SECRET_KEY.encode(), b"onrecord recovery codes v1", hashlib.sha256
    ).digest()


class SsoIdentity(models.Model):
    """The council identity provider's account a user signs in with: matched by the provider's
    stable subject identifier and issuer together, never by email (an email address can be
    reused or changed; `sub` is never reassigned by the issuer, OpenID Connect Core §2). An
    administrator may create one for an existing account to link it before its first sign-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identity"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(default=timezone.now)
    # Set when the provider stopped letting this person in (removed from the allowed groups,
    # or given no role or authority): the account was deactivated then, and is reactivated if
    # the provider lets them in again. Unset on an account an administrator deactivated.
    deprovisioned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "single sign-on identity"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_user_per_sso_subject")
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"


class SsoSession(models.Model):
    """Which session here came from which session at the identity provider (its `sid`), so the
    provider can end it (OpenID Connect Back-Channel Logout 1.0, accounts/sso_logout.py).
    Written at each sign-in through the provider; removed when the provider ends it."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    issuer = models.CharField(max_length=255)
    sid = models.CharField(max_length=255, blank=True)
    signed_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "single sign-on session"
        indexes = [models.Index(fields=["issuer", "sid"], name="sso_session_by_sid")]

    def __str__(self) -> str:
        return f"Session of user {self.user_id} at {self.issuer}"


class SsoLogoutToken(models.Model):
    """Each logout token accepted, by its `jti`, so that the same token sent again is refused
    (Back-Channel Logout 1.0 §2.6). Kept as long as a token could still be accepted."""

    issuer = models.CharField(max_length=255)
    jti = models.CharField(max_length=255)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "single sign-on logout token"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "jti"], name="one_use_per_logout_token")
        ]

    def __str__(self) -> str:
        return f"Logout token {self.jti} from {self.issuer}"
