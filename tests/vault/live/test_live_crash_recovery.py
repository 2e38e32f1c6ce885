"""Crashes: a chunk whose transaction failed (the server died, or the commit failed) is not
stored or counted, and the browser's resend is; a finish that died after the vault committed
the recording links that recording rather than storing a second copy, and the chunks' bytes
stay until it does; a stored chunk that does not decrypt is refused by name, never papered
over."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from onrecord.audit import services as audit
from onrecord.vault.live import services as live_services
from onrecord.vault.live.services import LiveError, finish, receive_chunk, start_session
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveChunk, LiveSession
from tests.support.personas import World
from tests.vault.live.support import (
    CHUNKS,
    MIME,
    WEBM,
    chunks_holding_bytes,
    sha256,
    stored_bytes,
    use_private_spool,
)


@pytest.fixture
def session(world: World, settings: Any, tmp_path: Path) -> LiveSession:
    use_private_spool(settings, tmp_path)
    return start_session(world.meeting, world.users["chair"], MIME)


def test_a_failed_commit_leaves_nothing_stored_and_the_resend_is(
    session: LiveSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    receive_chunk(session.pk, 0, CHUNKS[0])
    real_update = LiveSession.objects.filter

    def database_fails(*args: Any, **kwargs: Any) -> Any:
        if "pk" in kwargs:  # the count, after the chunk's row was inserted
            raise OSError("the database went away")
        return real_update(*args, **kwargs)

    monkeypatch.setattr(LiveSession.objects, "filter", database_fails)
    with pytest.raises(OSError, match="went away"):
        receive_chunk(session.pk, 1, CHUNKS[1])
    monkeypatch.undo()
    session.refresh_from_db()
    assert (session.chunk_count, session.bytes_received) == (1, len(CHUNKS[0]))
    assert list(LiveChunk.objects.filter(session=session).values_list("seq", flat=True)) == [0]
    assert stored_bytes(session) == CHUNKS[0]

    # The browser never got an answer, so it sends chunk 1 again.
    result = receive_chunk(session.pk, 1, CHUNKS[1])
    assert (result.chunk_count, result.already_stored) == (2, False)
    receive_chunk(session.pk, 2, CHUNKS[2])
    assert finish(session.pk, None).sha256 == sha256(WEBM)


def test_a_finish_that_died_after_the_commit_is_picked_up(
    session: LiveSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    for seq, data in enumerate(CHUNKS):
        receive_chunk(session.pk, seq, data)
    real_record = audit.record

    def dies_before_linking(action: str, *args: Any, **kwargs: Any) -> Any:
        if action == "vault.live_finished":
            raise RuntimeError("killed")
        return real_record(action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", dies_before_linking)
    with pytest.raises(RuntimeError, match="killed"):
        finish(session.pk, None)
    monkeypatch.undo()
    session.refresh_from_db()
    assert session.status == LiveSession.Status.FINALISING
    assert session.recording is None
    assert Recording.objects.count() == 1  # the vault committed it
    assert chunks_holding_bytes(session) == 3  # kept until the session names it

    # Someone presses finish again at once: told to wait (503, try later), not given a copy.
    with pytest.raises(live_services.LiveError, match="being stored already") as waiting:
        finish(session.pk, None)
    assert waiting.value.status == 503
    LiveSession.objects.filter(pk=session.pk).update(
        finished_at=timezone.now() - dt.timedelta(minutes=31)
    )
    recording = finish(session.pk, None)
    assert Recording.objects.count() == 1
    assert recording.sha256 == sha256(WEBM)
    finished = LiveSession.objects.get(pk=session.pk)
    assert finished.status == LiveSession.Status.FINISHED
    assert finished.recording == recording
    assert chunks_holding_bytes(session) == 0
    assert LiveChunk.objects.filter(session=session).count() == 3  # their receipts stay


def test_a_changed_record_is_refused_by_name(session: LiveSession) -> None:
    receive_chunk(session.pk, 0, CHUNKS[0])
    receive_chunk(session.pk, 1, CHUNKS[1])
    row = LiveChunk.objects.get(session=session, seq=1)
    assert row.data is not None
    raw = bytearray(bytes(row.data))
    raw[-20] ^= 0x01  # inside chunk 1's ciphertext
    LiveChunk.objects.filter(pk=row.pk).update(data=bytes(raw))
    with pytest.raises(LiveError, match="chunk 1 failed authentication"):
        finish(session.pk, None)
    assert not Recording.objects.exists()


def test_a_record_moved_to_another_number_is_refused(session: LiveSession) -> None:
    receive_chunk(session.pk, 0, CHUNKS[0])
    receive_chunk(session.pk, 1, CHUNKS[1])
    first = LiveChunk.objects.get(session=session, seq=0).data
    LiveChunk.objects.filter(session=session, seq=1).update(data=first, size=len(CHUNKS[0]))
    with pytest.raises(LiveError, match="chunk 1 failed authentication"):
        finish(session.pk, None)
