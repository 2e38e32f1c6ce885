"""A recording disposed of under the retention schedule (its key destroyed) cannot be
transcribed: asking is refused, and a job already queued fails saying so, without retrying."""

from __future__ import annotations

import pytest
from django.utils import timezone

from onrecord.transcripts import services
from onrecord.transcripts.models import Transcript, TranscriptVersion
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, job_of, run_jobs

pytestmark = pytest.mark.django_db


def _dispose(recording: Recording) -> None:
    # What disposal does to the row (onrecord/retention/disposal.py): the key goes, the date stays.
    recording.disposed_at = timezone.now()
    recording.wrapped_key = b""
    recording.save(update_fields=["disposed_at", "wrapped_key"])


def test_a_queued_transcription_of_a_disposed_recording_fails_plainly(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    transcript = services.request_transcription(recording, by=world.users["chair"])
    _dispose(recording)
    run_jobs()
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.FAILED
    assert transcript.error.startswith(
        "The recording can no longer be transcribed. This recording was disposed of on"
    )
    assert engine.transcribed == []
    assert not TranscriptVersion.objects.exists()
    assert job_of(transcript).attempts == 1


def test_asking_to_transcribe_a_disposed_recording_is_refused(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    _dispose(recording)
    with pytest.raises(services.TranscriptionRefused, match="disposed of"):
        services.request_transcription(recording, by=world.users["chair"])
    assert not Transcript.objects.exists()
