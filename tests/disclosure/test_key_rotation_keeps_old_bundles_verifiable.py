"""Rotating the signing key (`onrecord signing-key --rotate`): a new key signs from now on, the
old one is retired now and stays in the published set, so a bundle signed before the rotation
still verifies and one signed after it verifies with the new key; the retired key cannot sign a
bundle dated after its retirement, and a key not in the set verifies nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from onrecord.authority_key import (
    PUBLIC_KEYS_FILE,
    configured_key_set,
    load_signing_key,
    parse_key_set,
    rotate_signing_key,
)
from onrecord.commands import main
from onrecord.disclosure.verify import verify_bundle
from onrecord.secret_files import KeyConfigError
from tests.disclosure.synthetic import genuine_members, write_zip

ROTATED = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)
BEFORE = ROTATED - dt.timedelta(days=30)
AFTER = ROTATED + dt.timedelta(days=1)


def test_old_bundles_verify_after_rotation(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    old_key = load_signing_key(data, environ={})
    old_bundle = write_zip(tmp_path / "old.zip", genuine_members(old_key, created_at=BEFORE))

    retired, new, keys = rotate_signing_key(data, environ={}, now=ROTATED)
    new_key = load_signing_key(data, environ={})
    assert new_key.public_key().public_bytes_raw() != old_key.public_key().public_bytes_raw()
    assert (retired.not_after, new.not_before) == (ROTATED, ROTATED)

    published = parse_key_set((data / PUBLIC_KEYS_FILE).read_text(), "published")
    assert [k.key_id for k in published] == [retired.key_id, new.key_id]
    assert configured_key_set(data, environ={}) == published == keys

    report = verify_bundle(old_bundle, trusted=published)
    assert report.ok, report.problems
    assert report.signer is not None
    assert report.signer.key_id == retired.key_id

    new_bundle = write_zip(tmp_path / "new.zip", genuine_members(new_key, created_at=AFTER))
    report = verify_bundle(new_bundle, trusted=published)
    assert report.ok, report.problems

    # The retired key, stolen from an old backup, signing a bundle dated after its retirement:
    late = write_zip(tmp_path / "late.zip", genuine_members(old_key, created_at=AFTER))
    report = verify_bundle(late, trusted=published)
    assert not report.ok
    assert any("outside the period that key signs in" in p for p in report.problems)
    # ... and the new key cannot vouch for a bundle dated before it existed.
    early = write_zip(tmp_path / "early.zip", genuine_members(new_key, created_at=BEFORE))
    assert not verify_bundle(early, trusted=published).ok


def test_the_command_rotates_and_prints_the_new_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "var"
    monkeypatch.setenv("ONRECORD_DATA_DIR", str(data))
    monkeypatch.delenv("ONRECORD_SIGNING_KEY", raising=False)
    assert main(["signing-key"]) == 0
    before = parse_key_set(capsys.readouterr().out, "before")
    assert len(before) == 1
    assert main(["signing-key", "--rotate"]) == 0
    captured = capsys.readouterr()
    after = parse_key_set(captured.out, "after")
    assert "Retired " in captured.err
    assert len(after) == 2
    (old,) = before
    retired = after.get(old.key_id)
    assert retired is not None
    assert retired.not_after is not None
    assert (data / PUBLIC_KEYS_FILE).stat().st_mode & 0o777 == 0o644
    assert (data / "signing_key").stat().st_mode & 0o777 == 0o600
    # Printing again gives the same set: the published file is the record.
    assert main(["signing-key"]) == 0
    assert capsys.readouterr().out == captured.out


def test_a_key_from_the_environment_is_rotated_by_hand(tmp_path: Path) -> None:
    with pytest.raises(KeyConfigError, match="by hand"):
        rotate_signing_key(tmp_path, environ={"ONRECORD_SIGNING_KEY": "A" * 43 + "="}, now=ROTATED)


def test_a_current_key_already_retired_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stale key put back after a rotation would sign bundles that never verify."""
    data = tmp_path / "var"
    data.mkdir()
    load_signing_key(data, environ={})
    old_text = (data / "signing_key").read_text()
    rotate_signing_key(data, environ={}, now=ROTATED)
    (data / "signing_key").unlink()
    (data / "signing_key").write_text(old_text)
    (data / "signing_key").chmod(0o600)
    monkeypatch.setenv("ONRECORD_DATA_DIR", str(data))
    monkeypatch.delenv("ONRECORD_SIGNING_KEY", raising=False)
    assert main(["signing-key"]) == 2
    assert "is not valid now" in capsys.readouterr().err
