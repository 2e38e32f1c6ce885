"""One changed byte anywhere is detected and named: in a chunk, in the header, in the header's
tag, or in the wrapped data key (issue 6: tamper tests)."""

from __future__ import annotations

import io
import os
import uuid

import pytest

from onrecord.vault import crypto
from onrecord.vault.keys import UnwrapError
from tests.vault.conftest import make_ring

CHUNK = 100


def _stored(chunks: float = 5.5) -> tuple[bytes, bytes, uuid.UUID]:
    key, rid = crypto.new_data_key(), uuid.uuid4()
    data = os.urandom(int(chunks * CHUNK))
    return crypto.encrypt_bytes(data, key, rid, chunk_size=CHUNK), key, rid


def _flip(data: bytes, offset: int) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= 0x01
    return bytes(changed)


def _chunk_offset(index: int) -> int:
    return crypto.PREAMBLE_BYTES + index * (CHUNK + crypto.TAG_BYTES)


@pytest.mark.parametrize("index", [0, 1, 3])
@pytest.mark.parametrize("where", [0, 50, CHUNK + 3])  # first byte, middle, inside the tag
def test_a_flipped_byte_in_a_chunk_names_the_chunk(index: int, where: int) -> None:
    stored, key, _ = _stored()
    damaged = _flip(stored, _chunk_offset(index) + where)
    reader = crypto.DecryptingReader(io.BytesIO(damaged), key)
    with pytest.raises(crypto.TamperedError, match=f"^chunk {index} failed authentication$"):
        reader.read()


def test_a_flipped_byte_in_the_last_chunk_is_caught_on_open() -> None:
    stored, key, _ = _stored()
    with pytest.raises(crypto.TamperedError, match=r"chunk 5 .*failed authentication"):
        crypto.DecryptingReader(io.BytesIO(_flip(stored, len(stored) - 20)), key)


def test_reading_up_to_a_damaged_chunk_still_works() -> None:
    """Damage is local: the chunks before it read, and the error names the first bad one."""
    stored, key, _ = _stored()
    reader = crypto.DecryptingReader(io.BytesIO(_flip(stored, _chunk_offset(2) + 5)), key)
    assert len(reader.read(2 * CHUNK)) == 2 * CHUNK
    with pytest.raises(crypto.TamperedError, match="chunk 2"):
        reader.read(1)


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (0, "not an OnRecord vault file"),  # magic
        (8, "format version"),  # version
        (20, "header failed authentication"),  # recording id
        (crypto.HEADER_BYTES - 1, "header failed authentication"),  # nonce prefix
        (crypto.HEADER_BYTES + 3, "header failed authentication"),  # header tag
    ],
)
def test_a_flipped_byte_in_the_header_is_named(offset: int, message: str) -> None:
    stored, key, _ = _stored()
    with pytest.raises(crypto.VaultFormatError, match=message):
        crypto.DecryptingReader(io.BytesIO(_flip(stored, offset)), key)


def test_a_changed_chunk_size_in_the_header_is_named() -> None:
    stored, key, _ = _stored()
    with pytest.raises(crypto.VaultFormatError, match="header"):
        crypto.DecryptingReader(io.BytesIO(_flip(stored, 12)), key)


def test_a_recording_filed_under_another_id_is_named() -> None:
    stored, key, rid = _stored()
    other = uuid.uuid4()
    with pytest.raises(crypto.VaultFormatError, match=f"names recording {rid}, not {other}"):
        crypto.DecryptingReader(io.BytesIO(stored), key, expected_recording_id=other)


def test_swapped_chunks_are_detected() -> None:
    stored, key, _ = _stored()
    a, b = _chunk_offset(1), _chunk_offset(2)
    stride = CHUNK + crypto.TAG_BYTES
    swapped = stored[:a] + stored[b : b + stride] + stored[a:b] + stored[b + stride :]
    reader = crypto.DecryptingReader(io.BytesIO(swapped), key)
    with pytest.raises(crypto.TamperedError, match="chunk 1 failed authentication"):
        reader.read()


def test_a_chunk_from_another_recording_is_detected() -> None:
    mine, key, _ = _stored()
    other = crypto.encrypt_bytes(os.urandom(550), key, uuid.uuid4(), chunk_size=CHUNK)
    at = _chunk_offset(1)
    stride = CHUNK + crypto.TAG_BYTES
    spliced = mine[:at] + other[at : at + stride] + mine[at + stride :]
    reader = crypto.DecryptingReader(io.BytesIO(spliced), key)
    with pytest.raises(crypto.TamperedError, match="chunk 1"):
        reader.read()


@pytest.mark.parametrize("offset", [0, 1, 20, 60])  # version, nonce, key, tag
def test_a_flipped_byte_in_the_wrapped_key_is_named(offset: int) -> None:
    ring, rid = make_ring("k1"), uuid.uuid4()
    kek_id, wrapped = ring.wrap(crypto.new_data_key(), rid)
    with pytest.raises(UnwrapError, match=f"recording {rid}"):
        ring.unwrap(kek_id, _flip(wrapped, offset), rid)


def test_a_wrapped_key_moved_to_another_recording_is_refused() -> None:
    ring = make_ring("k1")
    kek_id, wrapped = ring.wrap(crypto.new_data_key(), uuid.uuid4())
    with pytest.raises(UnwrapError, match="failed authentication under key 'k1'"):
        ring.unwrap(kek_id, wrapped, uuid.uuid4())
