"""A recording cut short is refused when opened, and the error says where it ends."""

from __future__ import annotations

import io
import os
import uuid

import pytest

from onrecord.vault import crypto

CHUNK = 100
STRIDE = CHUNK + crypto.TAG_BYTES


def _stored(size: int) -> tuple[bytes, bytes]:
    key = crypto.new_data_key()
    return crypto.encrypt_bytes(os.urandom(size), key, uuid.uuid4(), chunk_size=CHUNK), key


@pytest.mark.parametrize("kept", [1, 2, 4])
def test_whole_chunks_cut_off_the_end_are_named(kept: int) -> None:
    stored, key = _stored(5 * CHUNK + 40)
    cut = stored[: crypto.PREAMBLE_BYTES + kept * STRIDE]
    with pytest.raises(crypto.TruncatedError, match=f"truncated after chunk {kept - 1}"):
        crypto.DecryptingReader(io.BytesIO(cut), key)


def test_a_recording_that_is_an_exact_number_of_chunks_cut_by_one_chunk() -> None:
    stored, key = _stored(4 * CHUNK)
    cut = stored[: crypto.PREAMBLE_BYTES + 3 * STRIDE]
    with pytest.raises(crypto.TruncatedError, match="truncated after chunk 2"):
        crypto.DecryptingReader(io.BytesIO(cut), key)


def test_cut_inside_the_last_chunk() -> None:
    stored, key = _stored(5 * CHUNK + 40)
    with pytest.raises(crypto.TamperedError, match=r"chunk 5 .*cut short inside it"):
        crypto.DecryptingReader(io.BytesIO(stored[:-10]), key)


def test_cut_inside_a_tag() -> None:
    stored, key = _stored(3 * CHUNK)
    cut = stored[: crypto.PREAMBLE_BYTES + 2 * STRIDE + 5]
    with pytest.raises(crypto.TruncatedError, match="truncated inside chunk 2"):
        crypto.DecryptingReader(io.BytesIO(cut), key)


def test_only_the_header_left() -> None:
    stored, key = _stored(300)
    with pytest.raises(crypto.TruncatedError, match="no chunks follow the header"):
        crypto.DecryptingReader(io.BytesIO(stored[: crypto.PREAMBLE_BYTES]), key)


def test_cut_inside_the_header() -> None:
    stored, key = _stored(300)
    with pytest.raises(crypto.TruncatedError, match="header is truncated"):
        crypto.DecryptingReader(io.BytesIO(stored[:20]), key)


def test_an_extra_chunk_appended_is_detected() -> None:
    """Appending a copy of a middle chunk after the final one: the old final chunk is no longer
    last, and the new last one was never final."""
    stored, key = _stored(3 * CHUNK + 10)
    first = stored[crypto.PREAMBLE_BYTES : crypto.PREAMBLE_BYTES + STRIDE]
    with pytest.raises(crypto.VaultFormatError, match="chunk 4"):
        crypto.DecryptingReader(io.BytesIO(stored + first), key)
