"""Who the council's identity provider lets in, and as what: the claims of a signed-in member
of staff turned into a role and the authorities they work for, or a refusal naming why.

Pure rules (no Django): the claims arrive already verified (signature, issuer, audience,
expiry: accounts/sso.py); this decides only what they mean. Configured by ONRECORD_OIDC_*
(onrecord/config.py, docs/DEPLOYMENT.md "Single sign-on (OpenID Connect)").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from onrecord.accounts.roles import Role


class Refusal(StrEnum):
    """Why the provider's word was not enough to let someone in (recorded in the audit trail)."""

    NOT_IN_ALLOWED_GROUPS = "not_in_allowed_groups"
    NO_ROLE = "no_role"
    NO_AUTHORITY = "no_authority"
    # Entra ID sends a link instead of the groups when a person is in too many (over 200):
    # configure the application to send only the groups assigned to it.
    GROUPS_OVERAGE = "groups_overage"
    MALFORMED_CLAIM = "malformed_claim"


@dataclass(frozen=True)
class ClaimRules:
    groups_claim: str
    allowed_groups: frozenset[str]
    role_claim: str
    role_map: tuple[tuple[str, Role], ...]  # first listed pair that matches wins
    authority_claim: str
    authority_map: tuple[tuple[str, str], ...]

    @classmethod
    def from_settings(cls, oidc: Mapping[str, Any]) -> ClaimRules:
        return cls(
            groups_claim=oidc["groups_claim"],
            allowed_groups=frozenset(oidc["allowed_groups"]),
            role_claim=oidc["role_claim"],
            role_map=tuple((value, Role(role)) for value, role in oidc["role_map"]),
            authority_claim=oidc["authority_claim"],
            authority_map=tuple(oidc["authority_map"]),
        )


@dataclass(frozen=True)
class Admitted:
    role: Role
    authorities: tuple[str, ...]  # authority slugs, in the order the map lists them


@dataclass(frozen=True)
class Refused:
    reason: Refusal
    detail: str = ""


def claim_values(claims: Mapping[str, Any], name: str) -> frozenset[str] | None:
    """A claim as a set of strings: a list of strings, or one string. None when it is something
    else (an object, numbers), which is refused rather than guessed at."""
    value = claims.get(name)
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return frozenset(value)
    return None


def _overage(claims: Mapping[str, Any], name: str) -> bool:
    names = claims.get("_claim_names")
    return isinstance(names, Mapping) and name in names and name not in claims


def decide(claims: Mapping[str, Any], rules: ClaimRules) -> Admitted | Refused:
    """Let the person in with a role and authorities, or refuse them. Membership of an allowed
    group comes first: someone removed from every allowed group is refused whatever else their
    claims say (deprovisioned at the provider means out here, at once)."""
    for name in {rules.groups_claim, rules.role_claim, rules.authority_claim}:
        if _overage(claims, name):
            return Refused(Refusal.GROUPS_OVERAGE, name)
    values: dict[str, frozenset[str]] = {}
    for name in (rules.groups_claim, rules.role_claim, rules.authority_claim):
        found = claim_values(claims, name)
        if found is None:
            return Refused(Refusal.MALFORMED_CLAIM, name)
        values[name] = found
    groups = values[rules.groups_claim]
    roles = values[rules.role_claim]
    authorities = values[rules.authority_claim]
    if not groups & rules.allowed_groups:
        return Refused(Refusal.NOT_IN_ALLOWED_GROUPS)
    role = next((role for value, role in rules.role_map if value in roles), None)
    if role is None:
        return Refused(Refusal.NO_ROLE)
    slugs: list[str] = []
    for value, slug in rules.authority_map:
        if value in authorities and slug not in slugs:
            slugs.append(slug)
    if not slugs:
        return Refused(Refusal.NO_AUTHORITY)
    return Admitted(role=role, authorities=tuple(slugs))
