"""The introductions round read from the meeting's log, and the speakers it enrolled suggested
by name on the naming page (a voice that matched nobody gets no suggestion)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterator
from typing import Any

import pytest

from onrecord.audit.context import Actor, acting_as
from onrecord.cases.models import Attendee
from onrecord.meetings.models import MeetingEvent
from onrecord.speech import audio, pipeline
from onrecord.speech.enrol import Introduction
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.transcripts import jobs, services
from onrecord.transcripts.introductions import introductions
from onrecord.transcripts.models import Transcript
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from tests.speech.helpers import wav_bytes
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


@pytest.fixture
def tone_engine() -> Iterator[None]:
    """The real pipeline (windows, diarization, enrolment) with the model-free stand-ins: each
    tone pitch is one voice."""
    previous = jobs.use_engine(
        lambda model: jobs.Engine(
            windows=functools.partial(audio.windows, seconds=8, overlap=3),
            transcriber=FakeTranscriber(),
            embedder=FakeEmbedder(),
            run=pipeline.run,
        )
    )
    yield
    jobs.use_engine(previous)


def test_the_job_names_speakers_from_the_introductions_round(
    world: World, tone_engine: None
) -> None:
    # present in arrival order: chair, social worker, mother; the mother speaks first, so the
    # order-based suggestion would call her the chair
    record_attendance(world, ("Chair", "Social worker", "Mother"))
    turns = [500, 1200, 800, 500, 1200, 800]
    bursts: list[tuple[float, float, float]] = []
    starts: list[float] = []
    t = 0.5
    for hz in turns:
        starts.append(t)
        for _ in range(6):
            bursts.append((t, t + 0.35, hz))
            t += 0.5
        t += 0.8
    chair, worker, mother = (
        _attendee(world, "Chair"),
        _attendee(world, "Social worker"),
        _attendee(world, "Mother"),
    )
    for seq, (who, start) in enumerate(zip([mother, chair, worker], starts, strict=False), 10):
        _intro(world, seq, who, {"start_s": start, "end_s": start + 2.9})
    user = world.users["chair"]
    with acting_as(Actor(user.pk, user.username, user.role, "10.0.0.7")):
        recording = ingest(
            io.BytesIO(wav_bytes(tone_audio(bursts, t + 0.5))),
            meeting=world.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=user,
            original_filename="conference.wav",
        )
    transcript = transcribed(world, recording)
    assert transcript.enrolled == {"0": mother.pk, "1": chair.pk, "2": worker.pk}
    assert services.suggestions(transcript) == {0: mother, 1: chair, 2: worker}
