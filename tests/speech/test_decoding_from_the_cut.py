"""Each window after the first is decoded only from two seconds before the previous window's cut
(the overlap before that was transcribed by the window before), and the words across every
boundary are still kept exactly once, with or without a pause there, and on resuming."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest

from onrecord.speech import pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.speech.types import SAMPLE_RATE, Audio, TranscriptResult, WindowResult, Word

from .helpers import wav_bytes


class HeardLengths(FakeTranscriber):
    """The fake transcriber, noting how many seconds of audio each call was given."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        self.seconds.append(len(audio) / SAMPLE_RATE)
        return super().transcribe(audio)


def _run(
    words: Sequence[tuple[float, float, float]],
    duration: float,
    resume: Sequence[WindowResult] = (),
) -> tuple[TranscriptResult, list[WindowResult], list[float]]:
    transcriber = HeardLengths()
    stored: list[WindowResult] = list(resume)
    result = pipeline.run(
        DecodedWindows(io.BytesIO(wav_bytes(tone_audio(words, duration))), seconds=10, overlap=8),
        transcriber,
        FakeEmbedder(),
        resume=resume,
        on_window=stored.append,
    )
    return result, stored, transcriber.seconds


# words 0.3 s long with 0.2 s pauses and a 0.6 s pause after every seventh, pitch rising so
# each word's text is unique in order
PAUSED = [
    (0.3 + 0.5 * i + 0.4 * (i // 7), 0.6 + 0.5 * i + 0.4 * (i // 7), 200 + 20 * i)
    for i in range(66)
]
# words running on: 0.04 s apart, too short for a pause (still two words to the fake)
RUN_ON = [(0.3 + 0.44 * i, 0.70 + 0.44 * i, 200 + 20 * i) for i in range(86)]


@pytest.mark.parametrize("words", [PAUSED, RUN_ON], ids=["pauses", "no pauses"])
def test_later_windows_are_decoded_from_two_seconds_before_the_cut_and_keep_each_word_once(words):
    result, stored, heard = _run(words, 40.0)
    assert [w.text for w in result.words] == [f" {hz}hz" for _, _, hz in words]
    for word, (start, end, _) in zip(result.words, words, strict=True):
        assert word.start == pytest.approx(start, abs=0.02)
        assert word.end == pytest.approx(end, abs=0.02)
    assert len(stored) == len(heard) >= 4
    ends = [min((i + 1) * 10.0 + 8.0, 40.0) for i in range(len(heard))]
    # window i's audio runs to (i + 1) * 10 + 8 s (or the end); it was heard from CONTEXT
    # (to the 10 ms step below) before the previous window's cut, not from i * 10 s
    for i in range(1, len(stored)):
        heard_from = ends[i] - heard[i]
        assert stored[i - 1].end - pipeline.CONTEXT - 0.01 <= heard_from
        assert heard_from <= stored[i - 1].end - pipeline.CONTEXT + 1e-6
        assert heard_from >= i * 10.0 - 1e-6
    # less than the whole window where the cut lies more than CONTEXT into the overlap
    assert any(end - h > i * 10.0 + 0.5 for i, (end, h) in enumerate(zip(ends, heard, strict=True)))
    # the first window is heard whole
    assert heard[0] == pytest.approx(18.0)


def test_a_resumed_run_decodes_from_the_same_place_and_gives_the_same_words():
    whole, stored, heard = _run(RUN_ON, 40.0)
    resumed, _, heard_after = _run(RUN_ON, 40.0, resume=stored[:2])
    assert heard_after == pytest.approx(heard[2:])
    assert resumed.words == whole.words
