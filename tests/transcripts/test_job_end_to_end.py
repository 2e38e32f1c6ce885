"""A transcription from request to finished transcript, through the real job queue and the real
vault, with a fake speech engine: version 1 by the machine, speakers looked for up to the
number present, progress reported, the audio opened for transcription (audited) and never
changed."""

from __future__ import annotations

import hashlib

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.transcripts import services
from onrecord.transcripts.models import Transcript, TranscriptVersion, TranscriptWindow
from onrecord.vault.models import Recording
from onrecord.vault.services import open_recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, job_of, record_attendance, run_jobs
from tests.vault import audio

pytestmark = pytest.mark.django_db


def test_a_recording_is_transcribed_into_version_one(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    record_attendance(world)
    transcript = services.request_transcription(recording, by=world.users["chair"])
    assert transcript.status == Transcript.Status.QUEUED
    assert transcript.job is not None
    assert transcript.model == "base"

    run_jobs()

    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.DONE, transcript.error
    assert engine.transcribed == [0, 1, 2]
    # Three people were present: at most three voices were looked for, not exactly three.
    assert engine.asked == {"speakers": None, "most": 3}
    assert transcript.speakers == 3
    assert transcript.model_used == "fake-whisper (test)"
    version = TranscriptVersion.objects.get(transcript=transcript)
    assert (version.number, version.source, version.author) == (1, "machine", None)
    texts = "".join(w["text"] for w in version.words)
    assert texts == " This meeting is recorded. Thank you, I agree. Jade is doing well."
    assert [w["speaker"] for w in version.words] == [0] * 4 + [1] * 4 + [2] * 4
    # The checkpoints are not kept once version 1 holds every word.
    assert not TranscriptWindow.objects.filter(transcript=transcript).exists()
    job = job_of(transcript)
    assert (job.status, job.progress) == ("done", 100)


def test_the_audio_is_opened_for_transcription_audited_and_never_changed(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    before = hashlib.sha256(audio.wav(3.0)).hexdigest()
    services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    opened = AuditEvent.objects.filter(action="vault.open", object_id=str(recording.pk))
    assert [e.detail["purpose"] for e in opened] == ["transcribe"]
    recording.refresh_from_db()
    assert recording.sha256 == before
    with open_recording(recording, purpose="verify") as reader:
        assert hashlib.sha256(reader.read()).hexdigest() == before


def test_current_transcript_gives_the_minutes_the_latest_version(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    assert services.current_transcript(world.meeting) is None
    services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    current = services.current_transcript(world.meeting)
    assert current is not None
    assert current.recording_id == str(recording.pk)
    assert current.version == 1
    assert (current.words[0].text, current.words[0].speaker) == (" This", 0)
    assert current.speaker_names == {0: "Speaker 1", 1: "Speaker 2", 2: "Speaker 3"}
    assert not current.speakers_confirmed


def test_a_second_request_while_one_runs_is_refused(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    services.request_transcription(recording, by=world.users["chair"])
    with pytest.raises(services.TranscriptionRefused, match="already being transcribed"):
        services.request_transcription(recording, by=world.users["social_worker"])
    assert Transcript.objects.count() == 1


def test_without_attendance_the_engine_counts_the_voices(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    engine.script = [[(" Hello.", 0.9, 0)], [(" Hi.", 0.9, 1)], []]
    services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    transcript = Transcript.objects.get()
    assert transcript.speakers == 2
