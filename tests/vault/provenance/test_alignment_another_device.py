"""A recording made on another device in the room is not a copy of the council's audio: its
microphone hears another band of frequencies, the room's echoes and its own noise, at another
level. Simulated so (telephone band, echoes, noise 15 dB below the speech, a third of the
level, then AAC at 24 kbit/s) and edited like the copies, it is still placed, with what it
lacks and where it jumps, within one second; its lower match is reported as such."""

from __future__ import annotations

import numpy as np
import pytest

from onrecord.vault.provenance import alignment
from onrecord.vault.provenance.alignment import JumpKind, Status
from tests.vault.provenance.meeting_audio import (
    AAC_M4A,
    WAV,
    Samples,
    conference,
    encode,
    features_of,
    pieces,
)

pytestmark = pytest.mark.slow

WITHIN = 1.0
ECHOES = ((0.013, 0.5), (0.031, 0.35), (0.07, 0.25), (0.12, 0.15), (0.2, 0.08))


def heard_in_the_room(samples: Samples, rate: int, snr_db: float) -> Samples:
    spectrum = np.fft.rfft(samples)
    hz = np.fft.rfftfreq(len(samples), 1 / rate)
    spectrum[(hz < 300) | (hz > 3000)] = 0  # a phone's microphone and its processing
    banded = np.fft.irfft(spectrum, n=len(samples))
    room = np.zeros(round(0.25 * rate))
    room[0] = 1.0
    for delay, gain in ECHOES:
        room[round(delay * rate)] = gain
    echoed = np.convolve(banded, room)[: len(samples)] * 0.3
    power = float(np.mean(echoed**2))
    noise = np.random.default_rng(3).normal(
        scale=np.sqrt(power / 10 ** (snr_db / 10)), size=len(echoed)
    )
    return np.asarray(echoed + noise, dtype=np.float32)


def test_a_recording_from_another_device_is_placed_to_the_second() -> None:
    samples, rate = conference()
    council = features_of(encode(samples, rate, WAV))
    edited = pieces(samples, rate, (5.0, 30.0), (62.0, 85.0), (35.0, 50.0))
    result = alignment.align(
        features_of(encode(heard_in_the_room(edited, rate, 15.0), rate, AAC_M4A)), council
    )
    assert result.status is Status.ALIGNED
    expected = [(0.0, 25.0, 5.0, 30.0), (25.0, 48.0, 62.0, 85.0), (48.0, 63.0, 35.0, 50.0)]
    assert len(result.placements) == len(expected)
    for placement, want in zip(result.placements, expected, strict=True):
        got = (
            placement.copy_start,
            placement.copy_end,
            placement.meeting_start,
            placement.meeting_end,
        )
        assert all(abs(g - w) <= WITHIN for g, w in zip(got, want, strict=True)), (got, want)
    assert [j.kind for j in result.jumps] == [JumpKind.CUT, JumpKind.BACK]
    missing = [(m.start, m.end) for m in result.missing]
    want_missing = [(0.0, 5.0), (30.0, 35.0), (50.0, 62.0), (85.0, council.seconds)]
    assert len(missing) == len(want_missing)
    for got_stretch, want_stretch in zip(missing, want_missing, strict=True):
        assert all(abs(g - w) <= WITHIN for g, w in zip(got_stretch, want_stretch, strict=True))
    assert result.unplaced == ()
    assert 0.6 < result.confidence < 0.9  # lower than a copy's, and said so
