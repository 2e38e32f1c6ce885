"""The decrypting reader behaves as a file to the libraries that read it (the media player's
range requests, hashing for bundles, S3 streams): seek(0) rewinds, read(0) reads nothing,
readall reads the rest, reading at the end returns nothing, a source that returns short reads is
read whole, a given stored size spares asking the source for its size, the chunk held in memory
is not fetched again, and closing the reader closes the source. Found by mutation testing
(docs/MUTATION.md)."""

from __future__ import annotations

import io
import uuid
from typing import Any

from onrecord.vault import crypto

CHUNK = 64
DATA = bytes(i % 256 for i in range(3 * CHUNK))  # exactly three full chunks


class Source(io.BytesIO):
    """A stored blob that counts reads, returns at most `most` bytes a read, and may refuse
    to seek to its end (as a stream whose length comes from elsewhere)."""

    def __init__(self, data: bytes, *, most: int = 1 << 30, measurable: bool = True) -> None:
        super().__init__(data)
        self.reads = 0
        self.most = most
        self.measurable = measurable

    def read(self, size: int | None = -1) -> bytes:
        self.reads += 1
        if size is None or size < 0 or size > self.most:
            size = self.most
        return super().read(size)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_END and not self.measurable:
            raise OSError("this source cannot seek to its end")
        return super().seek(offset, whence)


def _stored() -> tuple[bytes, bytes]:
    key = crypto.new_data_key()
    return crypto.encrypt_bytes(DATA, key, uuid.uuid4(), chunk_size=CHUNK), key


def _reader(**source: Any) -> tuple[crypto.DecryptingReader, Source]:
    stored, key = _stored()
    blob = Source(stored, **source)
    return crypto.DecryptingReader(blob, key), blob


def test_seek_to_zero_rewinds() -> None:
    reader, _ = _reader()
    assert reader.read(10) == DATA[:10]
    assert reader.seek(0) == 0
    assert reader.tell() == 0
    assert reader.read(10) == DATA[:10]


def test_read_of_nothing_reads_nothing() -> None:
    reader, _ = _reader()
    assert reader.read(0) == b""
    assert reader.tell() == 0


def test_readall_reads_the_rest() -> None:
    reader, _ = _reader()
    reader.seek(5)
    assert reader.readall() == DATA[5:]
    assert reader.readall() == b""


def test_reading_at_the_end_of_whole_chunks_returns_nothing() -> None:
    reader, _ = _reader()
    reader.seek(0, io.SEEK_END)
    assert reader.tell() == len(DATA)
    assert reader.read(10) == b""
    assert reader.read() == b""
    assert reader.readinto(bytearray(10)) == 0


def test_a_buffered_reader_over_it_reads_the_whole_recording() -> None:
    reader, _ = _reader()
    with io.BufferedReader(reader, buffer_size=50) as buffered:
        assert buffered.read() == DATA
        assert buffered.read(1) == b""


def test_a_source_giving_short_reads_is_read_whole() -> None:
    reader, _ = _reader(most=7)
    assert reader.read() == DATA


def test_a_given_stored_size_is_used_without_measuring_the_source() -> None:
    stored, key = _stored()
    blob = Source(stored, measurable=False)
    reader = crypto.DecryptingReader(blob, key, stored_size=len(stored))
    assert reader.read() == DATA


def test_the_chunk_in_memory_is_not_fetched_again() -> None:
    reader, blob = _reader()  # opening authenticated (and holds) the last chunk
    before = blob.reads
    reader.seek(2 * CHUNK)
    assert reader.read(10) == DATA[2 * CHUNK : 2 * CHUNK + 10]
    assert reader.read(10) == DATA[2 * CHUNK + 10 : 2 * CHUNK + 20]
    assert blob.reads == before


def test_closing_the_reader_closes_the_source() -> None:
    reader, blob = _reader()
    reader.close()
    assert reader.closed
    assert blob.closed
    reader.close()  # a second close is harmless
