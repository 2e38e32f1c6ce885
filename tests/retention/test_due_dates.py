"""The pure rule: record type and children's dates of birth to a disposal date."""

from __future__ import annotations

import datetime as dt

from onrecord.retention import schedule as retention
from onrecord.retention.schedule import ChildFacts, due_date

DEFAULTS = retention.load_schedule(None)
MEETING_ON = dt.date(2025, 3, 4)


def due(
    meeting_kind: str,
    *children: ChildFacts,
    recording_kind: str = "authority",
    schedule: retention.Schedule = DEFAULTS,
) -> retention.Due:
    return due_date(
        schedule,
        recording_kind=recording_kind,
        meeting_kind=meeting_kind,
        meeting_on=MEETING_ON,
        children=list(children),
    )


def test_child_protection_is_kept_to_the_26th_birthday() -> None:
    result = due("child_protection_conference", ChildFacts(dt.date(2015, 6, 1)))
    assert result.record_type == "child_protection"
    assert result.due_on == dt.date(2041, 6, 1)
    assert "26th birthday" in result.rule.describe()


def test_looked_after_review_is_kept_to_the_75th_birthday() -> None:
    result = due("looked_after_child_review", ChildFacts(dt.date(2012, 1, 9), looked_after=True))
    assert result.record_type == "looked_after_review"
    assert result.due_on == dt.date(2087, 1, 9)
    assert "reg. 50" in result.rule.source


def test_the_latest_date_wins_when_a_meeting_concerns_several_children() -> None:
    older, younger = ChildFacts(dt.date(2010, 2, 2)), ChildFacts(dt.date(2019, 11, 30))
    assert due("child_in_need", older, younger).due_on == dt.date(2044, 11, 30)
    assert due("child_in_need", younger, older).due_on == dt.date(2044, 11, 30)


def test_a_looked_after_child_keeps_any_meeting_to_their_75th_birthday() -> None:
    jade = ChildFacts(dt.date(2012, 1, 9), looked_after=True)
    leo = ChildFacts(dt.date(2020, 5, 5))
    result = due("child_protection_conference", jade, leo)
    assert result.record_type == "child_protection"
    assert result.due_on == dt.date(2087, 1, 9)
    assert result.also_applied == ["looked_after_review"]


def test_an_unknown_date_of_birth_is_never_due_and_is_flagged() -> None:
    result = due("child_protection_conference", ChildFacts(dt.date(2015, 6, 1)), ChildFacts(None))
    assert result.due_on is None
    assert "date of birth of one child is not known" in result.flag


def test_a_meeting_with_no_child_recorded_is_flagged() -> None:
    result = due("strategy")
    assert result.due_on is None
    assert "no child is recorded" in result.flag


def test_a_parents_copy_is_kept_as_long_as_the_meetings_own_recording() -> None:
    child = ChildFacts(dt.date(2015, 6, 1))
    copy = due("child_protection_conference", child, recording_kind="parent_copy")
    own = due("child_protection_conference", child)
    assert copy.record_type == "parent_copy"
    assert copy.due_on == own.due_on == dt.date(2041, 6, 1)


def test_a_29_february_birthday_falls_on_1_march_never_a_day_early() -> None:
    assert due("other", ChildFacts(dt.date(2012, 2, 29))).due_on == dt.date(2037, 3, 1)


def test_a_rule_counted_from_the_meeting() -> None:
    data = {
        "record_types": {"short": {"years_after_meeting": 2, "source": "local schedule"}},
        "meeting_kinds": {"strategy": "short"},
        "looked_after_record_type": None,
    }
    schedule = retention.parse_schedule(data, "test")
    assert due("strategy", schedule=schedule).due_on == dt.date(2027, 3, 4)
