"""A chunk sent again after its response was lost is accepted without being written twice when
it is identical; a different chunk under a number already stored is refused (409) and the
stored one is never replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from onrecord.vault.models.live import LiveChunk, LiveSession
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, send_chunk, start, stored_bytes, use_private_spool


@pytest.fixture
def session_id(world: World, settings: Any, tmp_path: Path) -> str:
    use_private_spool(settings, tmp_path)
    client = world.client_for("chair")
    session: str = start(client, world.meeting).json()["session"]
    for seq in (0, 1):
        assert send_chunk(client, session, seq, CHUNKS[seq]).status_code == 200
    return session


def test_an_identical_retry_is_accepted_once(world: World, session_id: str) -> None:
    client = world.client_for("chair")
    for seq in (1, 0):  # the last chunk, and an earlier one
        reply = send_chunk(client, session_id, seq, CHUNKS[seq])
        assert reply.status_code == 200
        assert reply.json() == {
            "chunk_count": 2,
            "bytes_received": len(CHUNKS[0]) + len(CHUNKS[1]),
            "already_stored": True,
            "first_missing": 2,
        }
    session = LiveSession.objects.get(pk=session_id)
    assert stored_bytes(session) == CHUNKS[0] + CHUNKS[1]
    assert LiveChunk.objects.filter(session=session).count() == 2
    # And the recording goes on from where it was.
    assert send_chunk(client, session_id, 2, CHUNKS[2]).json()["chunk_count"] == 3


def test_a_different_chunk_under_a_stored_number_is_refused(world: World, session_id: str) -> None:
    client = world.client_for("chair")
    changed = CHUNKS[1][:-1] + bytes([CHUNKS[1][-1] ^ 1])
    reply = send_chunk(client, session_id, 1, changed)
    assert reply.status_code == 409
    assert reply.json()["error"] == (
        "chunk 1 was already stored with different content; a stored chunk is never replaced"
    )
    session = LiveSession.objects.get(pk=session_id)
    assert stored_bytes(session) == CHUNKS[0] + CHUNKS[1]
    assert session.chunk_count == 2
