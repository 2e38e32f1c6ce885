"""A member of staff the identity provider let in, matched to their OnRecord account, or given
one the first time; and an account the provider no longer lets in, deactivated.

Matched by the provider's issuer and subject together (SsoIdentity), never by email: an
address shared with a local account is refused until an administrator links the two, so no one
takes over a local account by being given its address at the provider. What the claims mean
(role, authorities) is decided by the pure rules in accounts/sso_claims.py; which authority an
account works for is stored by cases (AuthorityMembership), which answers the
`authorities_granted` signal: accounts sits below cases and never imports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from onrecord.accounts.models import SsoIdentity, User
from onrecord.accounts.sso_claims import Admitted, ClaimRules, Refused, decide

# Sent with user= and authorities= (a tuple of authority slugs) each time the provider lets
# someone in; a receiver makes those the user's current memberships, and raises SsoRefused if
# one of them names no authority.
authorities_granted = Signal()
# Sent with reason= (a refusal's code) each time single sign-on refuses someone: the operations
# metrics count it with the failed password sign-ins (onrecord/ops/metrics.py).
sign_in_refused = Signal()


class SsoRefused(Exception):
    """The provider's answer, or what it says of the person, does not let them in. The reason
    is a short code for the audit trail; nothing in it is shown to the person but its meaning."""

    def __init__(
        self, reason: str, *, detail: Mapping[str, Any] | None = None, identity: int | None = None
    ):
        super().__init__(reason)
        self.reason = reason
        self.detail = dict(detail or {})
        self.identity = identity  # SsoIdentity pk, when the person is known here


def admit(issuer: str, claims: Mapping[str, Any], rules: ClaimRules) -> User:
    """The account for these verified claims, created or brought up to date, or SsoRefused."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise SsoRefused("missing_claim", detail={"claim": "sub"})
    identity = (
        SsoIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    decision = decide(claims, rules)
    if isinstance(decision, Refused):
        raise SsoRefused(
            decision.reason.value,
            detail={"subject": subject, **({"claim": decision.detail} if decision.detail else {})},
            identity=identity.pk if identity else None,
        )
    if identity is None:
        user = _provision(issuer, subject, claims, decision)
    else:
        user = identity.user
        if not user.is_active:
            if identity.deprovisioned_at is None:
                raise SsoRefused(
                    "account_disabled", detail={"subject": subject}, identity=identity.pk
                )
            user.is_active = True
            identity.deprovisioned_at = None
            identity.save(update_fields=["deprovisioned_at"])
        _update(user, claims, decision)
    answered = authorities_granted.send(sender=User, user=user, authorities=decision.authorities)
    if not answered:
        raise SsoRefused("no_membership_handler", detail={"subject": subject})
    return user


def deprovision(identity_id: int) -> User | None:
    """Deactivate the account of someone the provider no longer lets in: every session of theirs
    ends at its next request (the backend finds no active user). Their record stays."""
    identity = SsoIdentity.objects.select_related("user").filter(pk=identity_id).first()
    if identity is None:
        return None
    if identity.user.is_active:
        identity.user.is_active = False
        identity.user.save(update_fields=["is_active"])
        identity.deprovisioned_at = timezone.now()
        identity.save(update_fields=["deprovisioned_at"])
    return identity.user


def _provision(issuer: str, subject: str, claims: Mapping[str, Any], decision: Admitted) -> User:
    email = _claim_str(claims, "email").lower()
    if email and User.objects.filter(email__iexact=email).exists():
        raise SsoRefused("email_in_use_by_local_account", detail={"subject": subject})
    username = _username(issuer, subject, email)
    user = User(username=username, email=email, role=decision.role.value)
    _set_names(user, claims)
    user.set_unusable_password()  # signs in only through the provider; never with a password
    user.save()
    SsoIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    return user


def _update(user: User, claims: Mapping[str, Any], decision: Admitted) -> None:
    """The provider is the source of truth for a staff account's role, name and address."""
    user.role = decision.role.value
    email = _claim_str(claims, "email").lower()
    if email and not User.objects.filter(Q(email__iexact=email) & ~Q(pk=user.pk)).exists():
        user.email = email
    _set_names(user, claims)
    user.save()


def _username(issuer: str, subject: str, email: str) -> str:
    if email and len(email) <= 150 and not User.objects.filter(username__iexact=email).exists():
        return email
    digest = hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:20]
    return f"sso-{digest}"


def _set_names(user: User, claims: Mapping[str, Any]) -> None:
    given, family = _claim_str(claims, "given_name"), _claim_str(claims, "family_name")
    if not (given or family):
        given, _, family = _claim_str(claims, "name").partition(" ")
    if given or family:
        user.first_name, user.last_name = given[:150], family[:150]


def _claim_str(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""
