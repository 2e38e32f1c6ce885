"""The demo conference as the chair's meeting mode logs it (arrivals, the recording, agenda
items, a pause), and a fake transcript of it in the shape transcripts will expose."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from onrecord.cases.models import AgendaItem, Attendee, Meeting
from onrecord.meetings.models import MeetingEvent
from onrecord.minutes import services
from onrecord.minutes.models import MinutesVersion
from onrecord.speech.types import Word
from tests.minutes.records import FakeTranscript, words
from tests.support.personas import World

START = dt.datetime(2025, 3, 4, 10, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return START + dt.timedelta(minutes=minutes)


def run_meeting(world: World) -> None:
    meeting = world.meeting
    chair = world.users["chair"]
    people = {a.role: a for a in Attendee.objects.filter(meeting=meeting)}
    items = {i.position: i for i in AgendaItem.objects.filter(meeting=meeting)}
    log: list[tuple[dt.datetime, str, dict[str, Any]]] = [
        (at(0), "meeting_started", {}),
        *[
            (at(0), "arrived", {"attendee": people[role]})
            for role in ("Chair", "Social worker", "Mother", "School nurse")
        ],
        (at(1), "recording_started", {}),
        (at(2), "item_started", {"agenda_item": items[1]}),
        (at(20), "item_started", {"agenda_item": items[2]}),
        (at(40), "item_started", {"agenda_item": items[3]}),
        (at(40), "recording_paused", {"reason": "sensitive_item"}),
        (at(50), "recording_resumed", {}),
        (at(50), "item_started", {"agenda_item": items[4]}),
        (at(60), "item_started", {"agenda_item": items[5]}),
        (at(70), "recording_stopped", {"reason": "meeting_ended"}),
        (at(70), "meeting_ended", {}),
    ]
    for seq, (when, kind, extra) in enumerate(log, start=1):
        MeetingEvent.objects.create(meeting=meeting, seq=seq, kind=kind, at=when, by=chair, **extra)


def transcript_of(meeting: Meeting) -> FakeTranscript:
    """Recorder from 10:01: the chair opens item 1, the mother speaks in item 2 (10:25)."""
    spoken: list[Word] = [
        *words(0, 90, "Good morning this conference is being recorded"),
        *words(1, 1440, "Jade is doing better at school", unsure=("school",)),
    ]
    return FakeTranscript(
        words=tuple(spoken),
        speaker_names={0: "Priya Shah", 1: "Dana Whitfield"},
        speaker_roles={0: "Chair", 1: "Mother"},
        version=2,
        recording_id="rec-demo",
    )


@pytest.fixture
def ran(world: World) -> World:
    run_meeting(world)
    return world


@pytest.fixture
def drafted(ran: World) -> MinutesVersion:
    return services.generate(
        ran.meeting, by=ran.users["social_worker"], transcript_source=transcript_of
    )
