"""The authority's signing key: generated once into the data directory with mode 0600 (a key
file others can read is refused), or taken from ONRECORD_SIGNING_KEY."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.authority_key import fingerprint, load_signing_key, public_pem
from onrecord.secret_files import KeyConfigError


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def test_generated_once_and_private(tmp_path: Path) -> None:
    first = load_signing_key(tmp_path, environ={})
    path = tmp_path / "signing_key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert _raw(load_signing_key(tmp_path, environ={})) == _raw(first)
    assert public_pem(first.public_key()).startswith(b"-----BEGIN PUBLIC KEY-----")
    assert len(fingerprint(first.public_key()).split(":")) == 16


def test_a_readable_key_file_is_refused(tmp_path: Path) -> None:
    load_signing_key(tmp_path, environ={})
    (tmp_path / "signing_key").chmod(0o644)
    with pytest.raises(KeyConfigError, match="chmod 600"):
        load_signing_key(tmp_path, environ={})


def test_from_the_environment(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    loaded = load_signing_key(
        tmp_path, environ={"ONRECORD_SIGNING_KEY": base64.b64encode(raw).decode()}
    )
    assert _raw(loaded) == _raw(key)
    assert not (tmp_path / "signing_key").exists()
    with pytest.raises(KeyConfigError, match="32 bytes"):
        load_signing_key(tmp_path, environ={"ONRECORD_SIGNING_KEY": "c2hvcnQ="})
