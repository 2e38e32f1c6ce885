"""Fuzzing uploaded audio headers (issue 16, "bad input never crashes"): real WAV, WebM, Ogg,
FLAC and MP3 files with their headers mutated (bytes overwritten, 32-bit fields set to edge
values, the file cut short) go through the probe and through the parent's upload page. The
probe either returns a recording within its sanity limits or refuses with ProbeError; the page
answers 302 (stored) or 400 with a GOV.UK error summary, nothing stored; never a 500 or a
traceback.

Budget: ONRECORD_FUZZ_EXAMPLES inputs per property (200; a quarter through the upload page),
no deadline, derandomised under CI=true. A longer hunt, locally:

    ONRECORD_FUZZ_EXAMPLES=20000 PYTHONPATH=$PWD .venv/bin/pytest -q -p no:cacheprovider \
        tests/vault/test_fuzz_uploaded_audio_headers.py

Every input found to crash becomes an `@example` below (none so far beyond those listed).
"""

from __future__ import annotations

import functools
import io
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from onrecord.vault.models import Recording
from onrecord.vault.probe import (
    MAX_CHANNELS,
    MAX_DURATION_SECONDS,
    MAX_SAMPLE_RATE,
    MIN_SAMPLE_RATE,
    ProbeError,
    probe,
)
from tests.support.parent_copies import upload_url, wav_upload
from tests.support.personas import World
from tests.vault import audio

EXAMPLES = int(os.environ.get("ONRECORD_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("CI", "").lower() in {"1", "true", "yes"},
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ_HTTP = settings(FUZZ, max_examples=max(1, EXAMPLES // 4))

HEADER_BYTES = 512
EDGE_VALUES = [0, 1, 2, 7, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF]


@functools.cache
def seeds() -> dict[str, bytes]:
    webm = (Path(__file__).parent / "data" / "mediarecorder-opus-3s.webm").read_bytes()
    return {
        "wav": audio.wav(seconds=0.5, rate=16_000),
        "webm": webm,
        "ogg": audio.encoded("ogg", "libopus", 0.5, 48_000),
        "flac": audio.encoded("flac", "flac", 0.5, 16_000),
        "mp3": audio.encoded("mp3", "libmp3lame", 0.5, 16_000),
    }


@dataclass(frozen=True)
class Mutation:
    """A real file with bytes of its header overwritten, 32-bit fields set to edge values, and
    perhaps cut short: small to print, so a failing example reads as a recipe."""

    seed: str
    edits: tuple[tuple[int, int], ...] = ()
    fields: tuple[tuple[int, int], ...] = ()
    cut: int | None = None

    def apply(self) -> bytes:
        data = bytearray(seeds()[self.seed])
        for at, value in self.edits:
            data[at % min(HEADER_BYTES, len(data))] = value
        for at, value in self.fields:
            at %= min(HEADER_BYTES, len(data)) - 4
            data[at : at + 4] = struct.pack("<I", value)
        if self.cut is not None:
            del data[max(1, self.cut % len(data)) :]
        return bytes(data)


mutations = st.builds(
    Mutation,
    seed=st.sampled_from(["wav", "webm", "ogg", "flac", "mp3"]),
    edits=st.lists(st.tuples(st.integers(0, HEADER_BYTES), st.integers(0, 255)), max_size=6).map(
        tuple
    ),
    fields=st.lists(
        st.tuples(st.integers(0, HEADER_BYTES), st.sampled_from(EDGE_VALUES)), max_size=3
    ).map(tuple),
    cut=st.none() | st.integers(1, 1 << 20),
)


ONE_HERTZ = Mutation("wav", fields=((24, 1),))  # the WAV's sample rate field: 1 Hz
# Found by this fuzzing (each was a 500 on the upload page, a traceback from the probe):
ZERO_BITS = Mutation("wav", edits=((34, 0),))  # bits per sample 0: FFmpeg opens no decoder
FOUND = [ZERO_BITS]


def check_probe(data: bytes) -> None:
    try:
        info = probe(io.BytesIO(data))
    except ProbeError as refused:
        reason = str(refused)
        assert reason, "a refusal says why"
        return
    assert MIN_SAMPLE_RATE <= info.sample_rate <= MAX_SAMPLE_RATE
    assert 1 <= info.channels <= MAX_CHANNELS
    assert 0 < info.duration_seconds <= MAX_DURATION_SECONDS


@FUZZ
@given(mutations)
@example(ONE_HERTZ)
@example(ZERO_BITS)
def test_fuzz_the_probe_never_crashes(mutation: Mutation) -> None:
    check_probe(mutation.apply())


@pytest.mark.parametrize("mutation", FOUND, ids=repr)
def test_what_fuzzing_found_is_refused(mutation: Mutation) -> None:
    with pytest.raises(ProbeError):
        probe(io.BytesIO(mutation.apply()))


@pytest.mark.parametrize(
    "data",
    [
        b"RIFF\xff\xff\xff\xffWAVEfmt ",
        b"\x1aE\xdf\xa3" + b"\x00" * 60,
        b"OggS\x00\x02" + b"\xff" * 40,
    ],
    ids=["RIFF header alone", "EBML header alone", "Ogg page header alone"],
)
def test_headers_with_nothing_after_them_are_refused(data: bytes) -> None:
    with pytest.raises(ProbeError):
        probe(io.BytesIO(data))


@FUZZ_HTTP
@given(mutation=mutations)
@example(mutation=ONE_HERTZ)
@example(mutation=ZERO_BITS)
def test_fuzz_the_upload_page_never_crashes(world: World, mutation: Mutation) -> None:
    data = mutation.apply()
    before = Recording.objects.count()
    response = world.client_for("mother").post(
        upload_url(world), {"recording": wav_upload(data, "fuzzed.bin")}
    )
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert "govuk-error-summary" in response.content.decode()
        assert Recording.objects.count() == before, "a refused upload stores nothing"
    else:
        assert Recording.objects.count() == before + 1
