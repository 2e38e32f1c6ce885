"""What a decision says: reasons name the right people, every placeholder is filled, the
decision round-trips through JSON, and the plain-English text carries every part of it."""

from __future__ import annotations

import json

import pytest

from onrecord.policy import decide, load_profile, render_text
from tests.policy.builders import (
    FATHER,
    FRIEND,
    GRANDMOTHER,
    HEALTH_VISITOR,
    JADE,
    MOTHER,
    TEACHER,
    build,
)
from tests.policy.test_decision_table import ROWS, Row


@pytest.mark.parametrize("policy", ["leeds", "brent"])
def test_a_friend_is_not_named_among_the_parents_who_object(policy: str) -> None:
    d = decide(load_profile(policy), build(requester=FRIEND, views={MOTHER: "objects"}))
    code = {"leeds": "LD-NON-PARENT-PARENTS-OBJECT", "brent": "BR-NON-PARENT-PARENTS-OBJECT"}[
        policy
    ]
    reason = next(r for r in d.reasons if r.code == code)
    assert reason.about == ("Dana Whitfield",)
    assert reason.text.startswith("Fiona Lake is not a parent of the child")
    assert "Dana Whitfield does not agree" in reason.text


@pytest.mark.parametrize("policy", ["leeds", "brent"])
def test_the_parents_to_ask_are_the_parents(policy: str) -> None:
    d = decide(
        load_profile(policy),
        build(requester=GRANDMOTHER, views={MOTHER: None, FATHER: "no_view"}),
    )
    code = {"leeds": "LD-ASK-PARENTS", "brent": "BR-ASK-PARENTS"}[policy]
    action = next(r for r in d.actions if r.code == code)
    assert action.about == ("Dana Whitfield", "Sam Whitfield")
    assert action.text.startswith(
        "Ask Dana Whitfield and Sam Whitfield whether they agree to Grace Whitfield recording."
    )


def test_who_names_every_objector_in_order() -> None:
    d = decide(
        load_profile("hackney"),
        build(views={TEACHER: "objects", HEALTH_VISITOR: "objects", FATHER: "objects"}),
    )
    noted = next(r for r in d.reasons if r.code == "HX-PROFESSIONAL-OBJECTION-NOTED")
    assert noted.about == ("Dr Asha Patel", "Kemi Adeyemi")
    assert noted.text.startswith("Dr Asha Patel and Kemi Adeyemi objected to the recording.")
    parent = next(r for r in d.reasons if r.code == "HX-OTHER-PARENT-OBJECTS")
    assert parent.about == ("Sam Whitfield",)


@pytest.mark.parametrize(
    ("policy", "code"),
    [
        ("hertfordshire", "HT-NOT-ELIGIBLE"),
        ("hackney", "HX-PROFESSIONAL-NOT-COVERED"),
        ("leeds", "LD-PROFESSIONAL-NOT-COVERED"),
        ("brent", "BR-PROFESSIONAL-NOT-COVERED"),
    ],
)
def test_a_reason_about_the_requester_names_them(policy: str, code: str) -> None:
    d = decide(load_profile(policy), build(requester=TEACHER))
    reason = next(r for r in d.reasons if r.code == code)
    assert "Kemi Adeyemi" in reason.text
    assert "someone" not in reason.text


@pytest.mark.parametrize("case", ROWS, ids=[r.id for r in ROWS])
def test_every_placeholder_is_filled_and_the_decision_round_trips(case: Row) -> None:
    d = decide(load_profile(case.policy), build(**case.given))
    data = d.to_dict()
    assert json.loads(json.dumps(data)) == data
    text = d.to_text()
    assert text == render_text(data)
    for reason in (*d.reasons, *d.conditions, *d.actions):
        assert f"({reason.code})" in text
        assert reason.cites.clause in text
    for reason in (*d.reasons, *d.conditions, *d.actions):
        assert "{" not in reason.text, reason.code
        assert "}" not in reason.text, reason.code
        assert f"{reason.text} ({reason.code})" in text
    for reason in (r for i in d.items for r in i.reasons):
        assert "{" not in reason.text, reason.code
        assert "}" not in reason.text, reason.code
        cited = f"{reason.cites.seed} §{reason.cites.section}"
        assert f"{reason.text} ({reason.code}, {cited})" in text
    for item in d.items:
        assert item.title in text
    assert d.decided_by in text


def test_the_split_attendance_plan_in_words() -> None:
    d = decide(load_profile("leeds"), build(views={FATHER: "objects"}))
    assert d.split_attendance is not None
    assert d.split_attendance.steps() == [
        "Sam Whitfield attends, gives their views and leaves the meeting. Nothing is recorded.",
        "Dana Whitfield then attends and may record that part of the meeting.",
        "The chair minutes the arrangement and why it was needed.",
    ]
    assert "Split attendance plan:\n  1. Sam Whitfield attends" in d.to_text()


def test_the_split_attendance_plan_with_two_objectors() -> None:
    d = decide(
        load_profile("leeds"),
        build(
            requester=FATHER,
            extra_pr=[(GRANDMOTHER, JADE)],
            also_attending=[GRANDMOTHER],
            views={MOTHER: "objects", GRANDMOTHER: "objects"},
        ),
    )
    assert d.split_attendance is not None
    assert d.split_attendance.not_recording == ("Dana Whitfield", "Grace Whitfield")
    assert d.split_attendance.steps()[0] == (
        "Dana Whitfield and Grace Whitfield attend, give their views and leave the meeting. "
        "Nothing is recorded."
    )


def test_the_summary_says_the_outcome_plainly() -> None:
    allowed = decide(load_profile("hackney"), build())
    refused = decide(load_profile("hackney"), build(declaration="revoked"))
    referred = decide(load_profile("brent"), build())
    assert allowed.summary == "Dana Whitfield may record the meeting, on the conditions below."
    assert refused.summary == "Dana Whitfield may not record the meeting."
    assert referred.summary == (
        "The decision is for the chair or team manager, consulted by the social worker, "
        "on the grounds below."
    )
    assert "Outcome: Refused." in refused.to_text()
    assert "Conditions if the recording goes ahead" not in refused.to_text()


def test_a_meeting_without_an_agenda_has_no_items() -> None:
    d = decide(load_profile("hackney"), build(agenda=()))
    assert d.items == ()
    assert "Agenda:" not in d.to_text()
