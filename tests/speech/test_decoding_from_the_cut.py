"""Each window after the first is decoded only from a second before the previous window's cut
(the overlap before that was transcribed by the window before), and the words across every
boundary are still kept exactly once, with or without a pause there, and on resuming."""

from __future__ import annotations

import io

import pytest

from onrecord.speech import pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.speech.types import SAMPLE_RATE, Audio, WindowResult, Word

from .helpers import wav_bytes


class HeardLengths(FakeTranscriber):
    """The fake transcriber, noting how many seconds of audio each call was given."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        self.seconds.append(len(audio) / SAMPLE_RATE)
        return super().transcribe(audio)


def _run(words, duration, resume=()):
    transcriber = HeardLengths()
    stored: list[WindowResult] = list(resume)
    result = pipeline.run(
        DecodedWindows(io.BytesIO(wav_bytes(tone_audio(words, duration))), seconds=6, overlap=4),
        transcriber,
        FakeEmbedder(),
        resume=resume,
        on_window=stored.append,
    )
    return result, stored, transcriber.seconds


# words 0.3 s long with 0.2 s pauses, pitch rising so each word's text is unique in order
PAUSED = [(0.3 + 0.5 * i, 0.6 + 0.5 * i, 200 + 20 * i) for i in range(50)]
# words running on: 0.04 s apart, too short for a pause (still two words to the fake)
RUN_ON = [(0.3 + 0.44 * i, 0.70 + 0.44 * i, 200 + 20 * i) for i in range(56)]


@pytest.mark.parametrize("words", [PAUSED, RUN_ON], ids=["pauses", "no pauses"])
def test_later_windows_are_decoded_from_a_second_before_the_cut_and_keep_each_word_once(words):
    result, stored, heard = _run(words, 26.0)
    assert [w.text for w in result.words] == [f" {hz}hz" for _, _, hz in words]
    for word, (start, end, _) in zip(result.words, words, strict=True):
        assert word.start == pytest.approx(start, abs=0.02)
        assert word.end == pytest.approx(end, abs=0.02)
    assert len(stored) == len(heard) >= 4
    # window i's audio runs to (i + 1) * 6 + 4 s (or the end); it was heard from one second
    # (to the 10 ms step below) before the previous window's cut, not from i * 6 s
    for i in range(1, len(stored)):
        end = min((i + 1) * 6.0 + 4.0, 26.0)
        heard_from = end - heard[i]
        assert stored[i - 1].end - pipeline.CONTEXT - 0.01 <= heard_from
        assert heard_from <= stored[i - 1].end - pipeline.CONTEXT + 1e-6
        assert heard_from > i * 6.0  # less than the whole window
    # the first window is heard whole
    assert heard[0] == pytest.approx(10.0)


def test_a_resumed_run_decodes_from_the_same_place_and_gives_the_same_words():
    whole, stored, heard = _run(RUN_ON, 26.0)
    resumed, _, heard_after = _run(RUN_ON, 26.0, resume=stored[:2])
    assert heard_after == pytest.approx(heard[2:])
    assert resumed.words == whole.words
