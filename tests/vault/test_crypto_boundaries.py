"""The vault format's limits sit exactly where docs/VAULT.md puts them: a header of exactly 37
bytes, chunk sizes 1..64 MiB inclusive, at most 2**32 - 1 chunks (index FFFFFFFF is the header
tag's nonce and is never a chunk's), one stored byte after the header is a cut inside chunk 0,
and a failing last chunk is called "cut short inside it" only when it is shorter than a full
chunk and is not the only one. Found by mutation testing (docs/MUTATION.md)."""

from __future__ import annotations

import io
import uuid

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from onrecord.vault import crypto

RID = uuid.UUID("00000000-0000-4000-8000-000000000002")


def test_a_header_of_exactly_37_bytes_unpacks() -> None:
    header = crypto.Header(1, 4096, RID, b"\x07" * 8)
    packed = header.pack()
    assert len(packed) == crypto.HEADER_BYTES == 37
    assert crypto.Header.unpack(packed) == header


def test_the_largest_chunk_size_is_allowed_and_one_more_is_not() -> None:
    largest = crypto.Header(1, crypto.MAX_CHUNK_SIZE, RID, b"\x07" * 8).pack()
    assert crypto.Header.unpack(largest).chunk_size == 64 * 1024 * 1024
    encryptor = crypto.Encryptor(crypto.new_data_key(), RID, chunk_size=crypto.MAX_CHUNK_SIZE)
    assert encryptor.header.chunk_size == crypto.MAX_CHUNK_SIZE
    too_large = crypto.Header(1, crypto.MAX_CHUNK_SIZE + 1, RID, b"\x07" * 8).pack()
    with pytest.raises(crypto.VaultFormatError, match="chunk size 67108865 is invalid"):
        crypto.Header.unpack(too_large)


def test_one_byte_after_the_header_is_a_cut_inside_chunk_0() -> None:
    key = crypto.new_data_key()
    stored = crypto.encrypt_bytes(b"abc", key, RID, chunk_size=4)
    with pytest.raises(crypto.TruncatedError) as refused:
        crypto.DecryptingReader(io.BytesIO(stored[: crypto.PREAMBLE_BYTES + 1]), key)
    assert str(refused.value) == (
        "the recording is truncated inside chunk 0 (1 of at least 16 bytes present)"
    )


def test_the_last_allowed_chunk_index_is_fffffffe() -> None:
    key, prefix = crypto.new_data_key(), b"\x09" * 8
    encryptor = crypto.Encryptor(key, RID, chunk_size=1, nonce_prefix=prefix)
    preamble = encryptor.update(b"")
    # Writing 2**32 - 2 chunks is out of reach; jump the counter to the last index allowed.
    encryptor._index = crypto.MAX_CHUNKS - 1
    sealed = encryptor.finalize()
    header = preamble[: crypto.HEADER_BYTES]
    last = b"\xff\xff\xff\xfe"
    assert AESGCM(key).decrypt(prefix + last, sealed, header + last + b"\x01") == b""


def test_a_chunk_with_the_header_tags_nonce_is_never_sealed() -> None:
    encryptor = crypto.Encryptor(crypto.new_data_key(), RID, chunk_size=1)
    encryptor.update(b"")
    # Index FFFFFFFF would reuse the header tag's nonce under the same key.
    encryptor._index = crypto.MAX_CHUNKS
    with pytest.raises(crypto.VaultFormatError) as refused:
        encryptor.finalize()
    assert str(refused.value) == "the recording is too large for this chunk size"


def test_the_most_chunks_the_format_allows_is_not_refused_as_too_many() -> None:
    key = crypto.new_data_key()
    stored = crypto.encrypt_bytes(b"", key, RID, chunk_size=1)
    stride = 1 + crypto.TAG_BYTES
    most = crypto.PREAMBLE_BYTES + crypto.MAX_CHUNKS * stride
    # Claim that many chunks: the layout is accepted, then the bytes are found missing.
    with pytest.raises(crypto.TruncatedError, match=r"inside chunk 4294967294 \(0 of 17 bytes"):
        crypto.DecryptingReader(io.BytesIO(stored), key, stored_size=most)
    with pytest.raises(crypto.VaultFormatError) as refused:
        crypto.DecryptingReader(io.BytesIO(stored), key, stored_size=most + stride)
    assert str(refused.value) == "the recording has more chunks than the format allows"


CHUNK = 64


def _damaged_last_chunk(plaintext_size: int) -> tuple[bytes, bytes]:
    key = crypto.new_data_key()
    stored = bytearray(crypto.encrypt_bytes(bytes(plaintext_size), key, RID, chunk_size=CHUNK))
    stored[-1] ^= 0x01
    return bytes(stored), key


def _refusal(stored: bytes, key: bytes) -> str:
    with pytest.raises(crypto.TamperedError) as refused:
        crypto.DecryptingReader(io.BytesIO(stored), key)
    return str(refused.value)


def test_a_short_last_chunk_that_fails_may_have_been_cut() -> None:
    stored, key = _damaged_last_chunk(CHUNK + 60)  # chunk 1 holds 60 of 64 bytes
    assert _refusal(stored, key) == (
        "chunk 1 (the last) failed authentication: it was changed, "
        "or the recording was cut short inside it"
    )


def test_a_full_last_chunk_that_fails_was_changed() -> None:
    stored, key = _damaged_last_chunk(2 * CHUNK)  # chunk 1 is full
    assert _refusal(stored, key) == "chunk 1 failed authentication"


def test_an_only_chunk_that_fails_was_changed() -> None:
    stored, key = _damaged_last_chunk(10)  # chunk 0 is both the first and the last
    assert _refusal(stored, key) == "chunk 0 failed authentication"
