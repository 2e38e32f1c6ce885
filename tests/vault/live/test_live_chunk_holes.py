"""A chunk that never arrived (a hole) does not stop the recording being stored: finishing puts
what arrived in number order, names the holes in its answer, on the session and in the audit
entry, and the WebM plays on over the gap (its clock jumps; MediaRecorder's pieces carry their
own timestamps)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, finish, send_chunk, sha256, start, use_private_spool


@pytest.fixture(autouse=True)
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


def _with_a_hole(world: World) -> str:
    client = world.client_for("chair")
    session_id: str = start(client, world.meeting).json()["session"]
    for seq in (0, 2):
        assert send_chunk(client, session_id, seq, CHUNKS[seq]).status_code == 200
    return session_id


def test_finish_stores_what_arrived_in_order_and_names_the_hole(world: World) -> None:
    session_id = _with_a_hole(world)
    reply = finish(world.client_for("chair"), session_id)
    assert reply.status_code == 200, reply.content
    assert reply.json()["missing_chunks"] == [1]
    recording = Recording.objects.get()
    assert recording.sha256 == sha256(CHUNKS[0] + CHUNKS[2])
    assert recording.duration_seconds == pytest.approx(3.0, abs=0.1)  # plays over the gap
    assert LiveSession.objects.get(pk=session_id).missing_chunks == [1]
    entry = AuditEvent.objects.get(action="vault.live_finished")
    assert entry.detail["missing_chunks"] == [1]


def test_the_page_says_which_pieces_never_arrived(world: World) -> None:
    session_id = _with_a_hole(world)
    client = world.client_for("chair")
    response = client.post(reverse("live_finish", args=[session_id]))
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Pieces that never arrived: chunk 1; the recording skips over them." in message
