"""Work beside Whisper (pipeline.py): the overlap detector scores a window while the transcriber
decodes it, and a window's voice samples are taken while the next window is decoded; the same
result as in sequence, each window stored before the one after next is decoded, and a failure on
either side stops the run with nothing half-stored. Fast, with the tone fakes and events
between the threads."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future

import pytest

from onrecord.speech import pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.speech.types import Audio, SpeechError, VoiceSample, WindowResult, Word

from .helpers import wav_bytes

WORDS = [(0.5 + 0.5 * i, 0.85 + 0.5 * i, 200 + 20 * i) for i in range(30)]
WAIT = 10.0  # seconds: far longer than either side takes; a deadlock would fail, not hang


def _windows() -> DecodedWindows:
    return DecodedWindows(io.BytesIO(wav_bytes(tone_audio(WORDS, 16.0))), seconds=6.0, overlap=2.0)


class Meeting:
    """A transcriber and a detector that each wait, inside their call, until the other has
    started on the same window: in sequence, the first would wait in vain."""

    def __init__(self) -> None:
        self.decoding = threading.Event()
        self.scoring = threading.Event()
        self.met = 0
        self._inner = FakeTranscriber()

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        self.decoding.set()
        if not self.scoring.wait(WAIT):
            raise AssertionError("the overlap detector did not run while Whisper decoded")
        self.scoring.clear()
        self.met += 1
        return self._inner.transcribe(audio)

    name = "fake-tones"

    def overlaps(self, audio: Audio) -> list[tuple[float, float]]:
        self.scoring.set()
        if not self.decoding.wait(WAIT):
            raise AssertionError("Whisper did not decode while the detector scored")
        self.decoding.clear()
        return [(1.0, 1.5)]


def test_each_window_is_scored_while_it_is_decoded():
    meeting = Meeting()
    stored: list[WindowResult] = []
    result = pipeline.run(
        _windows(),
        meeting,
        FakeEmbedder(),
        on_window=stored.append,
        overlap_detector=meeting,
    )
    assert meeting.met == len(stored) >= 3
    assert (result.overlaps[0].start, result.overlaps[0].end) == (1.0, 1.5)


class EdgesOfEachWindow:
    def overlaps(self, audio: Audio) -> list[tuple[float, float]]:
        seconds = len(audio) / 16000
        return [(1.0, 1.5), (seconds - 1.0, seconds - 0.4)]


class Inline(Executor):
    """Runs what is submitted at once, in the caller's thread: the pipeline in sequence."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future[object] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _stored() -> tuple[object, list[object]]:
    stored: list[object] = []
    result = pipeline.run(
        _windows(),
        FakeTranscriber(),
        FakeEmbedder(),
        on_window=stored.append,
        overlap_detector=EdgesOfEachWindow(),
    )
    return result, stored


def test_the_result_is_the_same_as_in_sequence(monkeypatch):
    """What each window keeps does not depend on which side finished first."""
    beside = _stored()
    monkeypatch.setattr(pipeline, "ThreadPoolExecutor", lambda **kwargs: Inline())
    in_sequence = _stored()
    assert beside == in_sequence
    assert len(beside[0].overlaps) >= 3  # type: ignore[attr-defined]


class Broken:
    def overlaps(self, audio: Audio) -> list[tuple[float, float]]:
        raise SpeechError("The overlap model could not be loaded: damaged")


def test_a_detector_that_fails_stops_the_run_before_the_window_is_stored():
    stored: list[WindowResult] = []
    with pytest.raises(SpeechError, match="overlap model"):
        pipeline.run(
            _windows(),
            FakeTranscriber(),
            FakeEmbedder(),
            on_window=stored.append,
            overlap_detector=Broken(),
        )
    assert stored == []


class FailingTranscriber:
    name = "fake-tones"

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        raise SpeechError("The audio could not be decoded.")


def test_a_transcriber_that_fails_waits_for_the_detector_and_stores_nothing():
    finished = threading.Event()

    class Slow:
        def overlaps(self, audio: Audio) -> list[tuple[float, float]]:
            finished.wait(0.2)
            finished.set()
            return []

    stored: list[WindowResult] = []
    with pytest.raises(SpeechError, match="could not be decoded"):
        pipeline.run(
            _windows(),
            FailingTranscriber(),
            FakeEmbedder(),
            on_window=stored.append,
            overlap_detector=Slow(),
        )
    assert stored == []
    assert finished.is_set()  # no thread left running after the run returned


class Log:
    """What happened, in order, across the threads."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.second_window_decoding = threading.Event()
        self._lock = threading.Lock()
        self._calls = 0
        self._inner = FakeTranscriber()
        self._voices = FakeEmbedder()

    def add(self, line: str) -> None:
        with self._lock:
            self.lines.append(line)

    name = "fake-tones"

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        self._calls += 1
        self.add(f"decode {self._calls}")
        if self._calls == 2:
            self.second_window_decoding.set()
        return self._inner.transcribe(audio)

    def embed(self, audio: Audio, speech: Sequence[tuple[float, float]]) -> list[VoiceSample]:
        # the first window's samples wait for the second window's decoding to start: in
        # sequence they would wait in vain
        first = "samples" not in self.lines
        if first and not self.second_window_decoding.wait(WAIT):
            raise AssertionError("the next window was not decoded while samples were taken")
        self.add("samples")
        return self._voices.embed(audio, speech)


def test_voice_samples_are_taken_while_the_next_window_is_decoded_and_stored_in_time():
    log = Log()

    def stored(window: WindowResult) -> None:
        log.add(f"stored {window.index + 1}")

    result = pipeline.run(_windows(), log, log, on_window=stored)
    windows = log.lines.count("samples")
    assert windows >= 3
    assert [line for line in log.lines if line.startswith("stored")] == [
        f"stored {i}" for i in range(1, windows + 1)
    ]
    for i in range(1, windows - 1):  # window i is stored before window i + 2 is decoded
        assert log.lines.index(f"stored {i}") < log.lines.index(f"decode {i + 2}")
    assert result.words  # and the run completes with every window's words
    assert result.speakers >= 1


def test_audio_that_fails_later_keeps_every_window_finished_before_it(monkeypatch):
    """The reader reads one window ahead; where it fails (a damaged tail), the window whose
    samples were being taken is stored before the error goes on, as a run in sequence stores
    it, so a retry resumes after it."""
    real = _windows()

    def damaged_after_two(start_index: int) -> Iterator[tuple[int, float, Audio]]:
        for window in real(start_index):
            if window[0] == 2:
                raise SpeechError("The recording could not be read past 0:08.")
            yield window

    def run() -> list[int]:
        stored: list[WindowResult] = []
        with pytest.raises(SpeechError, match="could not be read"):
            pipeline.run(
                damaged_after_two, FakeTranscriber(), FakeEmbedder(), on_window=stored.append
            )
        return [w.index for w in stored]

    beside = run()
    monkeypatch.setattr(pipeline, "ThreadPoolExecutor", lambda **kwargs: Inline())
    assert beside == run() == [0]
