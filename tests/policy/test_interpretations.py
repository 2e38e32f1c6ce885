"""Where a profile applies a clause by analogy or chooses between readings, the rule carries an
interpretation: decisions show it, and a policy owner can list every one and confirm it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from onrecord.policy import ProfileError, load_profile
from onrecord.policy.profiles import BUILTIN_DIR, parse_profile
from onrecord.policy.schema_check import schema_check
from tests.policy.builders import FATHER, HEALTH_VISITOR, JADE, JADE_PERSON
from tests.policy.concepts import decided, reason

AWAITING_THE_OWNER = [
    # a Gillick-competent looked-after child not asked yet
    ("hackney", "HX-CHILD-HAS-NOT-AGREED"),
    # an item about two children, for a parent with PR for one
    ("hackney", "HX-ITEM-NO-PR"),
    ("leeds", "LD-ITEM-NOT-THEIR-CHILD"),
    ("hertfordshire", "HT-ITEM-NO-PR-SENSITIVE"),
    # a professional's objection on the day at a Hertfordshire conference
    ("hertfordshire", "HT-CONFERENCE-DISAGREEMENT"),
]


@pytest.mark.parametrize(("policy", "code"), AWAITING_THE_OWNER)
def test_the_open_readings_await_the_policy_owner(policy: str, code: str) -> None:
    listed = {r.code: r for r in load_profile(policy).interpretations()}
    interpretation = listed[code].interpretation
    assert interpretation is not None
    assert interpretation.status == "awaiting_policy_owner"
    assert interpretation.alternatives  # the owner has a choice to make


def test_the_analogies_are_marked_as_such() -> None:
    hackney = {r.code: r for r in load_profile("hackney").interpretations()}
    # a history of misuse, under the clause about breaching these expectations
    misuse = hackney["HX-PAST-MISUSE"]
    assert misuse.interpretation is not None
    assert misuse.interpretation.kind == "analogy"
    # another PR holder's objection: no longer the clause about sharing
    other = hackney["HX-OTHER-PARENT-OBJECTS"]
    assert other.interpretation is not None
    assert other.interpretation.kind == "analogy"
    assert "shared without their express consent" not in other.cites.clause


def test_a_decision_shows_the_reading_it_rests_on() -> None:
    # 002 §2.12: "Where there is disagreement between professionals attending the meeting on
    # whether or not child protection meeting should be recorded, the Chair of the meeting will
    # make the overall decision."
    d = decided("hertfordshire", timing="on_the_day", views={HEALTH_VISITOR: "objects"})
    chair = reason(d, "HT-CONFERENCE-DISAGREEMENT")
    data = d.to_dict()
    shown = next(r for r in data["reasons"] if r["code"] == "HT-CONFERENCE-DISAGREEMENT")
    assert shown["interpretation"]["status"] == "awaiting_policy_owner"
    assert shown["interpretation"]["reading"] == chair.interpretation.reading
    assert schema_check("decision.schema.json").first_problem(data) is None
    assert f"(a reading awaiting the policy owner: {chair.interpretation.reading})" in d.to_text()
    # a rule read literally carries none
    literal = next(r for r in data["conditions"] if r["code"] == "HT-PERMISSION-FIRST")
    assert "interpretation" not in literal


def test_the_child_not_yet_asked_is_refused_under_the_reading() -> None:
    # 000 §3: "they will need to provide their agreement for recording of any meeting involving
    # them. If they do not give this agreement then the meeting cannot be recorded."
    d = decided(
        "hackney",
        children={JADE: {"looked_after": True}},
        views={JADE_PERSON: None, FATHER: "agrees"},
        also_attending=[JADE_PERSON],
    )
    assert d.outcome == "refused"
    assert reason(d, "HX-CHILD-HAS-NOT-AGREED").interpretation is not None


def _hackney_with(interpretation: dict[str, Any]) -> Any:
    path = BUILTIN_DIR / "hackney" / "2023-01.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    next(r for r in data["rules"] if r["code"] == "HX-PAST-MISUSE")["interpretation"] = (
        interpretation
    )
    return parse_profile(data, Path("hackney/2023-01.yaml"))


def test_the_owner_confirms_a_reading_with_name_and_date() -> None:
    confirmed = _hackney_with(
        {
            "kind": "analogy",
            "reading": "Refer a history of misuse to the decision-maker.",
            "status": "confirmed",
            "confirmed_by": "Head of Safeguarding",
            "confirmed_on": "2026-11-30",
        }
    )
    rule = next(r for r in confirmed.interpretations() if r.code == "HX-PAST-MISUSE")
    assert rule.interpretation is not None
    assert rule.interpretation.to_dict()["confirmed_on"] == "2026-11-30"


def test_a_confirmed_reading_must_say_who_confirmed_it() -> None:
    with pytest.raises(ProfileError, match=r"HX-PAST-MISUSE\)\.interpretation\.confirmed_by"):
        _hackney_with({"kind": "analogy", "reading": "Refer it.........", "status": "confirmed"})


def test_every_profile_lists_its_interpretations_in_rule_order() -> None:
    for name in ("hackney", "leeds", "hertfordshire", "brent"):
        profile = load_profile(name)
        listed = [r.code for r in profile.interpretations()]
        assert listed, name
        assert len(listed) == len(set(listed))
        assert JADE not in listed
