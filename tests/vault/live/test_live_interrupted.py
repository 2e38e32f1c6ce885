"""A crashed browser leaves its session open. The recorder page lists it with "Finish the
recording from what was received", which stores the chunks that arrived; a session left idle
longer than ONRECORD_LIVE_ABANDON_HOURS is finished by the sweep, or, when what arrived is not
audio, abandoned with its chunks' bytes deleted (audited)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.vault.live.services import sweep_interrupted
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from tests.support.personas import World
from tests.vault.live.support import (
    CHUNKS,
    chunks_holding_bytes,
    send_chunk,
    sha256,
    start,
    use_private_spool,
)


@pytest.fixture(autouse=True)
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


def _interrupted(world: World, chunks: list[bytes]) -> str:
    client = world.client_for("chair")
    session_id: str = start(client, world.meeting).json()["session"]
    for seq, data in enumerate(chunks):
        assert send_chunk(client, session_id, seq, data).status_code == 200
    return session_id


def test_the_page_offers_to_finish_from_what_was_received(world: World) -> None:
    session_id = _interrupted(world, CHUNKS[:2])
    # Another member of staff who runs the meeting finishes it from their own browser.
    client = world.client_for("team_manager")
    page = client.get(reverse("live_recorder", args=[world.meeting.pk]))
    assert b"Recordings not finished" in page.content
    assert b"2 pieces" in page.content
    finish_url = reverse("live_finish", args=[session_id])
    assert finish_url.encode() in page.content

    response = client.post(finish_url)
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("meeting_detail", args=[world.meeting.pk]) + "#recordings"
    )
    recording = Recording.objects.get()
    assert recording.sha256 == sha256(CHUNKS[0] + CHUNKS[1])
    assert recording.duration_seconds == pytest.approx(2.0, abs=0.1)
    session = LiveSession.objects.get(pk=session_id)
    assert session.finished_by == world.users["team_manager"]
    assert recording.provided_by == world.users["chair"]  # who recorded it
    after = client.get(reverse("live_recorder", args=[world.meeting.pk]))
    assert b"Recordings not finished" not in after.content


def test_the_sweep_finishes_sessions_left_idle(world: World) -> None:
    stale = _interrupted(world, CHUNKS)
    fresh = _interrupted(world, CHUNKS[:1])
    LiveSession.objects.filter(pk=stale).update(
        last_chunk_at=timezone.now() - dt.timedelta(hours=7)
    )
    result = sweep_interrupted()
    assert result.failed == {}
    [recording] = result.finished
    assert recording.sha256 == sha256(b"".join(CHUNKS))
    assert LiveSession.objects.get(pk=stale).status == LiveSession.Status.FINISHED
    assert LiveSession.objects.get(pk=stale).finished_by is None
    assert LiveSession.objects.get(pk=fresh).status == LiveSession.Status.OPEN
    entry = AuditEvent.objects.get(action="vault.live_finished")
    assert entry.detail["by"] == "sweep"


def test_the_sweep_abandons_what_is_not_audio(world: World, settings: Any) -> None:
    settings.ONRECORD_LIVE_ABANDON_HOURS = 1
    session_id = _interrupted(world, [b"not audio " * 50])
    session = LiveSession.objects.get(pk=session_id)
    LiveSession.objects.filter(pk=session_id).update(
        last_chunk_at=timezone.now() - dt.timedelta(minutes=61)
    )
    result = sweep_interrupted()
    assert result.finished == []
    assert "could not be stored" in result.failed[session_id]
    session.refresh_from_db()
    assert session.status == LiveSession.Status.ABANDONED
    assert "not a recognised audio file" in session.error
    assert chunks_holding_bytes(session) == 0
    abandoned = AuditEvent.objects.get(action="vault.live_abandoned")
    assert abandoned.detail["bytes"] == 500
    assert abandoned.detail["sha256"] == sha256(b"not audio " * 50)
    assert not Recording.objects.exists()
