"""A chunk over the size limit is refused (413) before its body is read, as is one that would
take the recording past the vault's own limit; nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from onrecord.vault.models.live import LiveSession
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, send_chunk, start, stored_bytes, use_private_spool


@pytest.fixture(autouse=True)
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


def test_a_chunk_over_the_limit_is_refused(world: World, settings: Any) -> None:
    settings.ONRECORD_LIVE_CHUNK_MAX_BYTES = 10_000
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    assert send_chunk(client, session_id, 0, CHUNKS[0]).status_code == 200  # 8354 bytes
    reply = send_chunk(client, session_id, 1, CHUNKS[1])  # 16420 bytes
    assert reply.status_code == 413
    assert reply.json()["error"] == "chunk 1 is 16420 bytes; a chunk may be at most 9.77 KB"
    session = LiveSession.objects.get(pk=session_id)
    assert session.chunk_count == 1
    assert stored_bytes(session) == CHUNKS[0]


def test_a_declared_length_over_the_limit_is_refused_unread(world: World, settings: Any) -> None:
    settings.ONRECORD_VAULT_MAX_BYTES = 10**9
    settings.ONRECORD_LIVE_CHUNK_MAX_BYTES = 10_000
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    reply = send_chunk(client, session_id, 0, CHUNKS[0], CONTENT_LENGTH="20000000")
    assert reply.status_code == 413
    assert reply.json()["error"] == "chunk 0 is 20000000 bytes; a chunk may be at most 9.77 KB"
    assert LiveSession.objects.get(pk=session_id).chunk_count == 0


def test_the_recording_may_not_pass_the_vault_limit(world: World, settings: Any) -> None:
    settings.ONRECORD_VAULT_MAX_BYTES = 20_000
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    assert send_chunk(client, session_id, 0, CHUNKS[0]).status_code == 200
    reply = send_chunk(client, session_id, 1, CHUNKS[1])
    assert reply.status_code == 413
    assert "pass the vault's limit of 20000 bytes" in reply.json()["error"]
    assert LiveSession.objects.get(pk=session_id).bytes_received == len(CHUNKS[0])
