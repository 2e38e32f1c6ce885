"""The browser recorder's spool is encrypted as each chunk arrives (issue 16, "nothing in clear,
ever"): it must outlive a crash, so its data key is wrapped under the vault's key-encryption
key in the spool's header; the file never holds the WebM in the clear. A spool written before
spools were encrypted is encrypted on its next use; a damaged record is refused by name."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from onrecord.vault.live import protocol as live
from onrecord.vault.live.services import LiveError, finish, receive_chunk, spool_of, start_session
from onrecord.vault.models.live import LiveChunk, LiveSession
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, MIME, WEBM, sha256, spool_bytes, use_private_spool
from tests.vault.plaintext import needles_of, plaintext_in


@pytest.fixture
def session(world: World, settings: Any, tmp_path: Path) -> LiveSession:
    use_private_spool(settings, tmp_path)
    return start_session(world.meeting, world.users["chair"], MIME)


def test_the_spool_holds_no_audio_in_the_clear(session: LiveSession) -> None:
    for seq, data in enumerate(CHUNKS):
        receive_chunk(session.pk, seq, data)
    path = spool_of(session)
    raw = path.read_bytes()
    assert raw.startswith(live.SPOOL_MAGIC)
    assert plaintext_in([path.parent], needles_of(WEBM, every=1024, length=32)) == {}
    assert WEBM[:64] not in raw
    assert spool_bytes(session) == WEBM
    recording = finish(session.pk, None)
    assert recording.sha256 == hashlib.sha256(WEBM).hexdigest()
    assert not path.exists()


def test_a_plain_spool_from_before_is_encrypted_on_its_next_chunk(session: LiveSession) -> None:
    path = spool_of(session)
    path.write_bytes(CHUNKS[0] + b"an unrecorded tail")  # as an older version wrote it
    LiveChunk.objects.create(
        session=session, seq=0, offset=0, size=len(CHUNKS[0]), sha256=sha256(CHUNKS[0])
    )
    LiveSession.objects.filter(pk=session.pk).update(chunk_count=1, bytes_received=len(CHUNKS[0]))
    receive_chunk(session.pk, 1, CHUNKS[1])
    receive_chunk(session.pk, 2, CHUNKS[2])
    assert path.read_bytes().startswith(live.SPOOL_MAGIC)
    assert plaintext_in([path.parent], needles_of(WEBM, every=1024, length=32)) == {}
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert finish(session.pk, None).sha256 == hashlib.sha256(WEBM).hexdigest()


def test_a_changed_record_is_refused_by_name(session: LiveSession) -> None:
    receive_chunk(session.pk, 0, CHUNKS[0])
    receive_chunk(session.pk, 1, CHUNKS[1])
    path = spool_of(session)
    raw = bytearray(path.read_bytes())
    raw[-20] ^= 0x01  # inside chunk 1's ciphertext
    path.write_bytes(bytes(raw))
    with pytest.raises(LiveError, match="chunk 1 of the spool failed authentication"):
        finish(session.pk, None)
