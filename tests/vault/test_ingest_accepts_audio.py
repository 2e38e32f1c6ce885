"""Audio in the formats the issue names is taken in: hashed as it arrives, encrypted, probed
for codec, duration, channels and sample rate, and stored with its row."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onrecord.cases.models import Meeting
from onrecord.vault.ingest import ingest
from onrecord.vault.keys import KeyRing
from onrecord.vault.models import Recording
from onrecord.vault.services import open_recording
from onrecord.vault.storage import FileBlobStore
from tests.vault import audio


@pytest.mark.parametrize(
    ("maker", "container", "codec", "channels", "rate", "seconds"),
    [
        (lambda: audio.wav(2.5, 16000), "wav", "pcm_s16le", 1, 16000, 2.5),
        (lambda: audio.wav(1.25, 22050, channels=2), "wav", "pcm_s16le", 2, 22050, 1.25),
        (lambda: audio.encoded("flac", "flac", 3.0, 16000), "flac", "flac", 1, 16000, 3.0),
        (lambda: audio.encoded("ogg", "libopus", 2.0, 48000), "ogg", "opus", 1, 48000, 2.0),
        (lambda: audio.encoded("mp3", "libmp3lame", 2.0, 44100), "mp3", "mp3", 1, 44100, 2.0),
    ],
    ids=["wav-mono", "wav-stereo", "flac", "ogg-opus", "mp3"],
)
def test_audio_is_accepted_with_its_media_facts(
    meeting: Meeting,
    store: FileBlobStore,
    ring: KeyRing,
    maker: object,
    container: str,
    codec: str,
    channels: int,
    rate: int,
    seconds: float,
) -> None:
    assert callable(maker)
    original: bytes = maker()
    recording = ingest(
        io.BytesIO(original),
        meeting=meeting,
        kind=Recording.Kind.AUTHORITY,
        original_filename=f"meeting.{container}",
        store=store,
        keyring=ring,
        chunk_size=4096,
    )
    stored = Recording.objects.get(pk=recording.pk)
    assert stored.sha256 == hashlib.sha256(original).hexdigest()
    assert stored.size == len(original)
    assert (stored.container, stored.codec) == (container, codec)
    assert (stored.channels, stored.sample_rate) == (channels, rate)
    # Encoders pad a little (Opus and MP3 add priming samples); PCM and FLAC are exact.
    assert stored.duration_seconds == pytest.approx(seconds, abs=0.1)
    assert stored.kek_id == ring.active_id
    assert store.exists(stored.blob_name)
    assert store.temporaries() == []
    with open_recording(stored, purpose="verify", store=store, keyring=ring) as reader:
        assert reader.read() == original


def test_the_stored_blob_is_not_the_plaintext(
    meeting: Meeting, store: FileBlobStore, ring: KeyRing
) -> None:
    original = audio.wav(1.0)
    recording = ingest(
        io.BytesIO(original), meeting=meeting, kind="authority", store=store, keyring=ring
    )
    raw = (store.root / recording.blob_name).read_bytes()
    assert original[44:200] not in raw
    assert raw.startswith(b"ONRECVLT")
    assert len(raw) == recording.stored_size


def test_a_django_upload_is_accepted(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> None:
    upload = SimpleUploadedFile("parent.wav", audio.wav(1.0), content_type="audio/wav")
    recording = ingest(
        upload,
        meeting=meeting,
        kind=Recording.Kind.PARENT_COPY,
        original_filename=upload.name or "",
        content_type="audio/wav",
        store=store,
        keyring=ring,
    )
    assert recording.original_filename == "parent.wav"
    assert recording.get_kind_display() == "Parent's copy"
    assert recording.duration_seconds == pytest.approx(1.0)
