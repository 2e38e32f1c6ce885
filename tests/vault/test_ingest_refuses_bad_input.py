"""Not audio, empty, truncated or too large: a clear IngestError, and nothing stored (no row,
no blob, no temporary)."""

from __future__ import annotations

import io

import pytest

from onrecord.cases.models import Meeting
from onrecord.vault.ingest import IngestError, ingest
from onrecord.vault.keys import KeyRing
from onrecord.vault.models import Recording
from onrecord.vault.storage import FileBlobStore
from tests.vault import audio


def _refused(
    data: bytes, meeting: Meeting, store: FileBlobStore, ring: KeyRing, limit: int | None = None
) -> str:
    with pytest.raises(IngestError) as caught:
        ingest(
            io.BytesIO(data),
            meeting=meeting,
            kind="authority",
            original_filename="meeting.wav",
            store=store,
            keyring=ring,
            chunk_size=4096,
            limit=limit,
        )
    assert Recording.objects.count() == 0
    assert list(store.names()) == []
    assert store.temporaries() == []
    return str(caught.value)


def test_a_text_file_renamed_wav(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    text = b"Minutes of the conference\n" * 200
    assert "not a recognised audio file" in _refused(text, meeting, store, ring)


def test_random_bytes(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    noise = bytes(range(256)) * 64
    assert "audio" in _refused(noise, meeting, store, ring)


def test_zero_bytes(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    assert _refused(b"", meeting, store, ring) == "the file is empty; nothing was stored"


def test_a_truncated_wav(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    whole = audio.wav(2.0)
    message = _refused(whole[: len(whole) // 2], meeting, store, ring)
    assert "the WAV file is truncated" in message
    assert "nothing was stored" in message


def test_a_wav_with_only_its_header(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    assert "audio" in _refused(audio.wav(2.0)[:44], meeting, store, ring)


def test_a_truncated_mp3(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    whole = audio.encoded("mp3", "libmp3lame", 4.0, 44100)
    message = _refused(whole[: len(whole) // 2], meeting, store, ring)
    assert "truncated" in message


def test_a_truncated_flac(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    whole = audio.encoded("flac", "flac", 4.0, 16000)
    assert "truncated" in _refused(whole[: len(whole) // 2], meeting, store, ring)


def test_a_truncated_ogg(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    whole = audio.encoded("ogg", "libopus", 4.0, 48000)
    assert "Ogg file is truncated" in _refused(whole[: len(whole) // 2], meeting, store, ring)


def test_too_large(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    message = _refused(audio.wav(2.0), meeting, store, ring, limit=10 * 1024)
    assert message == "the file is larger than the 10 KiB limit; nothing was stored"


def test_too_large_by_its_declared_size_before_reading(
    meeting: Meeting, store: FileBlobStore, ring: KeyRing
) -> None:
    class Declared(io.BytesIO):
        size = 5 * 1024**3

        def read(self, size: int | None = -1, /) -> bytes:
            raise AssertionError("should not be read")

    with pytest.raises(IngestError, match="larger than the 4 GiB limit"):
        ingest(Declared(), meeting=meeting, kind="authority", store=store, keyring=ring)
    assert list(store.names()) == []


def test_the_size_limit_comes_from_settings(
    meeting: Meeting, store: FileBlobStore, ring: KeyRing, settings: object
) -> None:
    settings.ONRECORD_VAULT_MAX_BYTES = 2048  # type: ignore[attr-defined]
    with pytest.raises(IngestError, match="2 KiB limit"):
        ingest(
            io.BytesIO(audio.wav(1.0)), meeting=meeting, kind="authority", store=store, keyring=ring
        )


def test_an_unknown_kind(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    with pytest.raises(IngestError, match="unknown recording kind"):
        ingest(io.BytesIO(audio.wav(1.0)), meeting=meeting, kind="x", store=store, keyring=ring)
