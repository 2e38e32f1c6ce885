"""Start-up and `onrecord vault sweep` remove every leftover of the upload spool directory, and
say what they removed (issue 16, failure 3: a plain `tmp*.upload.wav` left by a server killed
mid-upload survived the restart, and the sweep reported nothing to remove). A live recording
keeps nothing on the node's disk (issue 15); the spool an older version kept of one still open
is moved into the database, encrypted, not removed."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from onrecord.commands import main
from onrecord.vault.live import protocol as live
from onrecord.vault.live.services import spool_of, start_session
from onrecord.vault.models.live import LiveSession
from onrecord.vault.services import sweep, tidy_at_start
from tests.support.personas import World
from tests.vault import audio
from tests.vault.live.support import MIME, use_private_spool
from tests.vault.plaintext import plaintext_in


@pytest.fixture
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


def _leave(spool: Path, name: str, data: bytes, age: float = 2 * 3600) -> Path:
    path = spool / name
    path.write_bytes(data)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_the_sweep_removes_a_plain_upload_left_by_a_killed_server(
    world: World, spool: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _leave(spool, "tmpa1b2c3d4.upload.wav", audio.wav(seconds=2.0))
    _leave(spool, "derive-x9y8.flac", audio.wav(seconds=1.0))
    _leave(spool, "upload-0123abcd", b"")  # a scratch file's name, left in its first instant
    assert main(["vault", "sweep"]) == 0
    out = capsys.readouterr().out
    assert "3 upload spool file(s) removed." in out
    assert "upload spool file removed: tmpa1b2c3d4.upload.wav" in out
    assert list(spool.iterdir()) == []


def test_start_up_removes_them_whatever_their_age(world: World, spool: Path) -> None:
    start_session(world.meeting, world.users["chair"], MIME)
    _leave(spool, "tmpfresh.upload.wav", audio.wav(seconds=2.0), age=1)
    _leave(spool, f"{live.SPOOL_PREFIX}{'0' * 8}-0000-0000-0000-{'0' * 12}.part", b"x")  # orphan
    report = tidy_at_start()
    assert report.spool_removed == [
        f"{live.SPOOL_PREFIX}{'0' * 8}-0000-0000-0000-{'0' * 12}.part",
        "tmpfresh.upload.wav",
    ]
    assert list(spool.iterdir()) == []
    assert plaintext_in([spool]) == {}


def test_a_young_file_is_left_to_a_later_sweep(world: World, spool: Path) -> None:
    _leave(spool, "tmpyoung.upload.wav", b"RIFF", age=10)
    assert sweep().spool_removed == []
    assert sweep(older_than_seconds=0).spool_removed == ["tmpyoung.upload.wav"]


def test_an_older_versions_plain_live_spool_of_an_open_session_is_moved_into_the_database(
    world: World, spool: Path, django_capture_on_commit_callbacks: Any
) -> None:
    session = start_session(world.meeting, world.users["chair"], MIME)
    LiveSession.objects.filter(pk=session.pk).update(kek_id="", wrapped_key=None)
    path = spool_of(session)
    path.write_bytes(b"")  # an older version's spool: plain, nothing recorded yet
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep()
    assert report.live_spools_moved == [path.name]
    assert report.spool_removed == []
    assert not path.exists()
    session.refresh_from_db()
    assert session.kek_id


def test_an_unsent_bundle_left_by_a_killed_server_is_removed(world: World, settings: Any) -> None:
    bundles = Path(settings.DATA_DIR) / "bundles"
    bundles.mkdir(mode=0o700, exist_ok=True)
    _leave(bundles, "0123-abcd.zip", b"PK\x03\x04" + audio.wav(seconds=1.0), age=5)
    _leave(bundles, ".0123-ef01.zip.77.aa.part", audio.wav(seconds=1.0), age=5)
    assert sweep().bundles_removed == []  # younger than the grace period: perhaps being sent
    report = tidy_at_start()
    assert report.bundles_removed == [".0123-ef01.zip.77.aa.part", "0123-abcd.zip"]
    assert list(bundles.iterdir()) == []
