"""Recordings are decoded a window at a time, in bounded memory, and resume exactly."""

from __future__ import annotations

import io
import tracemalloc

import numpy as np
import pytest

from onrecord.speech.audio import DecodedWindows
from onrecord.speech.types import SAMPLE_RATE

from .helpers import wav_bytes


def _chirp(seconds: float, rate: int) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * (200 + 20 * t) * t)).astype(np.float32)


def _whole(windows: DecodedWindows, start: int = 0) -> np.ndarray:
    """Every window's own part (not its overlap) joined: the recording as decoded."""
    parts = []
    step = round(windows.seconds * SAMPLE_RATE)
    items = list(windows(start))
    for n, (_, _, audio) in enumerate(items):
        parts.append(audio if n == len(items) - 1 else audio[:step])
    return np.concatenate(parts)


def test_windows_cover_the_recording_with_overlap_and_resample_to_16k():
    data = wav_bytes(_chirp(25.3, 44_100), 44_100)
    windows = DecodedWindows(io.BytesIO(data), seconds=10, overlap=2)
    items = list(windows(0))
    assert [(i, s) for i, s, _ in items] == [(0, 0.0), (1, 10.0), (2, 20.0)]
    assert [len(a) for _, _, a in items[:2]] == [12 * SAMPLE_RATE, 12 * SAMPLE_RATE]
    assert all(a.dtype == np.float32 for _, _, a in items)
    # each window's overlap is the start of the next
    assert np.array_equal(items[0][2][10 * SAMPLE_RATE :], items[1][2][: 2 * SAMPLE_RATE])
    assert abs(len(_whole(windows)) / SAMPLE_RATE - 25.3) < 0.01
    assert windows.duration == pytest.approx(25.3, abs=0.01)


def test_resuming_at_a_window_gives_exactly_the_samples_of_an_uninterrupted_run():
    data = wav_bytes(_chirp(31.0, 22_050), 22_050)
    windows = DecodedWindows(io.BytesIO(data), seconds=7, overlap=1.5)
    full = list(windows(0))
    resumed = list(windows(3))
    assert [i for i, _, _ in resumed] == [3, 4]
    for (i, s, a), (j, t, b) in zip(full[3:], resumed, strict=True):
        assert (i, s) == (j, t)
        assert np.array_equal(a, b)


def test_resuming_past_the_end_yields_nothing():
    data = wav_bytes(_chirp(5.0, SAMPLE_RATE))
    assert list(DecodedWindows(io.BytesIO(data), seconds=2, overlap=1)(9)) == []


def test_a_recording_shorter_than_a_window_is_one_window():
    data = wav_bytes(_chirp(3.0, SAMPLE_RATE))
    (item,) = list(DecodedWindows(io.BytesIO(data))(0))
    assert item[0] == 0
    assert len(item[2]) == 3 * SAMPLE_RATE


def test_memory_stays_bounded_by_the_window_not_the_recording(tmp_path):
    path = tmp_path / "long.wav"
    path.write_bytes(wav_bytes(_chirp(600.0, 8_000), 8_000))  # 10 minutes
    windows = DecodedWindows(path, seconds=30, overlap=2)
    tracemalloc.start()
    try:
        count = sum(1 for _ in windows(0))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20
    whole = 600 * SAMPLE_RATE * 4  # 38 MB if the recording were held at once
    assert peak < whole / 5, f"peak {peak / 1e6:.1f} MB"
