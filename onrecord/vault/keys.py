"""Key-encryption keys (KEKs): the ring that wraps each recording's own data key.

Pure Python (no Django). Keys come from ONRECORD_VAULT_KEYS, or from `<data dir>/vault_keys`,
made once with mode 0600 on first use (as onrecord.config makes the secret key) and never
committed. Each key has an id; a wrapped data key names the KEK that wrapped it.

Keys must stay usable for decades: a looked-after child's record is kept until their 75th
birthday. So a KEK is never deleted while any recording names it (`onrecord manage vault_keys`
counts them), the wrap format is versioned, and the primitives are plain AES-256-GCM, readable by
any crypto library. Rotation adds a new KEK (the last one listed wraps new data keys) and
re-wraps existing data keys under it; the encrypted audio is never touched.

    ONRECORD_VAULT_KEYS="k2024:<base64 of 32 bytes>,k2026:<base64 of 32 bytes>"
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from onrecord.secret_files import KeyConfigError, check_private, write_private
from onrecord.secret_sources import configured_secret
from onrecord.vault.crypto import KEY_BYTES, TamperedError

ENV_KEYS = "ONRECORD_VAULT_KEYS"
KEY_FILE_NAME = "vault_keys"
WRAP_VERSION = 1
_NONCE_BYTES = 12
WRAPPED_BYTES = 1 + _NONCE_BYTES + KEY_BYTES + 16
_KEY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class UnwrapError(TamperedError):
    """A wrapped data key could not be unwrapped: changed, misfiled, or under an unknown KEK."""


def _aad(kek_id: str, recording_id: uuid.UUID) -> bytes:
    return (
        b"onrecord-vault-data-key\x00"
        + bytes([WRAP_VERSION])
        + kek_id.encode("ascii")
        + b"\x00"
        + recording_id.bytes
    )


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode("ascii")


def decode_key(text: str, where: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().replace("+", "-").replace("/", "_"))
    except (binascii.Error, ValueError) as exc:
        raise KeyConfigError(f"{where}: the key is not valid base64") from exc
    if len(key) != KEY_BYTES:
        raise KeyConfigError(f"{where}: a key is {KEY_BYTES} bytes, not {len(key)}")
    return key


def new_key_id(today: dt.date | None = None) -> str:
    day = (today or dt.date.today()).strftime("%Y%m%d")
    return f"k{day}-{secrets.token_hex(3)}"


@dataclass(frozen=True)
class KeyRing:
    """KEKs by id; `active_id` wraps new data keys, every key can unwrap."""

    keys: Mapping[str, bytes]
    active_id: str
    source: str = ""

    def __post_init__(self) -> None:
        if self.active_id not in self.keys:
            raise KeyConfigError(f"the active key {self.active_id!r} is not in the key ring")
        for key_id, key in self.keys.items():
            if not _KEY_ID.match(key_id):
                raise KeyConfigError(f"key id {key_id!r} must be 1-40 letters, digits, _ . -")
            if len(key) != KEY_BYTES:
                raise KeyConfigError(f"key {key_id} is not {KEY_BYTES} bytes")

    def wrap(self, data_key: bytes, recording_id: uuid.UUID) -> tuple[str, bytes]:
        """(kek id, wrapped key) for a recording's data key under the active KEK."""
        if len(data_key) != KEY_BYTES:
            raise ValueError(f"a data key is {KEY_BYTES} bytes")
        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(self.keys[self.active_id]).encrypt(
            nonce, data_key, _aad(self.active_id, recording_id)
        )
        return self.active_id, bytes([WRAP_VERSION]) + nonce + sealed

    def unwrap(self, kek_id: str, wrapped: bytes, recording_id: uuid.UUID) -> bytes:
        kek = self.keys.get(kek_id)
        if kek is None:
            raise UnwrapError(
                f"the data key of recording {recording_id} is wrapped by key {kek_id!r}, "
                f"which is not configured ({self.source or 'key ring'}): restore that key"
            )
        wrapped = bytes(wrapped)
        if len(wrapped) != WRAPPED_BYTES or wrapped[0] != WRAP_VERSION:
            raise UnwrapError(
                f"the wrapped data key of recording {recording_id} is damaged "
                f"({len(wrapped)} bytes, version {wrapped[:1].hex() or 'missing'})"
            )
        try:
            return AESGCM(kek).decrypt(
                wrapped[1 : 1 + _NONCE_BYTES],
                wrapped[1 + _NONCE_BYTES :],
                _aad(kek_id, recording_id),
            )
        except InvalidTag:
            raise UnwrapError(
                f"the wrapped data key of recording {recording_id} failed authentication "
                f"under key {kek_id!r}: it was changed or belongs to another recording"
            ) from None

    def rewrap(self, kek_id: str, wrapped: bytes, recording_id: uuid.UUID) -> tuple[str, bytes]:
        """Unwrap under the old KEK and wrap under the active one: the audio is untouched."""
        return self.wrap(self.unwrap(kek_id, wrapped, recording_id), recording_id)


