"""Encrypt then decrypt gives back exactly the original, for every size around chunk edges,
streamed in pieces of any size (issue 6: chunked AES-256-GCM)."""

from __future__ import annotations

import io
import os
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.vault import crypto

CHUNK = 64


def _encrypt_in_pieces(data: bytes, key: bytes, rid: uuid.UUID, piece: int) -> bytes:
    encryptor = crypto.Encryptor(key, rid, chunk_size=CHUNK)
    out = [encryptor.update(data[i : i + piece]) for i in range(0, len(data), piece)]
    out.append(encryptor.finalize())
    return b"".join(out)


@pytest.mark.parametrize(
    "size",
    [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 17],
)
@pytest.mark.parametrize("piece", [1, 7, CHUNK, 1000])
def test_round_trip_around_chunk_edges(size: int, piece: int) -> None:
    key, rid, data = crypto.new_data_key(), uuid.uuid4(), os.urandom(size)
    stored = _encrypt_in_pieces(data, key, rid, piece)
    assert crypto.decrypt_bytes(stored, key, expected_recording_id=rid) == data
    reader = crypto.DecryptingReader(io.BytesIO(stored), key)
    assert reader.size == size
    assert reader.read() == data


@pytest.mark.parametrize(
    ("size", "chunks"), [(0, 1), (1, 1), (CHUNK, 1), (CHUNK + 1, 2), (3 * CHUNK, 3)]
)
def test_the_last_chunk_holds_one_to_chunk_size_bytes(size: int, chunks: int) -> None:
    """An exact multiple of the chunk size ends with a full final chunk, not an empty one;
    only an empty recording has an empty (final) chunk."""
    key, rid = crypto.new_data_key(), uuid.uuid4()
    stored = crypto.encrypt_bytes(os.urandom(size), key, rid, chunk_size=CHUNK)
    expected = crypto.PREAMBLE_BYTES + size + chunks * crypto.TAG_BYTES
    assert len(stored) == expected
    assert crypto.DecryptingReader(io.BytesIO(stored), key).layout.chunk_count == chunks


def test_a_few_megabytes_with_the_default_chunk_size() -> None:
    key, rid = crypto.new_data_key(), uuid.uuid4()
    data = os.urandom(3 * crypto.DEFAULT_CHUNK_SIZE + 12345)
    stored = crypto.encrypt_bytes(data, key, rid)
    assert crypto.decrypt_bytes(stored, key) == data


def test_the_header_records_version_recording_and_chunk_size() -> None:
    key, rid = crypto.new_data_key(), uuid.uuid4()
    stored = crypto.encrypt_bytes(b"x", key, rid, chunk_size=4096)
    header = crypto.Header.unpack(stored)
    assert (header.version, header.recording_id, header.chunk_size) == (1, rid, 4096)
    assert stored.startswith(b"ONRECVLT")


def test_the_wrong_key_is_refused_at_the_header() -> None:
    rid = uuid.uuid4()
    stored = crypto.encrypt_bytes(b"audio", crypto.new_data_key(), rid)
    with pytest.raises(crypto.TamperedError, match="header failed authentication"):
        crypto.DecryptingReader(io.BytesIO(stored), crypto.new_data_key())


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=600), chunk=st.integers(1, 100), piece=st.integers(1, 200))
def test_round_trip_property(data: bytes, chunk: int, piece: int) -> None:
    key, rid = crypto.new_data_key(), uuid.uuid4()
    encryptor = crypto.Encryptor(key, rid, chunk_size=chunk)
    parts = [encryptor.update(data[i : i + piece]) for i in range(0, len(data), piece)]
    stored = b"".join([*parts, encryptor.finalize()])
    assert crypto.decrypt_bytes(stored, key) == data
