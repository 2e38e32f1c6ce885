"""The introductions round on the meeting's clock (issue 17): each tap is an event in the
meeting's log, and `stretches` gives each person's start and end as offsets from the start of
the meeting, for the speech pipeline to line up with the council's recording."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onrecord.meetings import bulk, introductions
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import EventRefused, Kind
from tests.meetings.test_bulk_actions import HERE, ids
from tests.meetings.test_meeting_mode import attendee
from tests.support.personas import World

T0 = timezone.make_aware(dt.datetime(2026, 12, 7, 10, 0))


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_each_tap_is_logged_and_gives_a_stretch(world: World) -> None:
    chair = world.users["chair"]
    bulk.arrived(world.meeting, chair, ids(world, HERE), start=True, now=at(0))
    introductions.introduce(world.meeting, chair, attendee(world, "Priya Shah").pk, now=at(5))
    introductions.introduce(world.meeting, chair, attendee(world, "Tom Bennett").pk, now=at(21))
    introductions.introduce(
        world.meeting, chair, attendee(world, "Dana Whitfield").pk, now=at(30.5)
    )
    introductions.introductions_done(world.meeting, chair, now=at(44))
    logged = MeetingEvent.objects.filter(kind=Kind.INTRODUCED.value).order_by("seq")
    assert [e.detail.get("attendee") for e in logged] == [
        "Priya Shah",
        "Tom Bennett",
        "Dana Whitfield",
        None,
    ]
    found = introductions.stretches(world.meeting)
    assert [(s.name, s.start_offset, s.end_offset) for s in found] == [
        ("Priya Shah", 5.0, 21.0),
        ("Tom Bennett", 21.0, 30.5),
        ("Dana Whitfield", 30.5, 44.0),
    ]
    assert found[0].attendee_id == attendee(world, "Priya Shah").pk
    assert found[0].started_at == at(5)


def test_the_last_stretch_is_open_until_something_else_happens(world: World) -> None:
    chair = world.users["chair"]
    bulk.arrived(world.meeting, chair, ids(world, HERE), start=True, now=at(0))
    introductions.introduce(world.meeting, chair, attendee(world, "Priya Shah").pk, now=at(3))
    (only,) = introductions.stretches(world.meeting)
    assert (only.start_offset, only.end_offset, only.ended_at) == (3.0, None, None)
    item = world.meeting.agenda_items.get(position=1)
    bulk.next_item(world.meeting, chair, item.pk, now=at(9))
    (only,) = introductions.stretches(world.meeting)
    assert only.end_offset == 9.0


def test_only_someone_here_in_a_running_meeting_is_introduced(world: World) -> None:
    chair = world.users["chair"]
    with pytest.raises(EventRefused, match="has not started"):
        introductions.introduce(world.meeting, chair, attendee(world, "Priya Shah").pk)
    bulk.arrived(world.meeting, chair, ids(world, HERE), start=True)
    with pytest.raises(EventRefused, match="Dan Pryce is not here"):
        introductions.introduce(world.meeting, chair, attendee(world, "Dan Pryce").pk)
    with pytest.raises(EventRefused, match="not on this meeting's attendee list"):
        introductions.introduce(world.meeting, chair, -1)
    assert not MeetingEvent.objects.filter(kind=Kind.INTRODUCED.value).exists()


def test_stretches_of_a_log_without_a_start_count_from_the_first_tap() -> None:
    log = [(at(2), 7, "A", Kind.INTRODUCED), (at(6), None, "", Kind.INTRODUCED)]
    (one,) = introductions.stretches_of_log(log)
    assert (one.attendee_id, one.start_offset, one.end_offset) == (7, 0.0, 4.0)
