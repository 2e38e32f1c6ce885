"""Key-encryption keys come from ONRECORD_VAULT_KEYS, or a file made once with mode 0600; bad
configuration is refused naming the variable or file and the entry."""

from __future__ import annotations

import base64
import os
import stat
import uuid
from pathlib import Path

import pytest

from onrecord.secret_files import KeyConfigError
from onrecord.vault import crypto
from onrecord.vault.keys import (
    ENV_KEYS,
    KEY_FILE_NAME,
    UnwrapError,
    add_key_to_file,
    encode_key,
    load_keyring,
)


def test_generated_once_into_the_data_dir_with_mode_0600(tmp_path: Path) -> None:
    first = load_keyring(tmp_path, environ={})
    path = tmp_path / KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = load_keyring(tmp_path, environ={})
    assert first.keys == second.keys
    assert len(first.keys) == 1
    assert first.active_id.startswith("k")


def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    load_keyring(tmp_path, environ={})
    (tmp_path / KEY_FILE_NAME).chmod(0o644)
    with pytest.raises(KeyConfigError, match="chmod 600"):
        load_keyring(tmp_path, environ={})


def test_keys_from_the_environment_the_last_is_active(tmp_path: Path) -> None:
    a, b = os.urandom(32), os.urandom(32)
    # Standard base64 (with + and /) is accepted as well as the URL-safe kind.
    env = {ENV_KEYS: f"old:{base64.b64encode(a).decode()}, new:{encode_key(b)}"}
    ring = load_keyring(tmp_path, environ=env)
    assert ring.keys == {"old": a, "new": b}
    assert ring.active_id == "new"
    assert not (tmp_path / KEY_FILE_NAME).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("k1", "entry 1 must be 'id:base64key'"),
        ("k1:" + encode_key(b"short"), "key 'k1'.*32 bytes"),
        ("k1:%%%notbase64", "not valid base64"),
        (f"k1:{encode_key(bytes(32))},k1:{encode_key(bytes(32))}", "appears twice"),
        (f"b@d:{encode_key(bytes(32))}", "key id 'b@d' must be"),
    ],
)
def test_malformed_keys_are_refused_naming_the_problem(
    tmp_path: Path, value: str, message: str
) -> None:
    with pytest.raises(KeyConfigError, match=message):
        load_keyring(tmp_path, environ={ENV_KEYS: value})


def test_a_data_key_under_a_key_no_longer_configured_is_named(tmp_path: Path) -> None:
    old = load_keyring(tmp_path, environ={ENV_KEYS: f"gone:{encode_key(os.urandom(32))}"})
    rid = uuid.uuid4()
    kek_id, wrapped = old.wrap(crypto.new_data_key(), rid)
    new = load_keyring(tmp_path, environ={ENV_KEYS: f"other:{encode_key(os.urandom(32))}"})
    with pytest.raises(UnwrapError, match="key 'gone', which is not configured"):
        new.unwrap(kek_id, wrapped, rid)


def test_adding_a_key_to_the_file_makes_it_active_and_keeps_the_old(tmp_path: Path) -> None:
    before = load_keyring(tmp_path, environ={})
    new_id = add_key_to_file(tmp_path, "k-next")
    after = load_keyring(tmp_path, environ={})
    assert new_id == "k-next"
    assert after.active_id == "k-next"
    assert after.keys[before.active_id] == before.keys[before.active_id]
    assert stat.S_IMODE((tmp_path / KEY_FILE_NAME).stat().st_mode) == 0o600
    with pytest.raises(KeyConfigError, match="already"):
        add_key_to_file(tmp_path, "k-next")
