"""Who may correct a passage in place, by persona: the same people as on the correction page
(transcripts/permissions.py): the chair and the social worker allocated to the case. A reader
who may not correct (team manager, legal) gets an audited 403; a social worker of the same
council not allocated to the case, a chair of another authority, family members, the nurse and
the administrator get the audited 404 of a transcript that does not exist, and see none of it.
Nothing is saved for any of them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.transcripts.models import TranscriptVersion
from onrecord.vault.models import Recording
from tests.support.parent_copies import assert_audited_if_refused, denied_count
from tests.support.personas import World
from tests.transcripts.conftest import PERSONAS, FakeEngine, transcribed

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
READERS = {"chair", "social_worker", "team_manager", "legal"}
EDITORS = {"chair", "social_worker"}


def _expected(persona: str, allowed: set[str], ok: int) -> int:
    if persona in allowed:
        return ok
    return 403 if persona in READERS else 404


def test_the_personas_cover_the_brief() -> None:
    # The note-taker/chair, a social worker of another case, another authority, a family member.
    assert {"chair", "outsider", "other_authority", "mother", "father_of_jade"} <= set(PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_opening_the_form_in_place(
    world: World, recording: Recording, engine: FakeEngine, persona: str
) -> None:
    transcript = transcribed(world, recording)
    before = denied_count()
    response = world.client_for(persona).get(
        reverse("transcript_passage_edit", args=[transcript.pk, 2]), headers=HTMX
    )
    assert response.status_code == _expected(persona, EDITORS, 200), persona
    assert_audited_if_refused(world, persona, response.status_code, before)
    if persona not in EDITORS:
        assert b"Jade is doing" not in response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_saving_in_place(
    world: World, recording: Recording, engine: FakeEngine, persona: str
) -> None:
    transcript = transcribed(world, recording)
    before = denied_count()
    response = world.client_for(persona).post(
        reverse("transcript_passage_edit", args=[transcript.pk, 2]),
        {"p3-text": "Jade is doing fine.", "p3-speaker": "2", "p3-based_on": "1"},
        headers=HTMX,
    )
    assert response.status_code == _expected(persona, EDITORS, 200), persona
    assert_audited_if_refused(world, persona, response.status_code, before)
    versions = TranscriptVersion.objects.filter(transcript=transcript)
    assert versions.count() == (2 if persona in EDITORS else 1)
    if persona in EDITORS:
        assert versions.get(number=2).author == world.users[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_putting_the_passage_back(
    world: World, recording: Recording, engine: FakeEngine, persona: str
) -> None:
    """Reading one passage again (Cancel): anyone who may read the transcript."""
    transcript = transcribed(world, recording)
    before = denied_count()
    response = world.client_for(persona).get(
        reverse("transcript_passage_row", args=[transcript.pk, 2]), headers=HTMX
    )
    expected = 200 if persona in READERS else 404
    assert response.status_code == expected, persona
    assert_audited_if_refused(world, persona, response.status_code, before)
    assert (b"Jade" in response.content) == (persona in READERS)
    # Only those who may correct it are offered "Edit".
    assert (b"tr-edit" in response.content) == (persona in EDITORS)
