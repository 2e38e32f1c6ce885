"""The policy owner's list of rules (issue 14): every rule of every shipped profile, in the
order the engine applies them, with its clause and its interpretation; placeholders and fact
names in words."""

from __future__ import annotations

import pytest

from onrecord.policy import all_profiles, load_profile
from onrecord.policy.rule_list import decider_rows, rule_sections, says, words


@pytest.mark.parametrize("name", ["brent", "hackney", "hertfordshire", "leeds"])
def test_every_rule_is_listed_with_its_clause_and_reading(name: str) -> None:
    profile = load_profile(name)
    rows = [row for section in rule_sections(profile) for row in section.rows]
    scoped = [profile.scope.outside] if profile.scope else []
    rules = [*scoped, *profile.rules, *profile.item_rules]
    assert [r.code for r in rows] == [r.code for r in rules]
    for row, rule in zip(rows, rules, strict=True):
        assert (row.seed, row.section, row.clause) == (
            rule.cites.seed,
            rule.cites.section,
            rule.cites.clause,
        )
        assert (row.interpretation is None) == (rule.interpretation is None)
        if rule.interpretation is not None and row.interpretation is not None:
            assert row.interpretation.reading == rule.interpretation.reading
        assert "{" not in row.says
        assert "_" not in row.applies_when
    assert [d.who for d in decider_rows(profile)] == [m.who for m in profile.decision_makers]
    assert decider_rows(profile)[-1].applies_when == "Otherwise"


def test_placeholders_and_facts_in_words() -> None:
    assert says("{who} {is|are} in care; {requester} asks") == "[who] is in care; [requester] asks"
    assert words("requester_is_friend and not pr_holder_objects") == (
        "requester is friend and not pr holder objects"
    )
    assert words("always") == "Always"


def test_every_shipped_profile_is_covered() -> None:
    assert {p.name for p in all_profiles()} >= {"brent", "hackney", "hertfordshire", "leeds"}
