"""A run resumed from its stored windows gives the same transcript as one never interrupted."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from onrecord.speech import pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.speech.types import SpeechError, WindowResult

from .helpers import wav_bytes

WORDS = [(0.3 + 0.5 * i, 0.65 + 0.5 * i, 300 if (i // 6) % 2 else 800) for i in range(40)]


class Crash(Exception):
    pass


def _windows() -> DecodedWindows:
    return DecodedWindows(io.BytesIO(wav_bytes(tone_audio(WORDS, 21.0))), seconds=4, overlap=2)


def test_a_run_that_crashed_resumes_after_the_last_stored_window():
    uninterrupted = pipeline.run(
        _windows(), FakeTranscriber(), FakeEmbedder(), speakers=2, on_window=lambda w: None
    )
    stored: list[WindowResult] = []

    def crash_after_two(window: WindowResult) -> None:
        if len(stored) == 2:
            raise Crash
        stored.append(window)

    with pytest.raises(Crash):
        pipeline.run(_windows(), FakeTranscriber(), FakeEmbedder(), on_window=crash_after_two)
    assert [w.index for w in stored] == [0, 1]

    later: list[WindowResult] = []
    progress: list[float] = []
    resumed = pipeline.run(
        _windows(),
        FakeTranscriber(),
        FakeEmbedder(),
        speakers=2,
        resume=stored,
        on_window=later.append,
        on_progress=progress.append,
    )
    assert [w.index for w in later] == [2, 3, 4]
    assert resumed == uninterrupted
    assert len(progress) == 4  # after each of the three windows, then done
    assert progress == sorted(progress)
    assert progress[-1] == 1.0


def test_stored_windows_with_a_gap_are_refused():
    stored: list[WindowResult] = []
    pipeline.run(_windows(), FakeTranscriber(), FakeEmbedder(), on_window=stored.append)
    with pytest.raises(SpeechError, match="without gaps"):
        pipeline.run(
            _windows(),
            FakeTranscriber(),
            FakeEmbedder(),
            resume=[stored[0], replace(stored[1], index=2)],
            on_window=lambda w: None,
        )
