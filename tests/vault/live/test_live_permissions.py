"""Who may record a meeting with the browser's recorder (Brent: the chair makes the local
authority's audio record): the chair and the staff allocated to the case who run it. Legal
staff and the family may see the meeting but not record it (403, audited); staff of other cases
or authorities do not learn it exists (404, audited). Only the person who started a recording
adds to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.vault.models.live import LiveSession
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, finish, send_chunk, start, use_private_spool


@pytest.fixture(autouse=True)
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


@pytest.mark.parametrize("persona", ["chair", "social_worker", "team_manager"])
def test_staff_who_run_the_meeting_may_record(world: World, persona: str) -> None:
    client = world.client_for(persona)
    page = client.get(reverse("live_recorder", args=[world.meeting.pk]))
    assert page.status_code == 200
    assert b'id="live-recorder"' in page.content
    assert start(client, world.meeting).status_code == 201


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("legal", 403),
        ("mother", 403),
        ("nurse", 403),
        ("outsider", 404),
        ("other_authority", 404),
        ("other_family", 404),
    ],
)
def test_others_may_not(world: World, persona: str, status: int) -> None:
    client = world.client_for(persona)
    assert client.get(reverse("live_recorder", args=[world.meeting.pk])).status_code == status
    assert start(client, world.meeting).status_code == status
    assert not LiveSession.objects.exists()
    refusals = AuditEvent.objects.filter(
        actor_username=world.users[persona].username, action="access_denied"
    )
    assert refusals.count() == 2


def test_only_the_person_recording_adds_chunks(world: World) -> None:
    session_id = start(world.client_for("chair"), world.meeting).json()["session"]
    reply = send_chunk(world.client_for("social_worker"), session_id, 0, CHUNKS[0])
    assert reply.status_code == 403
    assert send_chunk(world.client_for("outsider"), session_id, 0, CHUNKS[0]).status_code == 404
    assert finish(world.client_for("legal"), session_id).status_code == 403
    assert LiveSession.objects.get(pk=session_id).chunk_count == 0


def test_signed_out_is_told_in_json_not_redirected(world: World) -> None:
    session_id = start(world.client_for("chair"), world.meeting).json()["session"]
    reply = send_chunk(Client(), session_id, 0, CHUNKS[0])
    assert reply.status_code == 401
    assert reply.json()["error"].startswith("You have been signed out.")
    assert start(Client(), world.meeting).status_code == 401


def test_the_meeting_page_links_to_the_recorder_for_those_who_may(world: World) -> None:
    page = reverse("meeting_detail", args=[world.meeting.pk])
    recorder = reverse("live_recorder", args=[world.meeting.pk]).encode()
    assert recorder in world.client_for("chair").get(page).content
    assert recorder in world.client_for("social_worker").get(page).content
    legal_view = world.client_for("legal").get(page)
    assert legal_view.status_code == 200
    assert recorder not in legal_view.content
