"""Every refusal of the vault format says exactly what is wrong, in the words an operator, a
records manager or a court's expert reads in `onrecord vault check` and in error reports
(docs/VAULT.md). Mutation testing showed these messages could be blanked unnoticed."""

from __future__ import annotations

import io
import uuid

import pytest

from onrecord.vault import crypto

RID = uuid.UUID("00000000-0000-4000-8000-000000000001")


def _stored(data: bytes = b"0123456789", chunk_size: int = 4) -> tuple[bytes, bytes]:
    key = crypto.new_data_key()
    return crypto.encrypt_bytes(data, key, RID, chunk_size=chunk_size), key


def _refusal(stored: bytes, key: bytes) -> crypto.VaultFormatError:
    with pytest.raises(crypto.VaultFormatError) as refused:
        crypto.DecryptingReader(io.BytesIO(stored), key)
    return refused.value


def test_a_short_header_says_how_much_is_there() -> None:
    with pytest.raises(crypto.TruncatedError) as refused:
        crypto.Header.unpack(b"ONRECVLT\x01")
    assert str(refused.value) == "the header is truncated: 9 of 37 bytes present"


def test_a_file_that_is_not_a_vault_file_is_named() -> None:
    stored, _ = _stored()
    with pytest.raises(crypto.VaultFormatError) as refused:
        crypto.Header.unpack(b"NOTVAULT" + stored[8:])
    assert str(refused.value) == "the header is damaged: this is not an OnRecord vault file"


def test_an_unknown_format_version_is_named() -> None:
    stored, _ = _stored()
    with pytest.raises(crypto.VaultFormatError) as refused:
        crypto.Header.unpack(stored[:8] + b"\x02" + stored[9:])
    assert str(refused.value) == (
        "the header names format version 2; this code reads version 1 (the header may be damaged)"
    )


def test_an_impossible_chunk_size_is_named() -> None:
    stored, _ = _stored()
    with pytest.raises(crypto.VaultFormatError) as refused:
        crypto.Header.unpack(stored[:9] + b"\x00\x00\x00\x00" + stored[13:])
    assert str(refused.value) == "the header is damaged: chunk size 0 is invalid"


@pytest.mark.parametrize("index", [-1, 0x1_0000_0000])
def test_a_chunk_index_outside_the_nonce_space_is_named(index: int) -> None:
    with pytest.raises(crypto.VaultFormatError) as refused:
        crypto.chunk_nonce(b"\x00" * 8, index)
    assert str(refused.value) == f"chunk index {index} is out of range"


def test_a_data_key_of_the_wrong_length_is_named() -> None:
    with pytest.raises(ValueError, match=r"^a data key is 32 bytes, not 16$"):
        crypto.Encryptor(b"k" * 16, RID)
    with pytest.raises(ValueError, match=r"^a data key is 32 bytes, not 31$"):
        crypto.DecryptingReader(io.BytesIO(b""), b"k" * 31)


@pytest.mark.parametrize("chunk_size", [0, crypto.MAX_CHUNK_SIZE + 1])
def test_an_encryptor_chunk_size_out_of_range_is_named(chunk_size: int) -> None:
    with pytest.raises(ValueError, match=r"^chunk size must be between 1 and 67108864 bytes$"):
        crypto.Encryptor(crypto.new_data_key(), RID, chunk_size=chunk_size)


def test_a_nonce_prefix_of_the_wrong_length_is_named() -> None:
    with pytest.raises(ValueError, match=r"^the nonce prefix is 8 bytes$"):
        crypto.Encryptor(crypto.new_data_key(), RID, nonce_prefix=b"1234567")


def test_a_cut_inside_the_header_tag_is_named() -> None:
    stored, key = _stored()
    refusal = _refusal(stored[: crypto.HEADER_BYTES + 5], key)
    assert isinstance(refusal, crypto.TruncatedError)
    assert str(refusal) == "the recording is truncated inside its header tag"


def test_a_wrong_key_is_named_at_the_header() -> None:
    stored, _ = _stored()
    refusal = _refusal(stored, crypto.new_data_key())
    assert isinstance(refusal, crypto.TamperedError)
    assert str(refusal) == (
        "the header failed authentication (it was changed, or the data key is wrong)"
    )


def test_a_header_with_no_chunks_is_named() -> None:
    stored, key = _stored()
    refusal = _refusal(stored[: crypto.PREAMBLE_BYTES], key)
    assert isinstance(refusal, crypto.TruncatedError)
    assert str(refusal) == "the recording is truncated: no chunks follow the header"


def test_a_chunk_past_the_end_is_named() -> None:
    stored, key = _stored()  # 10 bytes in chunks of 4: chunks 0, 1, 2
    reader = crypto.DecryptingReader(io.BytesIO(stored), key)
    with pytest.raises(crypto.VaultFormatError) as refused:
        reader.decrypt_chunk(3)
    assert str(refused.value) == "chunk 3 does not exist"


def test_a_stored_size_beyond_the_bytes_is_named_with_the_shortfall() -> None:
    stored, key = _stored()
    with pytest.raises(crypto.TruncatedError) as refused:
        crypto.DecryptingReader(io.BytesIO(stored), key, stored_size=len(stored) + 20)
    # 58 stored bytes are 3 chunks of 4 + 16 bytes (the real last one only 2 + 16), so 78
    # claimed bytes are 4 chunks: the fourth, 18 bytes at offset 53 + 60, is not there at all.
    assert str(refused.value) == (
        "the recording is truncated inside chunk 3 (0 of 18 bytes could be read)"
    )


def test_bad_seeks_are_named() -> None:
    stored, key = _stored()
    reader = crypto.DecryptingReader(io.BytesIO(stored), key)
    with pytest.raises(ValueError, match=r"^invalid whence 7$"):
        reader.seek(0, 7)
    with pytest.raises(ValueError, match=r"^negative seek position$"):
        reader.seek(-1)
    with pytest.raises(ValueError, match=r"^negative seek position$"):
        reader.seek(-11, 2)
