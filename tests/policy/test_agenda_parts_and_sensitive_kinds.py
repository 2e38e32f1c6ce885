"""An agenda item divided into parts (Hackney 3 "any part"), and what kind of sensitive
information an item holds (Leeds d, Hertfordshire 1.4)."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord.policy.schema_check import schema_check
from tests.policy.builders import ABOUT_JADE, JADE, MAYA, OPENING
from tests.policy.concepts import decided

BOTH: dict[str, Any] = {
    "id": "a-both",
    "title": "Jade and Maya: contact",
    "child_ids": [JADE, MAYA],
}
JADE_PART: dict[str, Any] = {
    "id": "a-both-jade",
    "title": "Jade's contact with Maya",
    "child_ids": [JADE],
}
MAYA_PART: dict[str, Any] = {
    "id": "a-both-maya",
    "title": "Maya's contact with Jade",
    "child_ids": [MAYA],
}
DIVIDED: dict[str, Any] = {
    **BOTH,
    "parts": [JADE_PART, MAYA_PART],
}


def item_of(d: Any, item_id: str) -> Any:
    return next(i for i in d.items if i.id == item_id)


def test_hackney_excludes_an_undivided_item_about_a_child_without_pr() -> None:
    # 000 §3: "Parents will not be able to record any part of a meeting where information
    # relating to a child; who they do not hold Parental Responsibility for ... is being
    # discussed." Dana holds PR for Jade, not Maya.
    item = item_of(decided("hackney", agenda=[OPENING, BOTH]), "a-both")
    assert (item.status, item.recordable) == ("excluded", False)
    assert item.reasons[0].code == "HX-ITEM-NO-PR"
    interpretation = item.reasons[0].interpretation
    assert interpretation is not None
    assert interpretation.status == "awaiting_policy_owner"


def test_hackney_records_the_part_about_her_own_child() -> None:
    d = decided("hackney", agenda=[OPENING, DIVIDED])
    item = item_of(d, "a-both")
    assert (item.status, item.recordable, item.reasons) == ("in_part", False, ())
    assert [(p.id, p.status, p.recordable) for p in item.parts] == [
        ("a-both-jade", "may_record", True),
        ("a-both-maya", "excluded", False),
    ]
    assert item.parts[1].reasons[0].about == ("Maya Price",)
    data = d.to_dict()
    assert schema_check("decision.schema.json").first_problem(data) is None
    assert "    - Maya's contact with Jade: may not be recorded by the requester" in d.to_text()


def test_hertfordshire_and_leeds_refer_only_the_other_childs_part() -> None:
    # 002 §1.4: "The Parent does not have PR for one or more children subject to the Meeting/
    # Conference and sensitive information about these children is likely to be discussed."
    sensitive = {
        **DIVIDED,
        "parts": [JADE_PART, {**MAYA_PART, "sensitive_kinds": ["health"]}],
    }
    herts = item_of(decided("hertfordshire", agenda=[sensitive]), "a-both")
    assert [p.status for p in herts.parts] == ["for_decision_maker", "for_decision_maker"]
    assert herts.parts[1].reasons[0].code == "HT-ITEM-NO-PR-SENSITIVE"
    assert herts.parts[0].reasons == ()  # follows the request, which 1.4 refers as a whole
    # 001 Introduction: about "birth parents and others with parental responsibility"
    leeds = item_of(decided("leeds", agenda=[DIVIDED]), "a-both")
    assert [r.code for r in leeds.parts[1].reasons] == ["LD-ITEM-NOT-THEIR-CHILD"]
    assert leeds.parts[0].reasons == ()


@pytest.mark.parametrize(
    ("kinds", "code"),
    [
        (["health"], "LD-ITEM-MEDICAL"),
        (["special_category"], "LD-ITEM-SPECIAL-CATEGORY"),
        (["other"], "LD-ITEM-SENSITIVE"),
    ],
)
def test_leeds_pauses_for_each_kind_of_sensitive_information(kinds: list[str], code: str) -> None:
    # 001 (d): "there is a need to discuss sensitive information about the child, for example
    # sensitive medical information, best practice would be for the Chair to decide to halt the
    # recording until this section of the meeting is concluded."
    item = {"id": "a-s", "title": "Jade: report", "child_ids": [JADE], "sensitive_kinds": kinds}
    d = decided("leeds", agenda=[item])
    (only,) = d.items
    assert only.status == "paused"
    assert [r.code for r in only.reasons] == [code]
    assert "LD-PAUSE-SENSITIVE" in {a.code for a in d.actions}


def test_hertfordshire_counts_a_health_item_about_maya_as_sensitive() -> None:
    # 002 §1.4 (as above): naming the kind makes the item sensitive
    item = {
        "id": "a-m",
        "title": "Maya: medical",
        "child_ids": [MAYA],
        "sensitive_kinds": ["health"],
    }
    d = decided("hertfordshire", agenda=[ABOUT_JADE, item])
    assert "HT-NO-PR-SENSITIVE" in {r.code for r in d.reasons}
    assert d.items[1].status == "for_decision_maker"
    assert d.items[1].reasons[0].code == "HT-ITEM-NO-PR-SENSITIVE"
