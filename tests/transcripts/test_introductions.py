"""The introductions round read from the meeting's log, and the speakers it enrolled suggested
by name on the naming page (a voice that matched nobody gets no suggestion)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterator

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


def _tap(world: World, seq: int, attendee: Attendee | None, at: dt.datetime) -> None:
    """A tap in the introductions round, as meeting mode writes it to the log."""
    MeetingEvent.objects.create(
        meeting=world.meeting,
        seq=seq,
        kind="introduced",
        at=at,
        by=world.users["chair"],
        attendee=attendee,
    )


def _attendee(world: World, role: str) -> Attendee:
    return Attendee.objects.get(meeting=world.meeting, role=role)


def test_a_tap_with_no_end_or_before_the_recording_is_left_out(world: World) -> None:
    record_attendance(world, ("Chair", "Mother"))  # the meeting started at 10:01
    chair, mother = _attendee(world, "Chair"), _attendee(world, "Mother")
    started = dt.datetime(2025, 3, 4, 10, 1, tzinfo=dt.UTC)
    recording = _uploaded(world)
    _tap(world, 10, chair, started + dt.timedelta(minutes=5))
    _tap(world, 11, mother, started + dt.timedelta(minutes=5, seconds=9))
    # the mother's stretch has no end yet (nothing logged after it): left out
    assert introductions(world.meeting, recording) == [Introduction(chair.pk, 300.0, 309.0)]


def _uploaded(world: World) -> Recording:
    user = world.users["chair"]
    with acting_as(Actor(user.pk, user.username, user.role, "10.0.0.7")):
        return ingest(
            io.BytesIO(wav_bytes(tone_audio([(0.5, 1.0, 500)], 30.0))),
            meeting=world.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=user,
            original_filename="conference.wav",
        )


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


def _introduced_meeting(world: World) -> tuple[Recording, list[Attendee]]:
    """Three tone voices introduced by the chair's taps; the chair, social worker and mother."""
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
    # the taps, on the clock of a recording started with the meeting (10:01 in the log)
    began = dt.datetime(2025, 3, 4, 10, 1, tzinfo=dt.UTC)
    for seq, (who, start) in enumerate(zip([mother, chair, worker], starts, strict=False), 10):
        _tap(world, seq, who, began + dt.timedelta(seconds=start))
    _tap(world, 13, None, began + dt.timedelta(seconds=starts[2] + 3.0))  # round finished
    user = world.users["chair"]
    with acting_as(Actor(user.pk, user.username, user.role, "10.0.0.7")):
        recording = ingest(
            io.BytesIO(wav_bytes(tone_audio(bursts, t + 0.5))),
            meeting=world.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=user,
            original_filename="conference.wav",
        )
    return recording, [chair, worker, mother]


def test_the_job_names_speakers_from_the_introductions_round(
    world: World, tone_engine: None
) -> None:
    recording, (chair, worker, mother) = _introduced_meeting(world)
    transcript = transcribed(world, recording)
    assert transcript.enrolled == {"0": mother.pk, "1": chair.pk, "2": worker.pk}
    assert services.suggestions(transcript) == {0: mother, 1: chair, 2: worker}


class _UnmatchableEmbedder(FakeEmbedder):
    """An encoder whose own suggestion threshold no voice can reach (campplus.NAME_MATCH is
    CAM++'s): the job must use it, not resemblyzer's default."""

    name_match = 1.01


def test_the_job_suggests_names_at_the_encoders_own_threshold(world: World) -> None:
    previous = jobs.use_engine(
        lambda model: jobs.Engine(
            windows=functools.partial(audio.windows, seconds=8, overlap=3),
            transcriber=FakeTranscriber(),
            embedder=_UnmatchableEmbedder(),
            run=pipeline.run,
        )
    )
    try:
        recording, _ = _introduced_meeting(world)
        transcript = transcribed(world, recording)
    finally:
        jobs.use_engine(previous)
    assert transcript.enrolled == {"0": None, "1": None, "2": None}


def test_meeting_mode_taps_are_placed_on_the_recordings_clock(world: World) -> None:
    """The chair's taps in meeting mode (onrecord/meetings/introductions.py) become stretches
    measured from when the recording began: here the meeting's start, for an uploaded one."""
    from onrecord.meetings import bulk
    from onrecord.meetings import introductions as meeting_round

    chair, mother = _attendee(world, "Chair"), _attendee(world, "Mother")
    user = world.users["chair"]
    start = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
    with acting_as(Actor(user.pk, user.username, user.role, "10.0.0.7")):
        bulk.arrived(world.meeting, user, [chair.pk, mother.pk], start=True, now=start)
        meeting_round.introduce(world.meeting, user, chair.pk, now=start + dt.timedelta(seconds=5))
        meeting_round.introduce(
            world.meeting, user, mother.pk, now=start + dt.timedelta(seconds=12)
        )
        meeting_round.introductions_done(world.meeting, user, now=start + dt.timedelta(seconds=20))
        recording = ingest(
            io.BytesIO(wav_bytes(tone_audio([(0.5, 1.0, 500)], 30.0))),
            meeting=world.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=user,
            original_filename="conference.wav",
        )
    found = introductions(world.meeting, recording)
    assert found == [Introduction(chair.pk, 5.0, 12.0), Introduction(mother.pk, 12.0, 20.0)]
    # Without a recording to place them on, taps are not guessed at.
    assert introductions(world.meeting) == []
