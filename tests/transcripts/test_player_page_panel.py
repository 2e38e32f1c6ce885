"""The recording's player page: the transcript panel (button, progress, failure reason, link)
for staff who may read it, the text alternative pointing to the transcript once there is one,
and nothing of it for family members listening to their own copy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.jobs.models import Job
from onrecord.transcripts import services
from onrecord.transcripts.models import Transcript
from onrecord.vault.models import Recording
from tests.support.parent_copies import store_copy
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, job_of, run_jobs
from tests.vault import audio

pytestmark = pytest.mark.django_db


def _page(world: World, persona: str, recording: Recording) -> str:
    response = world.client_for(persona).get(reverse("recording_player", args=[recording.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_follows_the_transcription(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    page = _page(world, "chair", recording)
    assert "This recording has not been transcribed." in page
    assert "Transcribe this recording" in page
    assert "There is no written transcript of it yet" in page

    transcript = services.request_transcription(recording, by=world.users["chair"])
    Job.objects.filter(pk=job_of(transcript).pk).update(progress=40)
    Transcript.objects.filter(pk=transcript.pk).update(status="running")
    page = _page(world, "chair", recording)
    assert "Transcribing… 40%" in page
    assert 'value="40"' in page
    assert "Transcribe this recording" not in page  # one at a time

    run_jobs()
    page = _page(world, "team_manager", recording)
    editor = reverse("transcript_editor", args=[transcript.pk])
    assert f'href="{editor}">Open the transcript' in page
    assert "There is no written transcript of it yet" not in page
    assert "Its written transcript is" in page
    assert "Transcribe it again" in page
    # Legal read it but do not start one.
    page = _page(world, "legal", recording)
    assert "Open the transcript" in page
    assert "Transcribe it again" not in page


def test_a_failure_shows_its_reason(world: World, recording: Recording, engine: FakeEngine) -> None:
    engine.script = [[], [], []]
    services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    page = _page(world, "chair", recording)
    assert "The latest transcription failed" in page
    assert "No speech was found in this recording" in page
    assert "Transcribe this recording" in page


def test_a_family_member_sees_no_transcript_panel(world: World, engine: FakeEngine) -> None:
    own = store_copy(world, "mother", audio.wav(seconds=3.0)).recording
    services.request_transcription(own, by=world.users["social_worker"])
    run_jobs()
    page = _page(world, "mother", own)
    assert 'id="transcript"' not in page
    assert "Open the transcript" not in page
    assert "There is no written transcript of it yet" in page
