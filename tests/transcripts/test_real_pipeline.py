"""The job with the real speech pipeline (onrecord/speech: PyAV windows over the vault's
decrypting reader, cutting at pauses, clustering voices) and its model-free fakes (a word per
tone burst, a voice per pitch); and a silent recording through the real Whisper model."""

from __future__ import annotations

import io
import wave
from collections.abc import Iterator

import numpy as np
import pytest

from onrecord.audit.context import Actor, acting_as
from onrecord.speech import audio as speech_audio
from onrecord.speech import pipeline
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.speech.types import SAMPLE_RATE, Audio, Word
from onrecord.transcripts import jobs, services
from onrecord.transcripts.models import Transcript, TranscriptVersion, TranscriptWindow
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import Killed, expire_lease, job_of, record_attendance, run_jobs

# Slow (make test-fast leaves it out): the real Whisper model.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Two voices taking turns, five "words" each: 300 Hz and 600 Hz bursts of 0.5 s, 0.3 s apart.
BURSTS = [(0.5 + 0.8 * i, 1.0 + 0.8 * i, 300.0 if (i // 5) % 2 == 0 else 600.0) for i in range(15)]
DURATION = 13.0


def _wav(samples: Audio) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def _store(world: World, data: bytes) -> Recording:
    chair = world.users["chair"]
    with acting_as(Actor(chair.pk, chair.username, chair.role, "10.0.0.7")):
        return ingest(
            io.BytesIO(data),
            meeting=world.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=chair,
            original_filename="conference.wav",
        )


class CountingTranscriber(FakeTranscriber):
    def __init__(self) -> None:
        self.calls = 0
        self.die_on_call: int | None = None

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        self.calls += 1
        if self.calls == self.die_on_call:
            raise Killed
        return super().transcribe(audio)


@pytest.fixture
def fake_models() -> Iterator[CountingTranscriber]:
    transcriber = CountingTranscriber()
    previous = jobs.use_engine(
        lambda model: jobs.Engine(
            windows=lambda reader: speech_audio.windows(reader, seconds=4.0, overlap=1.0),
            transcriber=transcriber,
            embedder=FakeEmbedder(),
            run=pipeline.run,
        )
    )
    yield transcriber
    jobs.use_engine(previous)


def _words(transcript: Transcript) -> list[tuple[str, int | None]]:
    version = TranscriptVersion.objects.get(transcript=transcript, number=1)
    return [(w["text"], w["speaker"]) for w in version.words]


def test_two_voices_through_the_real_pipeline(
    world: World, fake_models: CountingTranscriber
) -> None:
    recording = _store(world, _wav(tone_audio(BURSTS, DURATION)))
    record_attendance(world, ("Chair", "Mother"))
    transcript = services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.DONE, transcript.error
    assert transcript.speakers == 2
    words = _words(transcript)
    assert [text for text, _ in words] == [
        " 300hz" if hz == 300.0 else " 600hz" for _, _, hz in BURSTS
    ]
    # Each pitch is one voice, whichever cluster number it got.
    voices = {text: {s for t, s in words if t == text} for text in (" 300hz", " 600hz")}
    assert all(len(v) == 1 for v in voices.values())
    assert voices[" 300hz"] != voices[" 600hz"]


def test_someone_present_who_never_speaks_adds_no_speaker(
    world: World, fake_models: CountingTranscriber
) -> None:
    """Attendance bounds the count (the job passes it as `most`), it does not force it: three
    present and two voices heard is two speakers, and the transcript says why."""
    recording = _store(world, _wav(tone_audio(BURSTS, DURATION)))
    record_attendance(world, ("Chair", "Mother", "Social worker"))
    transcript = services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.DONE, transcript.error
    assert transcript.speakers == 2
    assert (
        "2 different voices were heard among the 3 people present. Someone who did not speak has "
        "no voice; if more of them spoke, two people may share a speaker: check who said what."
    ) in transcript.notes
    assert {s for _, s in _words(transcript)} == {0, 1}


def test_a_killed_run_resumes_with_the_real_pipeline_and_gives_the_same_words(
    world: World, fake_models: CountingTranscriber
) -> None:
    recording = _store(world, _wav(tone_audio(BURSTS, DURATION)))
    transcript = services.request_transcription(recording, by=world.users["chair"])
    fake_models.die_on_call = 2  # dies while transcribing the second of its 3 windows
    with pytest.raises(Killed):
        run_jobs("dying-worker")
    assert sorted(TranscriptWindow.objects.values_list("index", flat=True)) == [0]
    expire_lease(job_of(transcript))
    fake_models.die_on_call = None
    fake_models.calls = 0
    run_jobs("healthy-worker")
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.DONE
    assert fake_models.calls == 2, "window 0 is not transcribed again"
    assert [t for t, _ in _words(transcript)] == [
        " 300hz" if hz == 300.0 else " 600hz" for _, _, hz in BURSTS
    ]


def test_a_silent_recording_through_the_real_pipeline_fails_clearly(
    world: World, fake_models: CountingTranscriber
) -> None:
    recording = _store(world, _wav(np.zeros(SAMPLE_RATE * 3, dtype=np.float32)))
    transcript = services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.FAILED
    assert transcript.error == jobs.NO_SPEECH
    assert not TranscriptVersion.objects.exists()


def test_a_silent_recording_with_the_real_whisper_model(world: World) -> None:
    """No fakes: the packaged tiny.en model, verified and loaded, hears nothing."""
    recording = _store(world, _wav(np.zeros(SAMPLE_RATE * 4, dtype=np.float32)))
    transcript = services.request_transcription(recording, by=world.users["chair"], model="tiny.en")
    run_jobs()
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.FAILED, transcript.error
    assert transcript.error == jobs.NO_SPEECH
    assert not TranscriptVersion.objects.exists()


def test_an_unknown_model_fails_with_the_engines_reason(world: World) -> None:
    recording = _store(world, _wav(tone_audio(BURSTS, DURATION)))
    transcript = services.request_transcription(recording, by=world.users["chair"], model="huge")
    run_jobs()
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.FAILED
    assert "The speech model 'huge' is neither a packaged model" in transcript.error
