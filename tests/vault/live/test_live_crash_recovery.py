"""Crashes: a chunk written and fsynced whose length never reached the database (the server
died, or the commit failed) is cut off by the next request, which the browser sends again; a
finish that died after the vault committed the recording links that recording rather than
storing a second copy; a spool shorter than the database says is refused, never papered over."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from onrecord.audit import services as audit
from onrecord.vault.live import protocol as live
from onrecord.vault.live import services as live_services
from onrecord.vault.live.services import finish, receive_chunk, spool_of, start_session
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveChunk, LiveSession
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, MIME, WEBM, sha256, spool_bytes, use_private_spool


@pytest.fixture
def session(world: World, settings: Any, tmp_path: Path) -> LiveSession:
    use_private_spool(settings, tmp_path)
    return start_session(world.meeting, world.users["chair"], MIME)


def test_a_chunk_on_disk_but_not_in_the_database_is_cut_and_resent(
    session: LiveSession,
) -> None:
    receive_chunk(session.pk, 0, CHUNKS[0])
    # The server died after writing and fsyncing chunk 1, before recording its length.
    with spool_of(session).open("ab") as spool:
        spool.write(CHUNKS[1][:5000])
    # The browser never got an answer, so it sends chunk 1 again.
    result = receive_chunk(session.pk, 1, CHUNKS[1])
    assert (result.chunk_count, result.already_stored) == (2, False)
    receive_chunk(session.pk, 2, CHUNKS[2])
    assert spool_bytes(session) == WEBM
    assert sha256(spool_bytes(session)) == sha256(WEBM)


def test_a_failed_commit_after_the_write_leaves_nothing_recorded(
    session: LiveSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    receive_chunk(session.pk, 0, CHUNKS[0])

    def database_fails(*args: Any, **kwargs: Any) -> None:
        raise OSError("the database went away")

    monkeypatch.setattr(LiveChunk.objects, "bulk_create", database_fails)
    with pytest.raises(OSError, match="went away"):
        receive_chunk(session.pk, 1, CHUNKS[1])
    session.refresh_from_db()
    assert (session.chunk_count, session.bytes_received) == (1, len(CHUNKS[0]))
    assert len(spool_bytes(session)) == len(CHUNKS[0]) + len(CHUNKS[1])  # on disk
    monkeypatch.undo()

    receive_chunk(session.pk, 1, CHUNKS[1])
    receive_chunk(session.pk, 2, CHUNKS[2])
    recording = finish(session.pk, None)
    assert recording.sha256 == sha256(WEBM)


def test_a_tail_past_the_last_recorded_chunk_is_not_stored(session: LiveSession) -> None:
    receive_chunk(session.pk, 0, CHUNKS[0])
    receive_chunk(session.pk, 1, CHUNKS[1])
    with spool_of(session).open("ab") as spool:
        spool.write(CHUNKS[2][:700])  # the browser died mid-upload; never recorded
    recording = finish(session.pk, None)
    assert recording.size == len(CHUNKS[0]) + len(CHUNKS[1])
    assert recording.sha256 == sha256(CHUNKS[0] + CHUNKS[1])


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
    assert spool_of(session).exists()

    # Someone presses finish again at once: told to wait, not given a second copy.
    with pytest.raises(live_services.LiveError, match="being stored already"):
        finish(session.pk, None)
    LiveSession.objects.filter(pk=session.pk).update(
        finished_at=timezone.now() - dt.timedelta(minutes=31)
    )
    recording = finish(session.pk, None)
    assert Recording.objects.count() == 1
    assert recording.sha256 == sha256(WEBM)
    finished = LiveSession.objects.get(pk=session.pk)
    assert finished.status == LiveSession.Status.FINISHED
    assert finished.recording == recording
    assert not spool_of(session).exists()


def test_a_spool_shorter_than_recorded_is_refused(session: LiveSession) -> None:
    receive_chunk(session.pk, 0, CHUNKS[0])
    header = live.read_spool_header(spool_of(session))
    assert header is not None
    on_disk = live.committed_length(header, 1, len(CHUNKS[0]))  # 8354 bytes, encrypted
    assert spool_of(session).stat().st_size == on_disk
    with spool_of(session).open("r+b") as spool:
        spool.truncate(header.length + 100)
    with pytest.raises(
        live.SpoolDamaged, match=f"holds {header.length + 100} bytes but {on_disk} were stored"
    ):
        receive_chunk(session.pk, 1, CHUNKS[1])
