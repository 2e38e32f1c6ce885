"""A probe believes only what a sound recording can be (issue 16, failure 6: a 20 KB WAV whose
header claims 1 Hz was accepted as a 10,000-second recording). Sample rate 8 kHz to 384 kHz,
1 to 16 channels, at most 24 hours, a duration the bytes can hold; refused with a plain reason,
on the upload page with a GOV.UK message, and nothing stored."""

from __future__ import annotations

import io
import wave

import pytest

from onrecord.cases.models import Meeting
from onrecord.vault.ingest import IngestError, ingest
from onrecord.vault.models import Recording
from onrecord.vault.probe import ProbeError, pcm_bits, probe
from onrecord.vault.storage import FileBlobStore
from tests.support.parent_copies import upload_url, wav_upload
from tests.support.personas import World


def _wav(rate: int, frames: int, channels: int = 1) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames * channels * 2))
    return buffer.getvalue()


ONE_HERTZ = _wav(rate=1, frames=10_000)  # 20 KB "lasting" 10,000 seconds


def test_a_wav_claiming_1_hz_is_refused_by_the_probe() -> None:
    assert len(ONE_HERTZ) < 21_000
    with pytest.raises(ProbeError, match="sample rate is 1 Hz; a sound recording's is between"):
        probe(io.BytesIO(ONE_HERTZ))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_wav(rate=4_000, frames=8_000), "sample rate is 4,000 Hz"),
        (_wav(rate=768_000, frames=76_800), "sample rate is 768,000 Hz"),
        (_wav(rate=16_000, frames=1_600, channels=17), "it has 17 channels"),
    ],
    ids=["4 kHz", "768 kHz", "17 channels"],
)
def test_headers_no_recorder_writes_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(ProbeError, match=reason):
        probe(io.BytesIO(data))


@pytest.mark.parametrize(("rate", "channels"), [(8_000, 1), (48_000, 2), (384_000, 1)])
def test_real_recordings_at_the_limits_are_accepted(rate: int, channels: int) -> None:
    info = probe(io.BytesIO(_wav(rate=rate, frames=rate // 2, channels=channels)))
    assert (info.sample_rate, info.channels, info.duration_seconds) == (rate, channels, 0.5)


def test_pcm_bits_are_read_from_the_codec_name() -> None:
    assert [pcm_bits(c) for c in ("pcm_s16le", "pcm_s24le", "pcm_f32le", "pcm_mulaw", "opus")] == [
        16,
        24,
        32,
        8,
        None,
    ]


def test_ingest_stores_nothing(meeting: Meeting, store: FileBlobStore) -> None:
    with pytest.raises(IngestError, match=r"sample rate is 1 Hz.*nothing was stored"):
        ingest(io.BytesIO(ONE_HERTZ), meeting=meeting, kind="authority", store=store)
    assert not Recording.objects.exists()
    assert list(store.names()) == []
    assert store.temporaries() == []


def test_the_upload_page_refuses_it_in_plain_english(world: World) -> None:
    response = world.client_for("mother").post(
        upload_url(world), {"recording": wav_upload(ONE_HERTZ, "one-hertz.wav")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The selected file is not a recording that can be played" in page
    assert "sample rate or length, are wrong" in page
    assert not Recording.objects.exists()
