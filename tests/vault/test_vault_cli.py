"""`onrecord vault` for the people who keep the vault: which keys wrap what, rotation, an
integrity check of every recording that names any that fails, and tidying after crashes.
Exit codes let a scheduler alert: 0 all well, 1 something needs a person, 2 bad input."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Meeting
from onrecord.commands import main
from onrecord.vault.ingest import default_keyring, default_store, ingest
from onrecord.vault.keys import load_keyring
from onrecord.vault.models import Recording
from onrecord.vault.storage import FileBlobStore, blob_name_for
from tests.vault import audio


@pytest.fixture
def private_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data directory of this test's own: its key file and its blobs."""
    monkeypatch.delenv("ONRECORD_VAULT_KEYS", raising=False)
    with override_settings(DATA_DIR=tmp_path):
        yield tmp_path


def _stored(meeting: Meeting, seconds: float = 0.5) -> Recording:
    return ingest(io.BytesIO(audio.wav(seconds)), meeting=meeting, kind="authority")


def test_keys_lists_each_key_and_what_it_wraps(
    private_vault: Path, meeting: Meeting, capsys: pytest.CaptureFixture[str]
) -> None:
    _stored(meeting)
    _stored(meeting, 0.6)
    active = default_keyring().active_id
    assert main(["vault", "keys"]) == 0
    out = capsys.readouterr().out
    assert f"{active} (active: wraps new recordings): wraps 2 recordings" in out


def test_a_recording_under_a_key_no_longer_in_the_ring_is_reported(
    private_vault: Path, meeting: Meeting, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = _stored(meeting)
    recording.kek_id = "k-lost"  # the key wrapping is the one thing save() lets change
    recording.save(update_fields=["kek_id"])
    assert main(["vault", "keys"]) == 1
    assert "k-lost: MISSING from the key ring, wraps 1 recordings" in capsys.readouterr().err


def test_rotation_adds_a_key_then_rewraps_without_touching_audio(
    private_vault: Path, meeting: Meeting, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = _stored(meeting)
    store = default_store()
    assert isinstance(store, FileBlobStore)
    blob = (store.root / recording.blob_name).read_bytes()
    old = default_keyring().active_id

    assert main(["vault", "add-key"]) == 0
    ring = load_keyring(Path(settings.DATA_DIR))
    assert ring.active_id != old
    assert set(ring.keys) == {old, ring.active_id}
    assert main(["vault", "rewrap"]) == 0
    assert "1 recording re-wrapped" in capsys.readouterr().out
    recording.refresh_from_db()
    assert recording.kek_id == ring.active_id
    assert (store.root / recording.blob_name).read_bytes() == blob
    assert main(["vault", "verify", str(recording.pk)]) == 0


def test_add_key_refuses_when_keys_come_from_the_environment(
    private_vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", "k1:" + "A" * 43 + "=")
    assert main(["vault", "add-key"]) == 1
    assert "ONRECORD_VAULT_KEYS" in capsys.readouterr().err


def test_verify_checks_every_recording_and_names_a_damaged_one(
    private_vault: Path, meeting: Meeting, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = _stored(meeting), _stored(meeting, 0.7)
    assert main(["vault", "verify"]) == 0
    assert "2 recordings checked, 0 failed." in capsys.readouterr().out

    store = default_store()
    assert isinstance(store, FileBlobStore)
    path = store.root / bad.blob_name
    os.chmod(path, 0o600)
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    path.write_bytes(bytes(damaged))

    assert main(["vault", "verify"]) == 1
    captured = capsys.readouterr()
    assert f"FAILED {bad.pk}: " in captured.err
    assert str(good.pk) not in captured.err
    assert "2 recordings checked, 1 failed." in captured.out
    checks = AuditEvent.objects.filter(action="vault.verify", object_id=str(bad.pk))
    assert checks.count() == 2
    assert checks.latest("seq").detail["ok"] is False


def test_verify_refuses_ids_that_are_not_recordings(
    private_vault: Path, meeting: Meeting, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vault", "verify", "not-a-uuid"]) == 2
    missing = "00000000-0000-4000-8000-000000000000"
    assert main(["vault", "verify", missing]) == 1
    assert f"No such recording: {missing}" in capsys.readouterr().err


def test_sweep_removes_orphans_but_not_recent_files(
    private_vault: Path, meeting: Meeting, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = _stored(meeting)
    store = default_store()
    assert isinstance(store, FileBlobStore)
    orphan = blob_name_for("0123abcd-0000-4000-8000-000000000000")
    pending = store.begin(orphan)
    pending.write(b"left by an upload whose row was never committed")
    pending.commit()

    assert main(["vault", "sweep"]) == 0  # an hour's grace: too young to be an orphan
    assert store.exists(orphan)
    old = store.root / orphan
    os.utime(old, (0, 0))
    assert main(["vault", "sweep"]) == 0
    assert not store.exists(orphan)
    assert store.exists(kept.blob_name)
    assert f"orphan removed: {orphan}" in capsys.readouterr().out
    assert main(["vault", "sweep", "--older-than", "-1"]) == 2
