"""Chunks are appended in order, durably, each with its SHA-256 kept; a gap is refused (409)
with the number the recorder must send next, and nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from onrecord.vault.live import protocol as live
from onrecord.vault.live.services import receive_chunk, spool_of, start_session
from onrecord.vault.models.live import LiveChunk, LiveSession
from tests.support.personas import World
from tests.vault.live.support import (
    CHUNKS,
    MIME,
    WEBM,
    send_chunk,
    sha256,
    spool_bytes,
    start,
    use_private_spool,
)


@pytest.fixture
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


def test_chunks_in_order_make_the_whole_stream(world: World, spool: Path) -> None:
    client = world.client_for("chair")
    response = start(client, world.meeting)
    assert response.status_code == 201
    session_id = response.json()["session"]
    for seq, data in enumerate(CHUNKS):
        reply = send_chunk(client, session_id, seq, data)
        assert reply.status_code == 200, reply.content
        assert reply.json()["chunk_count"] == seq + 1
    session = LiveSession.objects.get(pk=session_id)
    assert session.chunk_count == 3
    assert session.bytes_received == len(WEBM)
    path = spool_of(session)
    assert spool_bytes(session) == WEBM  # decrypted: on disk it is not
    assert path.parent == spool
    assert path.stat().st_mode & 0o777 == 0o600
    rows = list(LiveChunk.objects.filter(session=session).values_list("seq", "offset", "sha256"))
    assert rows == [
        (0, 0, sha256(CHUNKS[0])),
        (1, 8354, sha256(CHUNKS[1])),
        (2, 24774, sha256(CHUNKS[2])),
    ]


def test_a_gap_is_refused_and_nothing_is_written(world: World, spool: Path) -> None:
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    assert send_chunk(client, session_id, 0, CHUNKS[0]).status_code == 200
    reply = send_chunk(client, session_id, 2, CHUNKS[2])
    assert reply.status_code == 409
    assert reply.json()["error"] == "chunk 2 arrived before chunk 1: send chunk 1 first"
    session = LiveSession.objects.get(pk=session_id)
    assert (session.chunk_count, session.bytes_received) == (1, len(CHUNKS[0]))
    assert spool_bytes(session) == CHUNKS[0]


def test_the_first_chunk_must_be_number_zero(world: World, spool: Path) -> None:
    session = start_session(world.meeting, world.users["chair"], MIME)
    with pytest.raises(live.OutOfOrder, match="send chunk 0 first"):
        receive_chunk(session.pk, 1, CHUNKS[1])
    with pytest.raises(live.ChunkRefused, match="chunk 0 is empty"):
        receive_chunk(session.pk, 0, b"")
    assert spool_bytes(session) == b""
