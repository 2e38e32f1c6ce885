"""Words at window boundaries are kept once: never split, duplicated or lost."""

from __future__ import annotations

import io
from itertools import pairwise

import pytest

from onrecord.speech import pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.speech.types import WindowResult

from .helpers import wav_bytes

# 60 "words" 0.35 s long, 0.15 s apart, pitch rising so each word's text is unique in order
WORDS = [(0.3 + 0.5 * i, 0.65 + 0.5 * i, 200 + 20 * i) for i in range(60)]


@pytest.mark.parametrize(("seconds", "overlap"), [(4.0, 2.0), (5.3, 1.7), (7.0, 3.0), (31.0, 4.0)])
def test_every_word_is_kept_exactly_once_whatever_the_windows(seconds, overlap):
    data = wav_bytes(tone_audio(WORDS, 31.0))
    stored: list[WindowResult] = []
    result = pipeline.run(
        DecodedWindows(io.BytesIO(data), seconds=seconds, overlap=overlap),
        FakeTranscriber(),
        FakeEmbedder(),
        on_window=stored.append,
    )
    assert [w.text for w in result.words] == [f" {hz}hz" for _, _, hz in WORDS]
    for word, (start, end, _) in zip(result.words, WORDS, strict=True):
        assert word.start == pytest.approx(start, abs=0.02)
        assert word.end == pytest.approx(end, abs=0.02)
    # windows own consecutive stretches, each cut inside a pause
    assert stored[0].start == 0.0
    for before, after in pairwise(stored):
        assert before.end == after.start
        assert not any(s < before.end < e for s, e, _ in WORDS)
