"""Once finalize() has sealed the final chunk, the encryptor refuses more: a second final chunk
(or chunks after the final one) would make a file that no longer reads as one recording."""

from __future__ import annotations

import uuid

import pytest

from onrecord.vault import crypto


def _finished() -> crypto.Encryptor:
    encryptor = crypto.Encryptor(crypto.new_data_key(), uuid.uuid4(), chunk_size=8)
    encryptor.update(b"x" * 20)
    encryptor.finalize()
    return encryptor


def test_finalize_twice_is_refused() -> None:
    encryptor = _finished()
    with pytest.raises(ValueError, match=r"^the encryptor is finished$"):
        encryptor.finalize()
    assert encryptor.chunks_written == 3


def test_update_after_finalize_is_refused() -> None:
    encryptor = _finished()
    with pytest.raises(ValueError, match=r"^the encryptor is finished$"):
        encryptor.update(b"more")
    assert encryptor.chunks_written == 3
