"""Keys from a secret store: the variable, its _FILE, or ONRECORD_SECRETS_DIR
(onrecord/secret_sources.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.secret_sources import KeyConfigError, configured_secret


def _private(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o600)
    return path


def test_variable_then_file_then_secrets_dir(tmp_path: Path) -> None:
    assert configured_secret("ONRECORD_X", {}) is None
    direct = configured_secret("ONRECORD_X", {"ONRECORD_X": " v1 "})
    assert direct is not None
    assert (direct.value, direct.where) == ("v1", "ONRECORD_X")
    file = _private(tmp_path / "x", "v2\n")
    from_file = configured_secret("ONRECORD_X", {"ONRECORD_X_FILE": str(file)})
    assert from_file is not None
    assert from_file.value == "v2"
    assert "ONRECORD_X_FILE" in from_file.where
    assert "v2" not in from_file.where
    store = tmp_path / "store"
    store.mkdir()
    _private(store / "ONRECORD_X", "v3")
    from_dir = configured_secret("ONRECORD_X", {"ONRECORD_SECRETS_DIR": str(store)})
    assert from_dir is not None
    assert from_dir.value == "v3"
    assert configured_secret("ONRECORD_Y", {"ONRECORD_SECRETS_DIR": str(store)}) is None


def test_both_variable_and_file_are_refused(tmp_path: Path) -> None:
    file = _private(tmp_path / "x", "v2")
    with pytest.raises(KeyConfigError, match="both ONRECORD_X and ONRECORD_X_FILE"):
        configured_secret("ONRECORD_X", {"ONRECORD_X": "v1", "ONRECORD_X_FILE": str(file)})


@pytest.mark.parametrize(
    ("mode", "text", "problem"),
    [(0o644, "v", "readable by other users"), (0o600, "  \n", "empty")],
)
def test_a_bad_secret_file_is_refused_and_named(
    tmp_path: Path, mode: int, text: str, problem: str
) -> None:
    file = tmp_path / "x"
    file.write_text(text)
    file.chmod(mode)
    with pytest.raises(KeyConfigError, match=problem) as caught:
        configured_secret("ONRECORD_X", {"ONRECORD_X_FILE": str(file)})
    assert "ONRECORD_X_FILE" in str(caught.value)


def test_a_missing_secret_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyConfigError, match="cannot be read"):
        configured_secret("ONRECORD_X", {"ONRECORD_X_FILE": str(tmp_path / "absent")})
