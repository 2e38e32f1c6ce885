"""Chunks are stored in the shared database as they arrive, encrypted, each with its SHA-256
kept, and nothing is written to the node's disk (issue 15). They may arrive out of order within
the reorder window (finish puts them in number order); one too far ahead of the lowest missing
is refused (409) with the number the recorder must send, and nothing is stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from onrecord.vault.live import protocol as live
from onrecord.vault.live.services import receive_chunk, start_session
from onrecord.vault.models.live import LiveChunk, LiveSession
from tests.support.personas import World
from tests.vault.live.support import (
    CHUNKS,
    MIME,
    WEBM,
    send_chunk,
    sha256,
    start,
    stored_bytes,
    use_private_spool,
)


@pytest.fixture
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


def test_chunks_are_rows_and_nothing_is_spooled_on_the_node(world: World, spool: Path) -> None:
    client = world.client_for("chair")
    response = start(client, world.meeting)
    assert response.status_code == 201
    session_id = response.json()["session"]
    for seq, data in enumerate(CHUNKS):
        reply = send_chunk(client, session_id, seq, data)
        assert reply.status_code == 200, reply.content
        assert reply.json()["chunk_count"] == seq + 1
        assert reply.json()["first_missing"] == seq + 1
    session = LiveSession.objects.get(pk=session_id)
    assert (session.chunk_count, session.first_missing) == (3, 3)
    assert session.bytes_received == len(WEBM)
    assert list(spool.iterdir()) == []  # no node-local state
    assert stored_bytes(session) == WEBM  # decrypted: in the rows it is not
    rows = list(LiveChunk.objects.filter(session=session).values_list("seq", "size", "sha256"))
    assert rows == [(seq, len(data), sha256(data)) for seq, data in enumerate(CHUNKS)]
    for seq, record in LiveChunk.objects.filter(session=session).values_list("seq", "data"):
        assert record is not None
        assert len(bytes(record)) == live.RECORD_OVERHEAD + len(CHUNKS[seq])
        assert CHUNKS[seq][:64] not in bytes(record)


def test_a_chunk_may_overtake_the_one_before_it(world: World, spool: Path) -> None:
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    assert send_chunk(client, session_id, 0, CHUNKS[0]).json()["first_missing"] == 1
    ahead = send_chunk(client, session_id, 2, CHUNKS[2])
    assert ahead.status_code == 200
    assert ahead.json() == {
        "chunk_count": 2,
        "bytes_received": len(CHUNKS[0]) + len(CHUNKS[2]),
        "already_stored": False,
        "first_missing": 1,
    }
    assert send_chunk(client, session_id, 1, CHUNKS[1]).json()["first_missing"] == 3
    assert stored_bytes(LiveSession.objects.get(pk=session_id)) == WEBM  # in number order


def test_a_chunk_too_far_ahead_is_refused_and_nothing_is_stored(world: World, spool: Path) -> None:
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    assert send_chunk(client, session_id, 0, CHUNKS[0]).status_code == 200
    far = 1 + live.REORDER_WINDOW
    reply = send_chunk(client, session_id, far, CHUNKS[2])
    assert reply.status_code == 409
    assert reply.json()["error"] == (
        f"chunk {far} arrived more than {live.REORDER_WINDOW} chunks ahead of chunk 1, "
        "which has not arrived: send chunk 1 first"
    )
    session = LiveSession.objects.get(pk=session_id)
    assert (session.chunk_count, session.bytes_received) == (1, len(CHUNKS[0]))
    assert stored_bytes(session) == CHUNKS[0]


def test_an_empty_chunk_is_refused(world: World, spool: Path) -> None:
    session = start_session(world.meeting, world.users["chair"], MIME)
    with pytest.raises(live.ChunkRefused, match="chunk 0 is empty"):
        receive_chunk(session.pk, 0, b"")
    assert stored_bytes(session) == b""
