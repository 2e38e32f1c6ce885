"""Who may play and download recordings, persona by persona (issue 6): staff allocated to the
case, and a family member only the recording that came from them; everyone else gets 404 (not
revealing that it exists), audited, and nothing is opened."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from tests.support.parent_copies import (
    Stored,
    assert_audited_if_refused,
    body,
    denied_count,
    store_copy,
)
from tests.support.personas import CORE_PERSONAS as PERSONAS
from tests.support.personas import World
from tests.vault import audio

# Listening to the mother's own recording: allocated staff, and the mother herself.
LISTEN = {
    "chair": 200,
    "social_worker": 200,
    "team_manager": 200,
    "legal": 200,
    "outsider": 404,
    "other_authority": 404,
    "mother": 200,
    "father_of_jade": 404,  # same meeting, another family member's recording
    "father_of_leo": 404,
    "nurse": 404,
    "other_family": 404,
    "admin": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["recording_player", "recording_audio", "recording_download"])
def test_listening(world: World, mothers_recording: Stored, persona: str, page: str) -> None:
    before = denied_count()
    opened = AuditEvent.objects.filter(action="vault.open").count()
    response = world.client_for(persona).get(reverse(page, args=[mothers_recording.recording.pk]))
    assert response.status_code == LISTEN[persona], f"{persona} → {page}"
    assert_audited_if_refused(world, persona, LISTEN[persona], before)
    if LISTEN[persona] == 200 and page != "recording_player":
        assert body(response) == mothers_recording.original
    if LISTEN[persona] != 200:
        assert AuditEvent.objects.filter(action="vault.open").count() == opened


def test_a_copy_uploaded_for_a_father_is_his_to_hear_not_the_mothers(world: World) -> None:
    stored = store_copy(world, "father_of_jade", audio.wav(seconds=1.0), by="social_worker")
    player = reverse("recording_player", args=[stored.recording.pk])
    assert world.client_for("father_of_jade").get(player).status_code == 200
    assert world.client_for("mother").get(player).status_code == 404
    assert world.client_for("social_worker").get(player).status_code == 200


def test_the_meeting_page_lists_only_the_recordings_each_may_hear(
    world: World, mothers_recording: Stored
) -> None:
    fathers = store_copy(world, "father_of_jade", audio.wav(seconds=1.0))
    meeting_page = reverse("meeting_detail", args=[world.meeting.pk])
    mine = reverse("recording_player", args=[mothers_recording.recording.pk])
    his = reverse("recording_player", args=[fathers.recording.pk])

    chair = world.client_for("chair").get(meeting_page).content.decode()
    assert mine in chair
    assert his in chair
    mother = world.client_for("mother").get(meeting_page).content.decode()
    assert mine in mother
    assert his not in mother
    nurse = world.client_for("nurse").get(meeting_page).content.decode()
    assert mine not in nurse
    assert 'id="recordings"' not in nurse
    assert reverse("parent_copy_upload", args=[world.meeting.pk]) not in nurse


def test_signed_out_visitors_are_sent_to_sign_in(world: World, mothers_recording: Stored) -> None:
    from django.test import Client

    for url in [
        reverse("recording_player", args=[mothers_recording.recording.pk]),
        reverse("recording_audio", args=[mothers_recording.recording.pk]),
        reverse("recording_download", args=[mothers_recording.recording.pk]),
    ]:
        response = Client().get(url)
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response["Location"]
