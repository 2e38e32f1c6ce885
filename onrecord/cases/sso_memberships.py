"""Which authorities a member of staff signed in through the identity provider works for: the
provider's answer, mapped by ONRECORD_OIDC_AUTHORITY_MAP (accounts/sso_claims.py), made the
user's current AuthorityMembership each time they sign in or are re-checked. Connected in
CasesConfig.ready to accounts' `authorities_granted` signal (accounts sits below cases)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from onrecord.accounts.sso_provisioning import SsoRefused
from onrecord.cases.models import Authority, AuthorityMembership


def grant_memberships(sender: Any, *, user: Any, authorities: tuple[str, ...], **_: Any) -> bool:
    """Memberships of exactly these authorities (by slug) in force from today: new ones made,
    ended ones reopened, any other the user had ended today. An unknown slug refuses the sign-in
    (a typo in the map must not silently leave someone with no authority, or the wrong one)."""
    found = {a.slug: a for a in Authority.objects.filter(slug__in=authorities)}
    unknown = [slug for slug in authorities if slug not in found]
    if unknown:
        raise SsoRefused("unknown_authority", detail={"authorities": unknown})
    today = timezone.localdate()
    for authority in found.values():
        membership = AuthorityMembership.objects.filter(user=user, authority=authority).first()
        if membership is None:
            AuthorityMembership.objects.create(user=user, authority=authority, joined_on=today)
        elif membership.left_on is not None and membership.left_on <= today:
            membership.left_on = None
            membership.save(update_fields=["left_on"])
    for membership in AuthorityMembership.objects.filter(user=user).exclude(
        authority__slug__in=authorities
    ):
        if membership.left_on is None or membership.left_on > today:
            membership.left_on = today
            membership.save(update_fields=["left_on"])
    return True
