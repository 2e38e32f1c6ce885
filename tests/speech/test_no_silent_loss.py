"""No silent loss (issue 18): speech the voice activity detector heard but the transcriber wrote
nothing for is transcribed again on its own, and what is still empty is kept as a gap.

Fast tests with the tone fakes: a "word" is a tone burst, and the transcriber below misses the
bursts it is told to, the way Whisper skips a stretch after a timestamp jump. The same
behaviour on real speech with the real model is in test_no_silent_loss_real.py."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

import pytest

from onrecord.speech import gaps, pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, FakeVoiceActivity, tone_audio
from onrecord.speech.types import (
    SAMPLE_RATE,
    Audio,
    Gap,
    Transcriber,
    TranscriptResult,
    WindowResult,
    Word,
)

from .helpers import wav_bytes

# 40 words, 0.35 s long and 0.15 s apart, each its own pitch: 20 s of continuous "speech"
WORDS = [(0.5 + 0.5 * i, 0.85 + 0.5 * i, 200 + 20 * i) for i in range(40)]
LOST = {f" {hz}hz" for _, _, hz in WORDS[10:18]}  # 4 s of speech, words 10 to 17


class SkippingTranscriber(FakeTranscriber):
    """Misses the words in `skipped` when given more than `whole` seconds at once (a jump in
    a long decode), and the words in `never` always (speech it cannot make out)."""

    def __init__(self, skipped: set[str], never: Iterable[str] = (), whole: float = 8.0) -> None:
        self.skipped, self.never, self.whole = skipped, set(never), whole
        self.calls: list[float] = []

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        seconds = len(audio) / SAMPLE_RATE
        self.calls.append(seconds)
        words, language = super().transcribe(audio)
        drop = self.never | (self.skipped if seconds > self.whole else set())
        return [w for w in words if w.text not in drop], language


def _run(
    transcriber: Transcriber,
    *,
    seconds: float = 300.0,
    overlap: float = 10.0,
    vad: bool = True,
    on_window: Callable[[WindowResult], None] | None = None,
) -> TranscriptResult:
    data = wav_bytes(tone_audio(WORDS, 21.0))
    return pipeline.run(
        DecodedWindows(io.BytesIO(data), seconds=seconds, overlap=overlap),
        transcriber,
        FakeEmbedder(),
        on_window=on_window or (lambda w: None),
        voice_activity=FakeVoiceActivity() if vad else None,
    )


def test_without_the_check_a_skipped_stretch_vanishes_without_a_trace():
    result = _run(SkippingTranscriber(LOST), vad=False)
    assert not LOST & {w.text for w in result.words}
    assert result.gaps == ()


def test_a_skipped_stretch_is_transcribed_again_on_its_own_and_its_words_restored():
    transcriber = SkippingTranscriber(LOST)
    result = _run(transcriber)
    assert [w.text for w in result.words] == [f" {hz}hz" for _, _, hz in WORDS]
    assert result.gaps == ()
    assert not any("not be transcribed" in n for n in result.notes)
    # the window, then the one stretch clipped with a little context either side
    assert len(transcriber.calls) == 2
    missing = WORDS[18][0] - WORDS[9][1] - 2 * gaps.SLACK
    assert transcriber.calls[1] == pytest.approx(missing + 2 * gaps.CONTEXT, abs=0.02)
    restored = [w for w in result.words if w.text in LOST]
    for word, (start, end, _) in zip(restored, WORDS[10:18], strict=True):
        assert word.start == pytest.approx(start, abs=0.02)
        assert word.end == pytest.approx(end, abs=0.02)


def test_speech_still_without_words_becomes_a_gap_with_its_times_and_a_note():
    result = _run(SkippingTranscriber(LOST, never=LOST))
    assert not LOST & {w.text for w in result.words}
    assert len(result.words) == 32
    [gap] = result.gaps
    # from the end of word 9 (+ slack) to the start of word 18 (- slack)
    assert gap.start == pytest.approx(WORDS[9][1] + gaps.SLACK, abs=0.05)
    assert gap.end == pytest.approx(WORDS[18][0] - gaps.SLACK, abs=0.05)
    assert result.notes[-1] == (
        "1 stretch of speech (3 seconds in all) could not be transcribed and is marked "
        "“speech not transcribed” in the transcript: listen to it."
    )


def test_a_short_miss_is_not_a_gap():
    one_word = {" 400hz"}  # 0.35 s: the pause around it is not lost speech
    result = _run(SkippingTranscriber(one_word, never=one_word))
    assert result.gaps == ()


@pytest.mark.parametrize(("seconds", "overlap"), [(6.0, 2.0), (7.3, 2.5)])
def test_a_gap_across_window_cuts_is_one_gap_and_is_kept_through_a_resume(seconds, overlap):
    lost = {f" {hz}hz" for _, _, hz in WORDS[8:24]}  # 8 s: longer than a window's step
    stored: list[WindowResult] = []
    whole = _run(
        SkippingTranscriber(lost, never=lost),
        seconds=seconds,
        overlap=overlap,
        on_window=stored.append,
    )
    assert len(stored) >= 3
    [gap] = whole.gaps
    assert gap.start == pytest.approx(WORDS[7][1] + gaps.SLACK, abs=0.05)
    assert gap.end == pytest.approx(WORDS[24][0] - gaps.SLACK, abs=0.05)
    # windows own their pieces of it; a run resumed after window 1 gives the same gap
    assert sum(len(w.gaps) for w in stored) >= 2
    data = wav_bytes(tone_audio(WORDS, 21.0))
    resumed = pipeline.run(
        DecodedWindows(io.BytesIO(data), seconds=seconds, overlap=overlap),
        SkippingTranscriber(lost, never=lost),
        FakeEmbedder(),
        resume=stored[:2],
        on_window=lambda w: None,
        voice_activity=FakeVoiceActivity(),
    )
    assert resumed.gaps == whole.gaps
    assert [w.text for w in resumed.words] == [w.text for w in whole.words]


def test_unheard_finds_speech_no_word_covers():
    words = [Word(1.0, 1.5, " a", 0.9), Word(5.0, 5.5, " b", 0.9)]
    speech = [(0.8, 9.0)]
    assert gaps.unheard(speech, words) == [(1.9, 4.6), (5.9, 9.0)]
    assert gaps.unheard(speech, words, minimum=3.0) == [(5.9, 9.0)]
    assert gaps.unheard([(0.0, 1.9)], []) == []


def test_gaps_are_described_on_the_recordings_clock():
    assert gaps.describe(Gap(205.2, 228.9)) == "speech not transcribed, 3:25 to 3:48"
    assert gaps.describe(Gap(3725.0, 3790.0)) == "speech not transcribed, 1:02:05 to 1:03:10"
    assert gaps.merged([Gap(10.0, 11.0), Gap(11.2, 12.5), Gap(20.0, 21.0)]) == [Gap(10.0, 12.5)]
