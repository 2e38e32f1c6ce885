"""The decrypting reader is a seekable file: any byte range can be read without decrypting the
whole recording, as an HTTP range request or a media library needs (issue 6: listening)."""

from __future__ import annotations

import io
import os
import random
import uuid

import av

from onrecord.vault import crypto
from tests.vault import audio

CHUNK = 1000


class CountingSource(io.BytesIO):
    """Counts the bytes read from the encrypted source."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1, /) -> bytes:
        out = super().read(size)
        self.bytes_read += len(out)
        return out


def test_random_seeks_and_reads_match_the_plaintext() -> None:
    key, rid = crypto.new_data_key(), uuid.uuid4()
    data = os.urandom(20 * CHUNK + 333)
    reader = crypto.DecryptingReader(
        io.BytesIO(crypto.encrypt_bytes(data, key, rid, chunk_size=CHUNK)), key
    )
    rng = random.Random(6)
    for _ in range(300):
        start = rng.randrange(0, len(data) + 50)
        length = rng.randrange(0, 3 * CHUNK)
        assert reader.seek(start) == start
        assert reader.read(length) == data[start : start + length]
        assert reader.tell() == min(start + length, len(data)) if start <= len(data) else start


def test_seek_from_end_and_current_and_readinto() -> None:
    key, rid = crypto.new_data_key(), uuid.uuid4()
    data = os.urandom(5 * CHUNK)
    reader = crypto.DecryptingReader(
        io.BytesIO(crypto.encrypt_bytes(data, key, rid, chunk_size=CHUNK)), key
    )
    assert reader.seek(-10, io.SEEK_END) == len(data) - 10
    assert reader.read() == data[-10:]
    reader.seek(100)
    reader.seek(50, io.SEEK_CUR)
    buffer = bytearray(30)
    assert reader.readinto(buffer) == 30
    assert bytes(buffer) == data[150:180]
    assert reader.seekable()
    assert reader.readable()
    assert not reader.writable()


def test_reading_a_range_decrypts_only_the_chunks_it_needs() -> None:
    key, rid = crypto.new_data_key(), uuid.uuid4()
    data = os.urandom(100 * CHUNK)
    source = CountingSource(crypto.encrypt_bytes(data, key, rid, chunk_size=CHUNK))
    reader = crypto.DecryptingReader(source, key)
    opened = source.bytes_read  # header and the final chunk, authenticated on open
    reader.seek(50 * CHUNK + 10)
    assert reader.read(100) == data[50 * CHUNK + 10 : 50 * CHUNK + 110]
    assert source.bytes_read - opened == CHUNK + crypto.TAG_BYTES
    assert opened < 2 * (CHUNK + crypto.TAG_BYTES) + crypto.PREAMBLE_BYTES


def test_pyav_reads_audio_through_the_reader() -> None:
    key, rid = crypto.new_data_key(), uuid.uuid4()
    original = audio.encoded("flac", "flac", 3.0, 16000)
    reader = crypto.DecryptingReader(
        io.BytesIO(crypto.encrypt_bytes(original, key, rid, chunk_size=4096)), key
    )
    with av.open(reader, "r") as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
    assert samples == 48000
