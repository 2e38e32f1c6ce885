"""The pipeline estimates the number of speakers from the voices, never more than the people
present (`most`): attendance is an upper bound, not the count (someone present may never
speak)."""

from __future__ import annotations

import io

import pytest

from onrecord.speech import pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.speech.types import SpeechError

from .helpers import wav_bytes


def _three_voices() -> bytes:
    """Seven turns of tone words by three pitches (a pitch stands for a voice)."""
    words: list[tuple[float, float, float]] = []
    t = 0.5
    for hz in [500, 250, 1200, 250, 500, 1200, 500]:
        for _ in range(6):
            words.append((t, t + 0.35, hz))
            t += 0.5
        t += 0.8
    return wav_bytes(tone_audio(words, words[-1][1] + 1))


def _run(most: int | None) -> int:
    result = pipeline.run(
        DecodedWindows(io.BytesIO(_three_voices()), seconds=8, overlap=3),
        FakeTranscriber(),
        FakeEmbedder(),
        most=most,
        on_window=lambda w: None,
    )
    return result.speakers


def test_five_present_and_three_voices_heard_is_three_speakers() -> None:
    assert _run(5) == 3


def test_never_more_speakers_than_the_people_present() -> None:
    assert _run(2) == 2


def test_an_upper_bound_below_one_is_refused() -> None:
    with pytest.raises(SpeechError, match="at least 1"):
        _run(0)
