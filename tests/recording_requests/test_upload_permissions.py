"""Who may upload a parent's own recording (issue 4; Hackney 3), persona by persona: staff
allocated to the case who run the process, and the family member themselves; everyone else is
refused (404 where they may not see the meeting, 403 where they may see it but not do this),
before the file is read, and every refusal is audited."""

from __future__ import annotations

import pytest

from onrecord.vault.models import Recording
from tests.support.parent_copies import (
    assert_audited_if_refused,
    denied_count,
    upload_url,
    wav_upload,
)
from tests.support.personas import CORE_PERSONAS as PERSONAS
from tests.support.personas import World
from tests.vault import audio

# Upload: allocated staff who run the process, and family invited to the meeting.
UPLOAD = {
    "chair": 200,
    "social_worker": 200,
    "team_manager": 200,
    "legal": 403,  # sees the meeting; reads the record, does not add to it
    "outsider": 404,
    "other_authority": 404,
    "mother": 200,
    "father_of_jade": 200,
    "father_of_leo": 200,
    "nurse": 403,  # invited to the meeting, but it is not her recording to give
    "other_family": 404,
    "admin": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_upload_page(world: World, persona: str) -> None:
    before = denied_count()
    response = world.client_for(persona).get(upload_url(world))
    assert response.status_code == UPLOAD[persona], persona
    assert_audited_if_refused(world, persona, UPLOAD[persona], before)


@pytest.mark.parametrize("persona", PERSONAS)
def test_upload_post(world: World, persona: str) -> None:
    before = denied_count()
    data: dict[str, object] = {"recording": wav_upload(audio.wav(seconds=1.0))}
    if UPLOAD[persona] == 200 and persona not in {"mother", "father_of_jade", "father_of_leo"}:
        data["family_member"] = str(world.meeting.case.people.get(user=world.users["mother"]).pk)
        data["obtained"] = "own_device"
    response = world.client_for(persona).post(upload_url(world), data)
    expected = 302 if UPLOAD[persona] == 200 else UPLOAD[persona]
    assert response.status_code == expected, persona
    assert Recording.objects.exists() == (expected == 302)
    assert_audited_if_refused(world, persona, expected, before)


def test_signed_out_visitors_are_sent_to_sign_in(world: World) -> None:
    from django.test import Client

    response = Client().get(upload_url(world))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
