"""The introductions round read from the meeting's log, and the speakers it enrolled suggested
by name on the naming page (a voice that matched nobody gets no suggestion)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from onrecord.cases.models import Attendee
from onrecord.meetings.models import MeetingEvent
from onrecord.speech.enrol import Introduction
from onrecord.transcripts import services
from onrecord.transcripts.introductions import introductions
from onrecord.transcripts.models import Transcript
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, record_attendance, transcribed

pytestmark = pytest.mark.django_db


def _intro(world: World, seq: int, attendee: Attendee | None, detail: dict[str, Any]) -> None:
    MeetingEvent.objects.create(
        meeting=world.meeting,
        seq=seq,
        kind="introduction",
        at=dt.datetime(2025, 3, 4, 10, seq, tzinfo=dt.UTC),
        by=world.users["chair"],
        attendee=attendee,
        detail=detail,
    )


def _attendee(world: World, role: str) -> Attendee:
    return Attendee.objects.get(meeting=world.meeting, role=role)


def test_each_introduction_event_is_a_labelled_stretch_and_bad_ones_are_left_out(
    world: World,
) -> None:
    chair, mother = _attendee(world, "Chair"), _attendee(world, "Mother")
    _intro(world, 1, chair, {"start_s": 1.5, "end_s": 6.0})
    _intro(world, 2, None, {"attendee_id": mother.pk, "start_s": "7", "end_s": 12.25})
    _intro(world, 3, mother, {"start_s": 12.0})  # no end
    _intro(world, 4, mother, {"start_s": 9.0, "end_s": 8.0})  # backwards
    _intro(world, 5, mother, {"start_s": "soon", "end_s": 8.0})
    _intro(world, 6, None, {"start_s": 1.0, "end_s": 2.0})  # nobody
    assert introductions(world.meeting) == [
        Introduction(chair.pk, 1.5, 6.0),
        Introduction(mother.pk, 7.0, 12.25),
    ]


def test_enrolled_speakers_are_suggested_by_voice_not_by_order(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    record_attendance(world, ("Mother", "Social worker", "Chair"))
    transcript: Transcript = transcribed(world, recording)
    chair, mother = _attendee(world, "Chair"), _attendee(world, "Mother")
    # as the job stores it: speaker 0 sounded like the mother, 1 like nobody, 2 like the chair
    transcript.enrolled = {"0": mother.pk, "1": None, "2": chair.pk}
    transcript.save(update_fields=["enrolled"])
    assert services.suggestions(transcript) == {0: mother, 1: None, 2: chair}
