"""The chair's actions on many at once (issue 17): everyone ticked is here and the meeting
starts; everyone present agrees unless marked otherwise; the next item with the recording
resumed. Each is one transaction through the state machine: the same rules apply as one
person at a time (a newcomer after consent pauses and asks again, a sensitive item pauses), and
if any part is refused nothing is written."""

from __future__ import annotations

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.meetings import bulk, event_log
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Event, EventRefused, Kind
from tests.browser.journeys import allowed_with_signed_declaration
from tests.meetings.rules import room_under
from tests.meetings.test_meeting_mode import attendee
from tests.support.personas import World

HERE = ["Priya Shah", "Tom Bennett", "Dana Whitfield", "Amira Hassan"]


def ids(world: World, names: list[str]) -> list[int]:
    return [attendee(world, n).pk for n in names]


def kinds() -> list[str]:
    return list(MeetingEvent.objects.order_by("seq").values_list("kind", flat=True))


def started_and_agreed(world: World) -> None:
    allowed_with_signed_declaration(world)
    bulk.arrived(world.meeting, world.users["chair"], ids(world, HERE), start=True)
    bulk.consent_round(world.meeting, world.users["chair"])


def test_everyone_ticked_arrives_then_the_meeting_starts(world: World) -> None:
    rows = bulk.arrived(world.meeting, world.users["chair"], ids(world, HERE), start=True)
    assert [r.kind for r in rows] == ["arrived"] * 4 + ["meeting_started"]
    assert sorted(r.detail["attendee"] for r in rows[:4]) == sorted(HERE)
    assert attendee(world, "Dan Pryce").attended_from is None
    assert all(attendee(world, n).attended_from is not None for n in HERE)
    # Each event has its audit entry, written with it.
    audited = AuditEvent.objects.filter(object_type="meetings.meetingevent", action="create")
    assert audited.count() == 5


def test_nobody_ticked_is_refused_unless_starting(world: World) -> None:
    with pytest.raises(EventRefused, match="Tick who is here"):
        bulk.arrived(world.meeting, world.users["chair"], [])
    assert kinds() == []
    assert [r.kind for r in bulk.arrived(world.meeting, world.users["chair"], [], start=True)] == [
        "meeting_started"
    ]


def test_someone_not_on_the_list_refuses_the_whole_action(world: World) -> None:
    here = [*ids(world, HERE), -1]
    with pytest.raises(EventRefused, match="not on this meeting's attendee list"):
        bulk.arrived(world.meeting, world.users["chair"], here, start=True)
    assert kinds() == []


def test_everyone_present_agrees_except_those_marked(world: World) -> None:
    bulk.arrived(world.meeting, world.users["chair"], ids(world, HERE), start=True)
    rows = bulk.consent_round(world.meeting, world.users["chair"], ids(world, ["Amira Hassan"]))
    written = [(r.kind, r.detail["attendee"]) for r in rows]
    assert [k for k, _ in written].count("consent_asked") == 4
    assert ("consent_refused", "Amira Hassan") in written
    assert sorted(who for k, who in written if k == "consent_given") == sorted(
        n for n in HERE if n != "Amira Hassan"
    )


def test_someone_marked_who_is_not_here_is_refused(world: World) -> None:
    bulk.arrived(world.meeting, world.users["chair"], ids(world, HERE), start=True)
    before = kinds()
    with pytest.raises(EventRefused, match="Dan Pryce is not here"):
        bulk.consent_round(world.meeting, world.users["chair"], ids(world, ["Dan Pryce"]))
    assert kinds() == before


def test_a_late_arrival_pauses_and_the_round_resumes(world: World) -> None:
    room_under(world, "hertfordshire")  # 2.11: someone joins, stop and ask everyone again
    started_and_agreed(world)
    event_log.act(world.meeting, Event(Kind.RECORDING_STARTED), world.users["chair"])
    rows = bulk.arrived(world.meeting, world.users["chair"], ids(world, ["Dan Pryce"]))
    assert [r.kind for r in rows] == ["arrived", "recording_paused", "reconsent_required"]
    rows = bulk.consent_round(world.meeting, world.users["chair"], resume=True)
    assert rows[-1].kind == "recording_resumed"
    assert [r.kind for r in rows].count("consent_given") == 5


def test_a_round_whose_resume_is_refused_writes_no_answers(world: World) -> None:
    room_under(world, "leeds")  # (d): the sensitive item pauses the recording
    started_and_agreed(world)
    event_log.act(world.meeting, Event(Kind.RECORDING_STARTED), world.users["chair"])
    health = world.meeting.agenda_items.get(position=3)
    bulk.next_item(world.meeting, world.users["chair"], health.pk)  # sensitive: paused
    bulk.arrived(world.meeting, world.users["chair"], ids(world, ["Dan Pryce"]))
    before = kinds()
    with pytest.raises(EventRefused, match="This agenda item may not be recorded"):
        bulk.consent_round(world.meeting, world.users["chair"], resume=True)
    assert kinds() == before  # not even the answers: the round is one action
    rows = bulk.consent_round(world.meeting, world.users["chair"])
    assert "recording_resumed" not in [r.kind for r in rows]


def test_resume_when_not_paused_is_refused_and_nothing_written(world: World) -> None:
    started_and_agreed(world)
    before = kinds()
    with pytest.raises(EventRefused, match="not paused"):
        bulk.consent_round(world.meeting, world.users["chair"], resume=True)
    assert kinds() == before


def test_next_item_resumes_after_the_sensitive_one(world: World) -> None:
    room_under(world, "leeds")  # (d): the sensitive item pauses the recording
    started_and_agreed(world)
    event_log.act(world.meeting, Event(Kind.RECORDING_STARTED), world.users["chair"])
    health = world.meeting.agenda_items.get(position=3)
    rows = bulk.next_item(world.meeting, world.users["chair"], health.pk)
    assert [r.kind for r in rows] == ["item_started", "recording_paused"]
    # Resuming straight into another sensitive item is refused, with nothing written.
    with pytest.raises(EventRefused):
        bulk.next_item(world.meeting, world.users["chair"], health.pk, resume=True)
    leo = world.meeting.agenda_items.get(position=4)
    rows = bulk.next_item(world.meeting, world.users["chair"], leo.pk, resume=True)
    assert [r.kind for r in rows] == ["item_started", "recording_resumed"]
