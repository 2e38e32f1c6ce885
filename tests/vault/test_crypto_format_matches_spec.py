"""A stored recording is byte for byte the format docs/VAULT.md specifies, so a verifier written
from the document alone reads it: header fields, the header tag's nonce P || FFFFFFFF, each
chunk's nonce P || i (4 bytes, big-endian) and AAD header || i (4 bytes) || final flag (1 byte).

Built here independently of onrecord.vault.crypto's own helpers, from `cryptography` and the
document's table (mutation testing found no test pinned these bytes: docs/MUTATION.md)."""

from __future__ import annotations

import struct
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from onrecord.vault import crypto

KEY = bytes(range(32))
PREFIX = bytes.fromhex("0102030405060708")
RID = uuid.UUID("12345678-1234-5678-1234-567812345678")
CHUNK = 16


def _by_the_document(plaintext: bytes) -> bytes:
    header = b"ONRECVLT" + bytes([1]) + struct.pack(">I", CHUNK) + RID.bytes + PREFIX
    assert len(header) == 37
    aead = AESGCM(KEY)
    out = header + aead.encrypt(PREFIX + b"\xff\xff\xff\xff", b"", header)
    pieces = [plaintext[i : i + CHUNK] for i in range(0, len(plaintext), CHUNK)] or [b""]
    for index, piece in enumerate(pieces):
        final = b"\x01" if index == len(pieces) - 1 else b"\x00"
        counter = index.to_bytes(4, "big")
        out += aead.encrypt(PREFIX + counter, piece, header + counter + final)
    return out


def _by_the_code(plaintext: bytes, step: int) -> bytes:
    encryptor = crypto.Encryptor(KEY, RID, chunk_size=CHUNK, nonce_prefix=PREFIX)
    pieces = [plaintext[i : i + step] for i in range(0, len(plaintext), step)]
    return b"".join(encryptor.update(piece) for piece in pieces) + encryptor.finalize()


def test_a_multi_chunk_recording_is_the_documented_bytes() -> None:
    # 300 chunks, so chunk indices need more than one byte (big-endian order shows).
    plaintext = bytes(i % 251 for i in range(300 * CHUNK - 5))
    assert _by_the_code(plaintext, 1000) == _by_the_document(plaintext)


def test_a_recording_of_exactly_whole_chunks_marks_the_last_full_chunk_final() -> None:
    plaintext = bytes(range(3 * CHUNK))
    assert _by_the_code(plaintext, 7) == _by_the_document(plaintext)


def test_the_empty_recording_is_one_empty_final_chunk() -> None:
    assert _by_the_code(b"", 1) == _by_the_document(b"")


def test_the_documented_bytes_decrypt() -> None:
    plaintext = bytes(i % 7 for i in range(5 * CHUNK + 3))
    assert crypto.decrypt_bytes(_by_the_document(plaintext), KEY) == plaintext
