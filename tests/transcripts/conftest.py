"""Fixtures for transcripts: the demo conference's own recording in the real vault, and a
speech engine made of fakes (a scripted transcriber, windows over the decrypted WAV, and a
pipeline that follows the contract of onrecord/speech: resume after the stored windows, a
checkpoint per finished window, progress as it goes)."""

from __future__ import annotations

import datetime as dt
import io
import wave
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

import numpy as np
import pytest

from onrecord.cases.models import Attendee
from onrecord.jobs import queue
from onrecord.jobs.models import Job
from onrecord.meetings.models import MeetingEvent
from onrecord.speech.types import (
    SAMPLE_RATE,
    Audio,
    AudioWindows,
    Gap,
    Overlap,
    SpeechError,
    TranscriptResult,
    VoiceSample,
    WindowResult,
    Word,
)
from onrecord.transcripts import jobs, services
from onrecord.transcripts.models import Transcript
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.support.recordings import store_conference_recording

WINDOW_SECONDS = 1.0
PRESENT = ("Chair", "Social worker", "Mother")

# What each one-second window "says": (text, probability, speaker) per word.
SCRIPT: list[list[tuple[str, float, int]]] = [
    [(" This", 0.95, 0), (" meeting", 0.97, 0), (" is", 0.99, 0), (" recorded.", 0.96, 0)],
    [(" Thank", 0.9, 1), (" you,", 0.92, 1), (" I", 0.8, 1), (" agree.", 0.3, 1)],
    [(" Jade", 0.88, 2), (" is", 0.91, 2), (" doing", 0.41, 2), (" well.", 0.93, 2)],
]

PERSONAS = [
    "chair",
    "social_worker",
    "team_manager",
    "legal",
    "outsider",
    "other_authority",
    "mother",
    "father_of_jade",
    "nurse",
    "other_family",
    "admin",
]


class Killed(BaseException):
    """The worker process dying mid-job: nothing after it runs, nothing is caught."""


@dataclass
class FakeEngine:
    script: list[list[tuple[str, float, int]]] = field(default_factory=lambda: SCRIPT)
    transcribed: list[int] = field(default_factory=list)
    kill_after: int | None = None  # die once this many windows are transcribed in this run
    decode_error: str | None = None
    name: str = "fake-whisper (test)"
    # speech heard but not transcribed: each window carries those starting in it
    gaps: tuple[Gap, ...] = ()
    # two people speaking at once: each window carries those starting in it
    overlaps: tuple[Overlap, ...] = ()
    asked: dict[str, int | None] = field(default_factory=dict)  # the speaker count and bound

    def windows(self, reader: IO[bytes]) -> AudioWindows:
        data = reader.read()
        if self.decode_error or not data.startswith(b"RIFF"):
            raise SpeechError(self.decode_error or "The recording could not be decoded as audio.")
        with wave.open(io.BytesIO(data)) as wav:
            samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        pcm = (samples.astype(np.float32) / 32768.0).astype(np.float32)
        step = int(WINDOW_SECONDS * SAMPLE_RATE)

        def read(start_index: int) -> Iterator[tuple[int, float, Audio]]:
            for index in range(start_index, (len(pcm) + step - 1) // step):
                yield index, index * WINDOW_SECONDS, pcm[index * step : (index + 1) * step]

        return read

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:  # pragma: no cover - unused
        raise NotImplementedError

    def embed(self, audio: Audio, speech: Sequence[tuple[float, float]]) -> list[VoiceSample]:
        return []

    def run(
        self,
        windows: AudioWindows,
        transcriber: Any,
        embedder: Any,
        *,
        speakers: int | None = None,
        most: int | None = None,
        resume: Sequence[WindowResult],
        on_window: Callable[[WindowResult], None],
        on_progress: Callable[..., None],
    ) -> TranscriptResult:
        self.asked = {"speakers": speakers, "most": most}
        done = list(resume)
        total = len(self.script)
        for index, offset, pcm in windows(len(done)):
            if self.kill_after is not None and len(self.transcribed) >= self.kill_after:
                raise Killed
            self.transcribed.append(index)
            scripted = self.script[index] if index < len(self.script) else []
            step = WINDOW_SECONDS / max(1, len(scripted))
            words = tuple(
                Word(offset + k * step, offset + (k + 1) * step - 0.05, text, p, speaker)
                for k, (text, p, speaker) in enumerate(scripted)
            )
            end = offset + len(pcm) / SAMPLE_RATE
            heard = tuple(g for g in self.gaps if offset <= g.start < end)
            both = tuple(o for o in self.overlaps if offset <= o.start < end)
            window = WindowResult(index, offset, end, words, (), gaps=heard, overlaps=both)
            on_window(window)
            done.append(window)
            on_progress(index + 1, total)
        every = tuple(w for window in done for w in window.words)
        found = len({w.speaker for w in every})
        return TranscriptResult(
            words=every,
            speakers=speakers or found,
            duration=done[-1].end if done else 0.0,
            language="en",
            model=self.name,
            gaps=tuple(g for window in done for g in window.gaps),
            overlaps=tuple(o for window in done for o in window.overlaps),
        )


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    fake = FakeEngine()
    previous = jobs.use_engine(
        lambda model: jobs.Engine(
            windows=fake.windows, transcriber=fake, embedder=fake, run=fake.run
        )
    )
    yield fake
    jobs.use_engine(previous)


@pytest.fixture
def recording(world: World) -> Recording:
    """The conference recording made three seconds long here (tests/support's is one): the fake
    engine's three scripted one-second windows."""
    return store_conference_recording(world, seconds=3.0)


def record_attendance(world: World, roles: Sequence[str] = PRESENT) -> None:
    """The meeting's log as meeting mode writes it: these people arrived, in this order."""
    start = dt.datetime(2025, 3, 4, 10, 0, tzinfo=dt.UTC)
    events: list[tuple[str, Attendee | None]] = [("meeting_started", None)]
    events += [("arrived", Attendee.objects.get(meeting=world.meeting, role=r)) for r in roles]
    for seq, (kind, attendee) in enumerate(events, start=1):
        MeetingEvent.objects.create(
            meeting=world.meeting,
            seq=seq,
            kind=kind,
            at=start + dt.timedelta(minutes=seq),
            by=world.users["chair"],
            attendee=attendee,
        )


def run_jobs(worker: str = "worker-1") -> None:
    """Run queued jobs until none is left ready."""
    while queue.run_one(worker) is not None:
        pass


def transcribed(world: World, recording: Recording, persona: str = "chair") -> Transcript:
    """A finished transcript of the recording, made through the real job with the fakes."""
    transcript = services.request_transcription(recording, by=world.users[persona])
    run_jobs()
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.DONE, transcript.error
    return transcript


def expire_lease(job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(lease_expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))


def job_of(transcript: Transcript) -> Job:
    assert transcript.job_id is not None
    return Job.objects.get(pk=transcript.job_id)
