"""No (key, nonce) pair is ever used twice: every chunk of a recording has its own nonce, and
every recording has its own data key and random nonce prefix."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from onrecord.vault import crypto

CHUNK = 16


class SpyAESGCM:
    """Wraps AESGCM and notes every (key, nonce) it encrypts with."""

    used: list[tuple[bytes, bytes]] = []

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._inner = REAL_AESGCM(key)

    def encrypt(self, nonce: bytes, data: Any, aad: bytes | None) -> bytes:
        SpyAESGCM.used.append((self._key, nonce))
        return self._inner.encrypt(nonce, data, aad)

    def decrypt(self, nonce: bytes, data: Any, aad: bytes | None) -> bytes:
        return self._inner.decrypt(nonce, data, aad)


REAL_AESGCM = AESGCM


def test_every_encryption_uses_a_fresh_key_nonce_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    SpyAESGCM.used = []
    monkeypatch.setattr(crypto, "AESGCM", SpyAESGCM)
    key = os.urandom(32)  # even one key shared by several files (never done) stays safe
    for size in (0, 1, CHUNK, 10 * CHUNK + 3, 200 * CHUNK):
        crypto.encrypt_bytes(os.urandom(size), key, uuid.uuid4(), chunk_size=CHUNK)
    nonces = SpyAESGCM.used
    assert len(nonces) > 200
    assert len(set(nonces)) == len(nonces)
    assert all(len(nonce) == 12 for _, nonce in nonces)


def test_chunk_nonces_are_prefix_and_counter() -> None:
    prefix = os.urandom(crypto.NONCE_PREFIX_BYTES)
    nonces = {crypto.chunk_nonce(prefix, i) for i in range(10_000)}
    assert len(nonces) == 10_000
    assert crypto.chunk_nonce(prefix, 1) == prefix + b"\x00\x00\x00\x01"
    with pytest.raises(crypto.VaultFormatError):
        crypto.chunk_nonce(prefix, 2**32)


def test_each_file_gets_a_random_prefix_and_each_recording_its_own_key() -> None:
    prefixes = {
        crypto.Header.unpack(crypto.encrypt_bytes(b"a", os.urandom(32), uuid.uuid4())).nonce_prefix
        for _ in range(200)
    }
    assert len(prefixes) == 200
    assert len({crypto.new_data_key() for _ in range(200)}) == 200
