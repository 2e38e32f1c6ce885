"""The vault's encrypted file format: one recording, chunked AES-256-GCM, streamable and seekable.

Pure Python on top of `cryptography` (no Django), so it can be tested alone and read by a
standalone verifier decades from now. docs/VAULT.md describes the format byte by byte.

Layout of a stored recording::

    header      37 bytes   magic "ONRECVLT" | version (1) | chunk size (u32) |
                           recording id (16, UUID bytes) | nonce prefix (8, random)
    header tag  16 bytes   AES-GCM tag over no plaintext, AAD = header, nonce = prefix|FFFFFFFF
    chunk 0..n-1           AES-GCM(chunk plaintext) || 16-byte tag

Every chunk's nonce is the file's random prefix followed by the chunk's index (u32, big-endian);
index 0xFFFFFFFF is reserved for the header tag. Each recording has its own random data key, so
a (key, nonce) pair is never used twice. Each chunk's associated data is the header, the chunk
index and a final-chunk flag: changing the header, reordering chunks, or cutting chunks off the
end is detected and named. Every chunk but the last holds exactly `chunk_size` plaintext bytes;
the last holds 1..chunk_size bytes (0 only when the whole recording is empty).
"""

from __future__ import annotations

import io
import os
import struct
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"ONRECVLT"
FORMAT_VERSION = 1
KEY_BYTES = 32
TAG_BYTES = 16
NONCE_PREFIX_BYTES = 8
DEFAULT_CHUNK_SIZE = 1024 * 1024
MAX_CHUNK_SIZE = 64 * 1024 * 1024
_HEADER = struct.Struct(">8sBI16s8s")
HEADER_BYTES = _HEADER.size
PREAMBLE_BYTES = HEADER_BYTES + TAG_BYTES
_HEADER_TAG_INDEX = 0xFFFFFFFF
MAX_CHUNKS = _HEADER_TAG_INDEX  # indices 0 .. 0xFFFFFFFE


class VaultFormatError(ValueError):
    """A stored recording failed a check; the message names what failed and where."""


class TamperedError(VaultFormatError):
    """A header or chunk failed authentication: the bytes are not what was written."""


class TruncatedError(VaultFormatError):
    """The stored recording ends early: chunks are missing from its end."""


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


@dataclass(frozen=True)
class Header:
    version: int
    chunk_size: int
    recording_id: uuid.UUID
    nonce_prefix: bytes

    def pack(self) -> bytes:
        return _HEADER.pack(
            MAGIC, self.version, self.chunk_size, self.recording_id.bytes, self.nonce_prefix
        )

    @classmethod
    def unpack(cls, raw: bytes) -> Header:
        if len(raw) < HEADER_BYTES:
            raise TruncatedError(
                f"the header is truncated: {len(raw)} of {HEADER_BYTES} bytes present"
            )
        magic, version, chunk_size, rid, prefix = _HEADER.unpack(raw[:HEADER_BYTES])
        if magic != MAGIC:
            raise VaultFormatError("the header is damaged: this is not an OnRecord vault file")
        if version != FORMAT_VERSION:
            raise VaultFormatError(
                f"the header names format version {version}; this code reads version "
                f"{FORMAT_VERSION} (the header may be damaged)"
            )
        if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
            raise VaultFormatError(f"the header is damaged: chunk size {chunk_size} is invalid")
        return cls(version, chunk_size, uuid.UUID(bytes=rid), prefix)


def chunk_nonce(prefix: bytes, index: int) -> bytes:
    """The 96-bit nonce of chunk `index`: unique per chunk under the file's one data key."""
    if not 0 <= index <= _HEADER_TAG_INDEX:
        raise VaultFormatError(f"chunk index {index} is out of range")
    return prefix + index.to_bytes(4, "big")


def chunk_aad(header: bytes, index: int, final: bool) -> bytes:
    return header + index.to_bytes(4, "big") + (b"\x01" if final else b"\x00")


