"""When the engine cannot transcribe: a clear reason in plain English on the transcript, no
version at all (never a half-written transcript), no checkpoints left, and no retry.

These run the job with the fake engine (tests/transcripts/conftest.py), which is told to fail
or to find no words: they check what the job does with such an answer. The same through the real
decoder and models, on a damaged file and on silence: test_real_audio.py and
test_real_pipeline.py (slow)."""

from __future__ import annotations

import pytest

from onrecord.jobs.models import Job
from onrecord.speech.types import SpeechError
from onrecord.transcripts import jobs, services
from onrecord.transcripts.models import Transcript, TranscriptVersion, TranscriptWindow
from onrecord.vault.ingest import default_store
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, job_of, run_jobs

pytestmark = pytest.mark.django_db


def _failed(world: World, recording: Recording) -> Transcript:
    transcript = services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.FAILED
    assert transcript.finished_at is not None
    assert not TranscriptVersion.objects.filter(transcript=transcript).exists()
    assert not TranscriptWindow.objects.filter(transcript=transcript).exists()
    assert services.current_transcript(world.meeting) is None
    job = job_of(transcript)
    assert (job.status, job.attempts) == ("done", 1), "an undecodable file is not retried"
    return transcript


def test_an_engine_decode_error_fails_with_its_reason(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    engine.decode_error = "The recording could not be decoded: its audio data is damaged."
    transcript = _failed(world, recording)
    assert transcript.error == "The recording could not be decoded: its audio data is damaged."


def test_an_engine_that_finds_no_words_fails_rather_than_giving_an_empty_transcript(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    engine.script = [[], [], []]
    transcript = _failed(world, recording)
    assert transcript.error == jobs.NO_SPEECH
    assert transcript.error.startswith("No speech was found in this recording")


def test_a_failure_half_way_leaves_no_checkpoints_and_no_version(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    original = engine.run

    def fails_on_the_last_window(*args: object, **kwargs: object) -> object:
        kwargs = dict(kwargs)
        on_window = kwargs["on_window"]

        def on_window_then_fail(window: object) -> None:
            on_window(window)  # type: ignore[operator]
            if getattr(window, "index", 0) == 2:
                raise SpeechError("The audio stops part-way through: the file is cut short.")

        kwargs["on_window"] = on_window_then_fail
        return original(*args, **kwargs)  # type: ignore[arg-type]

    engine.run = fails_on_the_last_window  # type: ignore[method-assign,assignment]
    transcript = _failed(world, recording)
    assert "cut short" in transcript.error


def test_a_damaged_vault_blob_fails_with_an_integrity_reason(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    store = default_store()
    path = store.root / recording.blob_name  # type: ignore[attr-defined]
    damaged = bytearray(path.read_bytes())
    damaged[-5] ^= 0xFF
    path.chmod(0o600)
    path.write_bytes(bytes(damaged))
    transcript = _failed(world, recording)
    assert transcript.error.startswith("The recording could not be read from the vault")
    assert engine.transcribed == []


def test_an_unexpected_error_is_retried_then_reported(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("model file truncated")

    engine.run = broken  # type: ignore[method-assign,assignment]
    transcript = services.request_transcription(recording, by=world.users["chair"])
    job = job_of(transcript)
    for _ in range(job.max_attempts):
        Job.objects.filter(pk=job.pk).update(run_after=job.created_at)
        run_jobs()
    transcript.refresh_from_db()
    job.refresh_from_db()
    assert job.status == "failed"
    assert transcript.status == Transcript.Status.FAILED
    assert transcript.error.startswith("Transcription stopped with an unexpected error")
    assert not TranscriptVersion.objects.exists()
