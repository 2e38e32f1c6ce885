"""The browser recorder's chunks are encrypted as each arrives (issue 16, "nothing in clear,
ever"; issue 15, any node): each is sealed under the session's data key, which is wrapped by
the vault's key-encryption key on the session's row; no node's disk and no chunk row holds the
WebM in the clear, before or after finishing. A spool an older version wrote on this node, plain
or encrypted, is moved into the database on the session's next chunk."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from onrecord.vault import crypto
from onrecord.vault.ingest import default_keyring
from onrecord.vault.live import protocol as live
from onrecord.vault.live.services import finish, receive_chunk, spool_of, start_session
from onrecord.vault.models.live import LiveChunk, LiveSession
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, MIME, WEBM, sha256, stored_bytes, use_private_spool
from tests.vault.plaintext import needles_of, plaintext_in, scan_bytes

NEEDLES = needles_of(WEBM, every=1024, length=32)


@pytest.fixture
def session(world: World, settings: Any, tmp_path: Path) -> LiveSession:
    use_private_spool(settings, tmp_path)
    return start_session(world.meeting, world.users["chair"], MIME)


def _rows_in_clear(session: LiveSession) -> list[int]:
    return [
        seq
        for seq, record in LiveChunk.objects.filter(session=session).values_list("seq", "data")
        if record is not None and scan_bytes(bytes(record), NEEDLES)
    ]


def test_no_audio_in_the_clear_on_disk_or_in_the_rows(session: LiveSession, tmp_path: Path) -> None:
    for seq, data in enumerate(CHUNKS):
        receive_chunk(session.pk, seq, data)
    assert _rows_in_clear(session) == []
    data_dir = Path(django_settings.DATA_DIR)
    assert plaintext_in([tmp_path, data_dir], NEEDLES) == {}
    assert stored_bytes(session) == WEBM
    recording = finish(session.pk, None)
    assert recording.sha256 == hashlib.sha256(WEBM).hexdigest()
    assert plaintext_in([tmp_path, data_dir], NEEDLES) == {}
    assert list(LiveChunk.objects.filter(session=session, data__isnull=False)) == []


def _as_an_older_version_left_it(session: LiveSession) -> None:
    LiveChunk.objects.create(session=session, seq=0, size=len(CHUNKS[0]), sha256=sha256(CHUNKS[0]))
    LiveSession.objects.filter(pk=session.pk).update(
        chunk_count=1,
        first_missing=1,
        bytes_received=len(CHUNKS[0]),
        kek_id="",
        wrapped_key=None,
    )


def test_a_plain_spool_from_before_is_moved_in_encrypted_on_its_next_chunk(
    session: LiveSession, django_capture_on_commit_callbacks: Any
) -> None:
    _as_an_older_version_left_it(session)
    path = spool_of(session)
    path.write_bytes(CHUNKS[0] + b"an unrecorded tail")
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the move commits
        receive_chunk(session.pk, 1, CHUNKS[1])
    receive_chunk(session.pk, 2, CHUNKS[2])
    assert not path.exists()
    assert list(path.parent.iterdir()) == []
    assert _rows_in_clear(session) == []
    session.refresh_from_db()
    assert session.kek_id
    assert finish(session.pk, None).sha256 == hashlib.sha256(WEBM).hexdigest()


def test_an_encrypted_spool_from_before_is_moved_in(
    session: LiveSession, django_capture_on_commit_callbacks: Any
) -> None:
    _as_an_older_version_left_it(session)
    path = spool_of(session)
    key = crypto.new_data_key()
    header = live.new_spool_header(*default_keyring().wrap(key, session.pk))
    live.create_spool(path, header.pack())
    live.append_durably(path, header.length, live.seal_chunk(key, session.pk, 0, CHUNKS[0]))
    with django_capture_on_commit_callbacks(execute=True):
        receive_chunk(session.pk, 1, CHUNKS[1])
    assert not path.exists()
    assert stored_bytes(session) == CHUNKS[0] + CHUNKS[1]


def test_an_old_session_whose_spool_is_on_another_node_is_refused_not_lost(
    session: LiveSession,
) -> None:
    _as_an_older_version_left_it(session)
    with pytest.raises(live.ChunkRefused, match="its spool is on another server"):
        receive_chunk(session.pk, 1, CHUNKS[1])
    session.refresh_from_db()
    assert session.chunk_count == 1
