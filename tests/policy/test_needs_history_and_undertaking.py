"""The need behind an accessibility request (Leeds a and principles; Hertfordshire 1.2 a),
whether recording has come up before (Leeds) and when the parent first knew of the meeting
(Hertfordshire 2.5), and an undertaking signed by both child and parent (Hertfordshire 1.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.policy.builders import JADE_PERSON, MEETING_START, MOTHER
from tests.policy.concepts import codes, decided, reason


def needs(*names: str) -> Any:
    return lambda d: d["request"].update(needs=list(names), purposes=["accessibility"])


def test_leeds_english_not_a_first_language_gets_additional_support() -> None:
    # 001 principles: "where English is not their first language, we will provide additional
    # support to enable the person to understand what is being said and for a record to be made
    # which they can understand"
    d = decided("leeds", needs("english_not_first_language"))
    assert {"LD-ADDITIONAL-SUPPORT", "LD-LANGUAGE-SUPPORT"} <= codes(d)
    assert "LD-REASONABLE-ADJUSTMENTS" not in codes(d)


def test_leeds_a_learning_disability_gets_the_adjustments_of_a() -> None:
    # 001 (a): "Where the reasons are to do with their disability, impairment or ability to
    # follow the discussion or to remember what has been said, ways in which to improve this for
    # them should be discussed and addressed where possible."
    d = decided("leeds", needs("learning_disability"))
    assert {"LD-REASONABLE-ADJUSTMENTS", "LD-ADDITIONAL-SUPPORT"} <= codes(d)
    assert "LD-LANGUAGE-SUPPORT" not in codes(d)


def test_hertfordshire_recognises_a_learning_disability_not_a_language() -> None:
    # 002 §1.2 a: "Where a Parent/child has a learning disability, literacy problem or specific
    # learning difficulty, or some other physical difficulty..."
    assert "HT-RECOGNISED-NEED" in codes(decided("hertfordshire", needs("learning_disability")))
    english = decided("hertfordshire", needs("english_not_first_language"))
    assert "HT-RECOGNISED-NEED" not in codes(english)
    assert reason(english, "HT-NEED-NOT-LISTED").interpretation is not None
    assert english.outcome == "allowed"


def test_leeds_when_recording_came_up_before_the_chair_asks_ahead() -> None:
    # 001 principles: "If the issue has come up at a previous meeting, the chair of the meeting
    # should be proactive in advance of the meeting or conference and ask the person who wanted
    # to record previously what they would like to do this at the meeting"
    before = decided("leeds", lambda d: d["request"].update(raised_before=True))
    assert "LD-RAISED-BEFORE" in codes(before)
    # 001 (a): "When the situation arises for the first time ... explore with them their reasons"
    assert "LD-EXPLORE-REASONS" not in codes(before)
    assert "LD-EXPLORE-REASONS" in codes(decided("leeds"))


def first_knew(hours_before: int) -> Any:
    at = MEETING_START - dt.timedelta(hours=hours_before)
    return lambda d: d["request"].update(first_knew_of_meeting_at=at.isoformat())


def test_hertfordshire_as_soon_as_they_know() -> None:
    # 002 §2.5: "It is preferable for parents and carers to make a request to record a meeting as
    # soon as they know a meeting will take place, or at least 48 hours in advance."
    late = decided("hertfordshire", first_knew(30), notice=dt.timedelta(hours=24))
    assert "HT-KNEW-LATE" in codes(late)
    assert "HT-LESS-THAN-48-HOURS" not in codes(late)
    early = decided("hertfordshire", first_knew(24 * 7), notice=dt.timedelta(hours=24))
    assert "HT-LESS-THAN-48-HOURS" in codes(early)
    assert "HT-KNEW-LATE" not in codes(early)


def test_hertfordshire_the_competent_child_signs_as_well_as_the_parent() -> None:
    # 002 §1.3: "When both the above have signed an undertaking that they will not distribute
    # the information publicly"
    d = decided("hertfordshire")
    child = reason(d, "HT-UNDERTAKING-CHILD")
    assert child.about == ("Jade Whitfield",)
    assert child.text.startswith("Before recording, Jade Whitfield also signs")
    assert child.interpretation is not None
    signed = decided("hertfordshire", lambda d: d.update(declaration_signed_by=[JADE_PERSON]))
    assert "HT-UNDERTAKING-CHILD" not in codes(signed)


def test_hertfordshire_a_parent_signs_when_the_child_asks() -> None:
    d = decided("hertfordshire", requester=JADE_PERSON)
    assert reason(d, "HT-UNDERTAKING-PARENT").about == ("Dana Whitfield", "Sam Whitfield")
    one = decided(
        "hertfordshire", lambda d: d.update(declaration_signed_by=[MOTHER]), requester=JADE_PERSON
    )
    assert "HT-UNDERTAKING-PARENT" not in codes(one)