def parse_keys(text: str, where: str) -> KeyRing:
    """`id:base64,id:base64` (environment) or one `id base64` per line (key file).

    The last key listed is the active one.
    """
    keys: dict[str, bytes] = {}
    entries = [e for e in re.split(r"[,\n]", text) if e.strip() and not e.strip().startswith("#")]
    for number, entry in enumerate(entries, start=1):
        parts = re.split(r"[:\s]+", entry.strip(), maxsplit=1)
        if len(parts) != 2:
            raise KeyConfigError(f"{where}: entry {number} must be 'id:base64key'")
        key_id, encoded = parts
        if key_id in keys:
            raise KeyConfigError(f"{where}: key id {key_id!r} appears twice")
        keys[key_id] = decode_key(encoded, f"{where}, key {key_id!r}")
    if not keys:
        raise KeyConfigError(f"{where}: no keys")
    return KeyRing(keys=keys, active_id=list(keys)[-1], source=where)


_FILE_HEADER = (
    "# OnRecord vault key-encryption keys: one 'id base64key' per line; the last wraps new keys.\n"
    "# Back this file up apart from the data. Never delete a key that a recording still names.\n"
)


def load_keyring(directory: Path, environ: Mapping[str, str] | None = None) -> KeyRing:
    """The key ring from ONRECORD_VAULT_KEYS (or its `_FILE`, or ONRECORD_SECRETS_DIR:
    onrecord/secret_sources.py), else from `<directory>/vault_keys`, made once."""
    env = os.environ if environ is None else environ
    configured = configured_secret(ENV_KEYS, env)
    if configured:
        return parse_keys(configured.value, configured.where)
    path = directory / KEY_FILE_NAME
    if not path.exists():
        line = f"{new_key_id()} {encode_key(AESGCM.generate_key(bit_length=256))}\n"
        write_private(path, _FILE_HEADER + line, replace=False)
    check_private(path)
    return parse_keys(path.read_text(encoding="ascii"), str(path))


def add_key_to_file(directory: Path, key_id: str | None = None) -> str:
    """Rotation, step one, for the key file: append a new KEK, which becomes the active one.

    Step two is re-wrapping the data keys (onrecord.vault.services.rewrap_all). With keys from
    the environment, add the new `id:key` to the end of ONRECORD_VAULT_KEYS instead.
    """
    path = directory / KEY_FILE_NAME
    ring = load_keyring(directory, environ={})
    new_id = key_id or new_key_id()
    if new_id in ring.keys:
        raise KeyConfigError(f"key id {new_id!r} is already in {path}")
    text = path.read_text(encoding="ascii")
    if not text.endswith("\n"):
        text += "\n"
    text += f"{new_id} {encode_key(AESGCM.generate_key(bit_length=256))}\n"
    parse_keys(text, str(path))
    write_private(path, text, replace=True)
    return new_id
