"""The pure rules that turn a verified person's claims into a role and authorities, or a
refusal (onrecord/accounts/sso_claims.py)."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord import config
from onrecord.accounts.roles import CASE_STAFF_ROLES, Role
from onrecord.accounts.sso_claims import Admitted, ClaimRules, Refusal, Refused, decide

RULES = ClaimRules(
    groups_claim="groups",
    allowed_groups=frozenset({"onrecord"}),
    role_claim="roles",
    role_map=(("Team.Manager", Role.TEAM_MANAGER), ("Social.Worker", Role.SOCIAL_WORKER)),
    authority_claim="groups",
    authority_map=(("north", "north-council"), ("south", "south-council")),
)


def _claims(**changes: Any) -> dict[str, Any]:
    return {"sub": "s1", "groups": ["onrecord", "north"], "roles": ["Social.Worker"], **changes}


def test_a_member_of_staff_is_admitted_with_role_and_authority() -> None:
    assert decide(_claims(), RULES) == Admitted(Role.SOCIAL_WORKER, ("north-council",))


def test_the_first_listed_role_wins() -> None:
    decision = decide(_claims(roles=["Social.Worker", "Team.Manager"]), RULES)
    assert decision == Admitted(Role.TEAM_MANAGER, ("north-council",))


def test_every_mapped_authority_is_given_once_in_map_order() -> None:
    decision = decide(_claims(groups=["south", "onrecord", "north", "north"]), RULES)
    assert isinstance(decision, Admitted)
    assert decision.authorities == ("north-council", "south-council")


def test_a_single_string_claim_counts_as_one_value() -> None:
    decision = decide(_claims(roles="Team.Manager"), RULES)
    assert decision == Admitted(Role.TEAM_MANAGER, ("north-council",))


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        (_claims(groups=["north"]), Refusal.NOT_IN_ALLOWED_GROUPS),
        (_claims(groups=[]), Refusal.NOT_IN_ALLOWED_GROUPS),
        ({"sub": "s1", "roles": ["Social.Worker"]}, Refusal.NOT_IN_ALLOWED_GROUPS),
        (_claims(roles=["Finance"]), Refusal.NO_ROLE),
        (_claims(groups=["onrecord"]), Refusal.NO_AUTHORITY),
        (_claims(groups=[1, 2]), Refusal.MALFORMED_CLAIM),
        (_claims(roles={"a": 1}), Refusal.MALFORMED_CLAIM),
    ],
)
def test_refusals(claims: dict[str, Any], reason: Refusal) -> None:
    decision = decide(claims, RULES)
    assert isinstance(decision, Refused)
    assert decision.reason is reason


@pytest.mark.parametrize(
    ("claims", "claim"),
    [(_claims(groups=[1]), "groups"), (_claims(roles=7), "roles")],
)
def test_a_malformed_claim_is_named(claims: dict[str, Any], claim: str) -> None:
    assert decide(claims, RULES) == Refused(Refusal.MALFORMED_CLAIM, claim)


def test_removed_from_the_allowed_groups_outweighs_every_other_claim() -> None:
    decision = decide(_claims(groups=["north", "south"], roles=["Team.Manager"]), RULES)
    assert decision == Refused(Refusal.NOT_IN_ALLOWED_GROUPS)


def test_entra_groups_overage_is_refused_rather_than_guessed() -> None:
    claims = {
        "sub": "s1",
        "roles": ["Social.Worker"],
        "_claim_names": {"groups": "src1"},
        "_claim_sources": {"src1": {"endpoint": "https://graph.microsoft.com/..."}},
    }
    assert decide(claims, RULES) == Refused(Refusal.GROUPS_OVERAGE, "groups")


def test_rules_from_the_checked_settings() -> None:
    rules = ClaimRules.from_settings(
        {
            "groups_claim": "grp",
            "allowed_groups": ("a", "b"),
            "role_claim": "roles",
            "role_map": (("x", "chair"), ("y", "legal")),
            "authority_claim": "council",
            "authority_map": (("a", "north-council"),),
        }
    )
    assert rules == ClaimRules(
        groups_claim="grp",
        allowed_groups=frozenset({"a", "b"}),
        role_claim="roles",
        role_map=(("x", Role.CHAIR), ("y", Role.LEGAL)),
        authority_claim="council",
        authority_map=(("a", "north-council"),),
    )


def test_single_sign_on_gives_only_staff_and_administrator_roles() -> None:
    """config.SSO_ROLES (checked at start-up, below accounts) is exactly these roles: never a
    family member's or another agency's."""
    assert set(config.SSO_ROLES) == {r.value for r in CASE_STAFF_ROLES | {Role.ADMIN}}
    assert Role.FAMILY.value not in config.SSO_ROLES
    assert Role.PROFESSIONAL.value not in config.SSO_ROLES
