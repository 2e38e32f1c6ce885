"""Two people speaking at once (issue 18): the pipeline keeps the stretches an overlap detector
finds in each window, joins the pieces either side of a window's cut, drops the very short, and
says so in the result's notes; a resumed run keeps them. Fast tests with the tone fakes: "two
voices at once" is two tones sounding together, which the fake detector below hears as a frame
louder than one tone can be. The real model on real voices: test_overlap_real.py."""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import pytest

from onrecord.speech import overlap, pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.speech.types import SAMPLE_RATE, Audio, Overlap, TranscriptResult, WindowResult

from .helpers import wav_bytes

# 40 "words" of one voice, 0.35 s long and 0.15 s apart (20 s), as test_no_silent_loss.py
WORDS = [(0.5 + 0.5 * i, 0.85 + 0.5 * i, 200 + 20 * i) for i in range(40)]
SECOND_VOICE = (6.0, 13.85, 1500.0)  # a second voice over the first, words 11 to 26
BRIEF = (17.0, 17.15, 1700.0)  # and for 0.15 s: the edge of a turn, not an overlap


class LoudnessOverlap:
    """Stretches where a 10 ms frame is louder than one 0.3-amplitude tone can be (RMS 0.21):
    two tones at once. Records the length of each window it was given."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def overlaps(self, audio: Audio) -> list[tuple[float, float]]:
        self.calls.append(len(audio) / SAMPLE_RATE)
        frame = SAMPLE_RATE // 100
        count = len(audio) // frame
        rms = np.sqrt(np.mean(audio[: count * frame].reshape(count, frame) ** 2, axis=1))
        loud = rms > 0.26
        out: list[tuple[float, float]] = []
        for i, on in enumerate(loud):
            if not on:
                continue
            if out and abs(out[-1][1] - i * 0.01) < 0.2:  # pauses between "words" do not split
                out[-1] = (out[-1][0], (i + 1) * 0.01)
            else:
                out.append((i * 0.01, (i + 1) * 0.01))
        return out


def _audio() -> bytes:
    one = tone_audio(WORDS, 21.0)
    two = tone_audio([SECOND_VOICE, BRIEF], 21.0)
    return wav_bytes(one + two)


def _run(
    detector: LoudnessOverlap | None,
    *,
    seconds: float = 300.0,
    window_overlap: float = 10.0,
    resume: tuple[WindowResult, ...] = (),
    on_window: Callable[[WindowResult], None] | None = None,
) -> TranscriptResult:
    return pipeline.run(
        DecodedWindows(io.BytesIO(_audio()), seconds=seconds, overlap=window_overlap),
        FakeTranscriber(),
        FakeEmbedder(),
        resume=resume,
        on_window=on_window or (lambda w: None),
        overlap_detector=detector,
    )


def test_two_voices_at_once_become_one_overlap_with_its_times_and_a_note():
    detector = LoudnessOverlap()
    result = _run(detector)
    [both] = result.overlaps
    # the second voice sounds over the first one's words from 6.0 to 13.85
    assert both.start == pytest.approx(6.0, abs=0.03)
    assert both.end == pytest.approx(13.85, abs=0.03)
    assert detector.calls == [pytest.approx(21.0)]
    assert result.notes[-1] == (
        "Two people spoke at once in 1 stretch (8 seconds in all); it is marked “two people "
        "speaking at once”: who said what there may be wrong or missing."
    )


def test_without_a_detector_nothing_is_marked():
    result = _run(None)
    assert result.overlaps == ()
    assert not any("at once" in n for n in result.notes)


@pytest.mark.parametrize(("seconds", "window_overlap"), [(5.0, 2.0), (7.3, 2.5)])
def test_an_overlap_across_window_cuts_is_one_and_is_kept_through_a_resume(seconds, window_overlap):
    stored: list[WindowResult] = []
    whole = _run(
        LoudnessOverlap(), seconds=seconds, window_overlap=window_overlap, on_window=stored.append
    )
    [both] = whole.overlaps
    assert both.start == pytest.approx(6.0, abs=0.03)
    assert both.end == pytest.approx(13.85, abs=0.03)
    assert sum(len(w.overlaps) for w in stored) >= 2  # each window owns its piece
    for window in stored:  # and only what lies in its own stretch
        assert all(window.start <= o.start < o.end <= window.end for o in window.overlaps)
    resumed = _run(
        LoudnessOverlap(),
        seconds=seconds,
        window_overlap=window_overlap,
        resume=tuple(stored[:2]),
    )
    assert resumed.overlaps == whole.overlaps


def test_stretches_join_close_pieces_and_drop_short_ones():
    step = overlap.FRAME_STEP
    frames = np.zeros(600, dtype=np.float32)  # about 10 s
    frames[100:140] = 0.9  # 0.68 s
    frames[145:170] = 0.8  # 5 frames (0.08 s) later: the same stretch
    frames[300:310] = 0.95  # 0.17 s: too short
    frames[400:460] = 0.49  # below the threshold
    [(start, end)] = overlap.stretches(frames)
    assert start == pytest.approx(overlap.FRAME_DURATION / 2 + 100 * step - step / 2, abs=1e-3)
    assert end == pytest.approx(overlap.FRAME_DURATION / 2 + 169 * step + step / 2, abs=1e-3)
    assert overlap.stretches(frames, 0.4)[-1][0] == pytest.approx(
        overlap.FRAME_DURATION / 2 + 400 * step - step / 2, abs=1e-3
    )


def test_merged_joins_the_two_sides_of_a_cut_and_drops_what_is_still_short():
    pieces = [Overlap(10.0, 12.0), Overlap(12.1, 13.0), Overlap(20.0, 20.2), Overlap(30.0, 31.0)]
    assert overlap.merged(pieces) == [Overlap(10.0, 13.0), Overlap(30.0, 31.0)]


def test_a_word_is_in_an_overlap_when_its_middle_is():
    stretches = [Overlap(3.0, 4.0)]
    assert overlap.inside(2.8, 3.4, stretches)
    assert not overlap.inside(2.0, 3.8, stretches)  # middle 2.9
    assert not overlap.inside(4.0, 4.3, stretches)


def test_describe_says_when_in_minutes_and_seconds():
    assert overlap.describe(Overlap(205.2, 208.4)) == "two people speaking at once, 3:25 to 3:29"
    assert overlap.describe(Overlap(10.4, 10.9)) == "two people speaking at once, 0:10 to 0:11"
    assert overlap.describe(Overlap(10.0, 10.0)) == "two people speaking at once, at 0:10"
