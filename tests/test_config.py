"""Configuration from the environment: safe defaults, clear errors naming the variable."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from onrecord import config


def test_secret_key_is_generated_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("ONRECORD_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) >= 50
    assert config.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".secret_key.*")), "no temporary file is left behind"


def test_short_configured_secret_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_SECRET_KEY", "short")
    with pytest.raises(config.ConfigError, match="ONRECORD_SECRET_KEY"):
        config.secret_key(Path("/nonexistent"))


def test_damaged_key_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONRECORD_SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("x")
    with pytest.raises(config.ConfigError, match="damaged"):
        config.secret_key(tmp_path)


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("yes", True), ("off", False)])
def test_booleans(raw: str, value: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_DEBUG", raw)
    assert config.env_bool("ONRECORD_DEBUG") is value


def test_bad_boolean_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_DEBUG", "perhaps")
    with pytest.raises(config.ConfigError, match="ONRECORD_DEBUG must be true or false"):
        config.env_bool("ONRECORD_DEBUG")


def test_bad_number_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_LOGIN_FAILURE_LIMIT", "five")
    with pytest.raises(config.ConfigError, match="ONRECORD_LOGIN_FAILURE_LIMIT"):
        config.env_int("ONRECORD_LOGIN_FAILURE_LIMIT", 5)


def test_debug_is_off_unless_asked_for() -> None:
    from django.conf import settings

    assert settings.DEBUG is False


def test_upload_spool_is_private_to_the_service(tmp_path: Path) -> None:
    """Uploads wait in the clear until the vault encrypts them: never in a shared temp dir."""
    from onrecord.config import private_dir

    spool = private_dir(tmp_path / "upload-spool")
    assert spool.is_dir()
    assert stat.S_IMODE(spool.stat().st_mode) == 0o700
    spool.chmod(0o755)  # loosened by hand: put right on the next start
    assert stat.S_IMODE(private_dir(spool).stat().st_mode) == 0o700


def test_settings_spool_uploads_in_the_private_directory() -> None:
    from django.conf import settings

    assert Path(settings.FILE_UPLOAD_TEMP_DIR).name == "upload-spool"
    assert stat.S_IMODE(Path(settings.FILE_UPLOAD_TEMP_DIR).stat().st_mode) == 0o700


def test_data_dir_is_private_to_the_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SQLite database and mail files hold children's records: nobody else may read them."""
    monkeypatch.setenv("ONRECORD_DATA_DIR", str(tmp_path / "var"))
    made = config.data_dir()
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
