"""Hertfordshire: a visit or phone call is a conversation (2.2-2.4), not a meeting (2.5-2.12),
and a professional's refusal there needs "a very valid reason" (2.4)."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord.policy import ALLOWED, FOR_DECISION_MAKER, REFUSED
from tests.policy.builders import MOTHER, SOCIAL_WORKER
from tests.policy.concepts import codes, decided, reason, view

MEETING_ONLY = (
    "HT-ON-THE-DAY-ASK-EVERYONE",  # 2.6
    "HT-ON-THE-DAY-PROFESSIONAL-OBJECTS",  # 2.8
    "HT-ON-THE-DAY-NOT-AGREED",  # 2.8
    "HT-MEETING-NOT-CANCELLED",  # 2.9
    "HT-MINUTES",  # 2.10
    "HT-CHANGED-CIRCUMSTANCES",  # 2.11
    "HT-INFORM-ATTENDEES",  # 2.5
)


def call(very_valid: bool | None) -> dict[str, Any]:
    return {
        "edit": lambda d: view(d, SOCIAL_WORKER, stance="objects", very_valid_reason=very_valid),
        "meeting_kind": "phone_call",
        "attendees": [SOCIAL_WORKER, MOTHER],
        "timing": "on_the_day",
    }


def test_refused_for_a_very_valid_reason_with_a_case_note() -> None:
    # 002 §2.4: "(for which there would need to be a very valid reason) the conversation may
    # continue but with the understanding that the recording device will not be used. The staff
    # member should keep a written case note record of denying permission and the reason why."
    d = decided("hertfordshire", **call(True))
    assert d.outcome == REFUSED
    assert reason(d, "HT-CONVERSATION-REFUSED").about == ("Tom Bennett",)
    assert "HT-CONVERSATION-CASE-NOTE" in codes(d)
    assert not codes(d) & set(MEETING_ONLY)
    assert d.decided_by == "the Children's Services professional in the conversation"


@pytest.mark.parametrize("very_valid", [False, None])
def test_without_a_very_valid_reason_the_decision_maker_decides(very_valid: bool | None) -> None:
    d = decided("hertfordshire", **call(very_valid))
    assert d.outcome == FOR_DECISION_MAKER
    needed = reason(d, "HT-CONVERSATION-REASON-NEEDED")
    assert needed.interpretation is not None
    assert "HT-CONVERSATION-REFUSED" not in codes(d)
    assert not codes(d) & set(MEETING_ONLY)


def test_agreed_the_professional_records_giving_permission() -> None:
    # 002 §2.3: "the staff member should keep a record (which may be an audio record as part of
    # the recording) of granting permission to the parent or carer."
    d = decided("hertfordshire", meeting_kind="home_visit", attendees=[SOCIAL_WORKER, MOTHER])
    assert d.outcome == ALLOWED
    assert {"HT-CONVERSATION-TELL-FIRST", "HT-CONVERSATION-RECORD-PERMISSION"} <= codes(d)


def test_in_a_meeting_the_conversation_rules_do_not_apply() -> None:
    d = decided(
        "hertfordshire",
        lambda d: view(d, SOCIAL_WORKER, very_valid_reason=True, stance="objects"),
        meeting_kind="core_group",
        timing="on_the_day",
    )
    assert d.outcome == REFUSED
    assert "HT-ON-THE-DAY-PROFESSIONAL-OBJECTS" in codes(d)  # 2.8
    assert not {c for c in codes(d) if c.startswith("HT-CONVERSATION")}