def _check_key(key: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise ValueError(f"a data key is {KEY_BYTES} bytes, not {len(key)}")


class Encryptor:
    """Push plaintext in with update(), take ciphertext out; finalize() emits the final chunk.

    Holds at most one chunk of plaintext, so memory stays flat whatever the recording's size.
    """

    def __init__(
        self,
        key: bytes,
        recording_id: uuid.UUID,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        nonce_prefix: bytes | None = None,
    ) -> None:
        _check_key(key)
        if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError(f"chunk size must be between 1 and {MAX_CHUNK_SIZE} bytes")
        prefix = nonce_prefix if nonce_prefix is not None else os.urandom(NONCE_PREFIX_BYTES)
        if len(prefix) != NONCE_PREFIX_BYTES:
            raise ValueError(f"the nonce prefix is {NONCE_PREFIX_BYTES} bytes")
        self.header = Header(FORMAT_VERSION, chunk_size, recording_id, prefix)
        self._header_bytes = self.header.pack()
        self._aead = AESGCM(key)
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._index = 0
        self._started = False
        self._finished = False

    def _preamble(self) -> bytes:
        self._started = True
        nonce = chunk_nonce(self.header.nonce_prefix, _HEADER_TAG_INDEX)
        return self._header_bytes + self._aead.encrypt(nonce, b"", self._header_bytes)

    def _seal(self, plaintext: bytes | bytearray | memoryview, final: bool) -> bytes:
        if self._index >= MAX_CHUNKS:
            raise VaultFormatError("the recording is too large for this chunk size")
        index = self._index
        self._index += 1
        nonce = chunk_nonce(self.header.nonce_prefix, index)
        return self._aead.encrypt(nonce, plaintext, chunk_aad(self._header_bytes, index, final))

    def update(self, data: bytes | bytearray | memoryview) -> bytes:
        if self._finished:
            raise ValueError("the encryptor is finished")
        out = [] if self._started else [self._preamble()]
        self._buffer += data
        size = self._chunk_size
        # Keep back at least one byte, so the last full chunk can still be marked final.
        while len(self._buffer) > size:
            out.append(self._seal(self._buffer[:size], final=False))
            del self._buffer[:size]
        return b"".join(out)

    def finalize(self) -> bytes:
        if self._finished:
            raise ValueError("the encryptor is finished")
        out = b"" if self._started else self._preamble()
        out += self._seal(self._buffer, final=True)
        self._buffer = bytearray()
        self._finished = True
        return out

    @property
    def chunks_written(self) -> int:
        return self._index


def encrypt_bytes(
    data: bytes, key: bytes, recording_id: uuid.UUID, *, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> bytes:
    encryptor = Encryptor(key, recording_id, chunk_size=chunk_size)
    return encryptor.update(data) + encryptor.finalize()


@dataclass(frozen=True)
class Layout:
    """Where each chunk lies, computed from the stored size and checked against the header."""

    header: Header
    header_bytes: bytes
    stored_size: int
    chunk_count: int
    plaintext_size: int

    def chunk_offset(self, index: int) -> int:
        return PREAMBLE_BYTES + index * (self.header.chunk_size + TAG_BYTES)

    def chunk_stored_length(self, index: int) -> int:
        if index < self.chunk_count - 1:
            return self.header.chunk_size + TAG_BYTES
        return self.stored_size - self.chunk_offset(index)


def _read_exactly(source: BinaryIO, offset: int, length: int) -> bytes:
    source.seek(offset)
    parts = []
    remaining = length
    while remaining:
        part = source.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _stored_size(source: BinaryIO) -> int:
    position = source.seek(0, io.SEEK_END)
    source.seek(0)
    return position


class DecryptingReader(io.RawIOBase):
    """A read-only, seekable file of the recording's plaintext, decrypted chunk by chunk.

    Opening authenticates the header and the final chunk, so a damaged header or a truncated
    file is refused before a byte is returned; every other chunk is authenticated when first
    read. Only one decrypted chunk is held in memory and nothing is written to disk, so a media
    library or an HTTP range request can read any part of a long recording cheaply.
    """

    def __init__(
        self,
        source: BinaryIO,
        key: bytes,
        *,
        expected_recording_id: uuid.UUID | None = None,
        stored_size: int | None = None,
    ) -> None:
        super().__init__()
        self._source = source
        self._cached = b""
        _check_key(key)
        self._aead = AESGCM(key)
        size = stored_size if stored_size is not None else _stored_size(source)
        raw = _read_exactly(source, 0, PREAMBLE_BYTES)
        header = Header.unpack(raw)
        if expected_recording_id is not None and header.recording_id != expected_recording_id:
            raise VaultFormatError(
                f"the header names recording {header.recording_id}, "
                f"not {expected_recording_id} (the file is misplaced or damaged)"
            )
        header_bytes = raw[:HEADER_BYTES]
        if len(raw) < PREAMBLE_BYTES:
            raise TruncatedError("the recording is truncated inside its header tag")
        try:
            self._aead.decrypt(
                chunk_nonce(header.nonce_prefix, _HEADER_TAG_INDEX),
                raw[HEADER_BYTES:PREAMBLE_BYTES],
                header_bytes,
            )
        except InvalidTag:
            raise TamperedError(
                "the header failed authentication (it was changed, or the data key is wrong)"
            ) from None
        body = size - PREAMBLE_BYTES
        if body <= 0:
            raise TruncatedError("the recording is truncated: no chunks follow the header")
        stride = header.chunk_size + TAG_BYTES
        count = -(-body // stride)
        last_stored = body - (count - 1) * stride
        if last_stored < TAG_BYTES:
            raise TruncatedError(
                f"the recording is truncated inside chunk {count - 1} "
                f"({last_stored} of at least {TAG_BYTES} bytes present)"
            )
        if count > MAX_CHUNKS:
            raise VaultFormatError("the recording has more chunks than the format allows")
        self.layout = Layout(
            header=header,
            header_bytes=header_bytes,
            stored_size=size,
            chunk_count=count,
            plaintext_size=(count - 1) * header.chunk_size + last_stored - TAG_BYTES,
        )
        self._position = 0
        self._cached_index = -1
        self._cached = b""
        # Authenticate the final chunk now: this is what proves nothing was cut off the end.
        self._load(count - 1)

    # -- chunks -------------------------------------------------------------------------------

    def decrypt_chunk(self, index: int) -> bytes:
        layout = self.layout
        if not 0 <= index < layout.chunk_count:
            raise VaultFormatError(f"chunk {index} does not exist")
        length = layout.chunk_stored_length(index)
        sealed = _read_exactly(self._source, layout.chunk_offset(index), length)
        if len(sealed) != length:
            raise TruncatedError(
                f"the recording is truncated inside chunk {index} "
                f"({len(sealed)} of {length} bytes could be read)"
            )
        final = index == layout.chunk_count - 1
        nonce = chunk_nonce(layout.header.nonce_prefix, index)
        try:
            return self._aead.decrypt(nonce, sealed, chunk_aad(layout.header_bytes, index, final))
        except InvalidTag:
            pass
        if final:
            # Would it authenticate as a middle chunk? Then the real end was cut off.
            try:
                self._aead.decrypt(nonce, sealed, chunk_aad(layout.header_bytes, index, False))
            except InvalidTag:
                pass
            else:
                raise TruncatedError(
                    f"the recording is truncated after chunk {index}: its final chunk is missing"
                ) from None
            if length < layout.header.chunk_size + TAG_BYTES and index > 0:
                raise TamperedError(
                    f"chunk {index} (the last) failed authentication: it was changed, "
                    f"or the recording was cut short inside it"
                )
        raise TamperedError(f"chunk {index} failed authentication")

    def _load(self, index: int) -> bytes:
        if index != self._cached_index:
            self._cached = self.decrypt_chunk(index)
            self._cached_index = index
        return self._cached

    def iter_chunks(self) -> Iterator[bytes]:
        """Every chunk's plaintext in order, each authenticated (for hashing and export)."""
        for index in range(self.layout.chunk_count):
            yield self.decrypt_chunk(index)

    # -- file protocol ------------------------------------------------------------------------

    @property
    def size(self) -> int:
        return self.layout.plaintext_size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        self._checkClosed()
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._checkClosed()
        if whence == io.SEEK_SET:
            position = offset
        elif whence == io.SEEK_CUR:
            position = self._position + offset
        elif whence == io.SEEK_END:
            position = self.size + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if position < 0:
            raise ValueError("negative seek position")
        self._position = position
        return position

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        self._checkClosed()
        view = memoryview(buffer).cast("B")
        written = 0
        chunk_size = self.layout.header.chunk_size
        while written < len(view) and self._position < self.size:
            index, within = divmod(self._position, chunk_size)
            plain = self._load(index)
            take = min(len(plain) - within, len(view) - written)
            view[written : written + take] = plain[within : within + take]
            written += take
            self._position += take
        return written

    def read(self, size: int | None = -1) -> bytes:
        self._checkClosed()
        if size is None or size < 0:
            size = max(self.size - self._position, 0)
        out = bytearray(min(size, max(self.size - self._position, 0)))
        got = self.readinto(out)
        return bytes(out[:got])

    def readall(self) -> bytes:
        return self.read(-1)

    def close(self) -> None:
        # Also runs from __del__ after a failed __init__: touch only what surely exists.
        if not self.closed:
            self._cached = b""
            source = getattr(self, "_source", None)
            if source is not None:
                source.close()
        super().close()


def decrypt_bytes(
    stored: bytes, key: bytes, *, expected_recording_id: uuid.UUID | None = None
) -> bytes:
    reader = DecryptingReader(io.BytesIO(stored), key, expected_recording_id=expected_recording_id)
    return b"".join(reader.iter_chunks())
