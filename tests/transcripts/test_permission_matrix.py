"""Who may read, start, correct and name the speakers of a transcript, by persona: staff
allocated to the case read it; the chair, social worker and team manager start one; the chair
and social worker correct it; only the chair names the speakers. Everyone else gets the same
404 as for a transcript that does not exist (or 403 where they may read it), and every refusal
is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.transcripts import services
from onrecord.transcripts.models import Transcript, TranscriptVersion
from onrecord.vault.models import Recording
from tests.support.parent_copies import assert_audited_if_refused, denied_count
from tests.support.personas import World
from tests.transcripts.conftest import PERSONAS, FakeEngine, transcribed

pytestmark = pytest.mark.django_db

READERS = {"chair", "social_worker", "team_manager", "legal"}
STARTERS = {"chair", "social_worker", "team_manager"}
EDITORS = {"chair", "social_worker"}
NAMERS = {"chair"}


def _expected(persona: str, allowed: set[str], ok: int) -> int:
    if persona in allowed:
        return ok
    return 403 if persona in READERS else 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_reading_the_transcript_and_its_exports(
    world: World, recording: Recording, engine: FakeEngine, persona: str
) -> None:
    transcript = transcribed(world, recording)
    client = world.client_for(persona)
    for url in [
        reverse("transcript_editor", args=[transcript.pk]),
        reverse("transcript_status", args=[transcript.pk]),
        reverse("transcript_export", args=[transcript.pk, "txt"]),
    ]:
        before = denied_count()
        response = client.get(url)
        expected = 200 if persona in READERS else 404
        assert response.status_code == expected, (persona, url)
        assert_audited_if_refused(world, persona, response.status_code, before)
        if expected == 404:
            assert b"Jade is doing" not in response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_starting_a_transcription(
    world: World, recording: Recording, engine: FakeEngine, persona: str
) -> None:
    before = denied_count()
    response = world.client_for(persona).post(reverse("transcript_start", args=[recording.pk]))
    # Family listen to their own copies only, so this recording is not theirs to see at all.
    expected = _expected(persona, STARTERS, 302)
    assert response.status_code == expected, persona
    assert_audited_if_refused(world, persona, response.status_code, before)
    assert Transcript.objects.exists() == (persona in STARTERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_correcting_a_passage(
    world: World, recording: Recording, engine: FakeEngine, persona: str
) -> None:
    transcript = transcribed(world, recording)
    url = reverse("transcript_passage", args=[transcript.pk, 0])
    client = world.client_for(persona)
    expected = _expected(persona, EDITORS, 200)
    assert client.get(url).status_code == expected, persona
    before = denied_count()
    response = client.post(
        url, {"text": "This meeting is being recorded.", "speaker": "0", "based_on": "1"}
    )
    assert response.status_code == _expected(persona, EDITORS, 302), persona
    assert_audited_if_refused(world, persona, response.status_code, before)
    assert TranscriptVersion.objects.filter(transcript=transcript).count() == (
        2 if persona in EDITORS else 1
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_naming_the_speakers(
    world: World, recording: Recording, engine: FakeEngine, persona: str
) -> None:
    transcript = transcribed(world, recording)
    url = reverse("transcript_speakers", args=[transcript.pk])
    client = world.client_for(persona)
    assert client.get(url).status_code == _expected(persona, NAMERS, 200), persona
    data = {f"who_{c}": "other" for c in range(3)} | {f"name_{c}": f"Person {c}" for c in range(3)}
    before = denied_count()
    response = client.post(url, data)
    assert response.status_code == _expected(persona, NAMERS, 302), persona
    assert_audited_if_refused(world, persona, response.status_code, before)
    confirmed = services.speaker_names(transcript)[0].confirmed
    assert confirmed == (persona in NAMERS)


def test_another_authoritys_chair_cannot_tell_a_transcript_exists(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    transcript = transcribed(world, recording)
    client = world.client_for("other_authority")
    real = client.get(reverse("transcript_editor", args=[transcript.pk]))
    missing = client.get(
        reverse("transcript_editor", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert real.status_code == missing.status_code == 404
