"""Decoding each window only from shortly before the previous cut, through the real model on real
speech: the telephone call the speech bench uses (pyannote-audio's sample.wav, two women talking
without pauses long enough to cut in), cut into short windows. The words either side of every
cut are neither lost nor doubled against the same call decoded as one window."""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from pathlib import Path

import pytest

from onrecord.speech import loaders, pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder
from onrecord.speech.types import SAMPLE_RATE, Audio, WindowResult, Word

pytestmark = pytest.mark.slow  # the real Whisper model

# The bench's copy of pyannote-audio 4.0.7's wheel (bench/real_speech.py fetches and checks it).
CALL_WHEEL = (
    Path(tempfile.gettempdir()) / "onrecord-real-speech" / "pyannote_audio-4.0.7-py3-none-any.whl"
)
CALL_SHA256 = "852ea15c4d85bc34773e618267603ffca6a521669a74d33742692cc67fc700d6"


class Heard:
    """The real transcriber, noting how many seconds of audio each window gave it."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.name = "heard"
        self.seconds: list[float] = []

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        self.seconds.append(len(audio) / SAMPLE_RATE)
        return self.inner.transcribe(audio)  # type: ignore[attr-defined, no-any-return]


def _text(word: Word) -> str:
    return re.sub(r"[^a-z']", "", word.text.lower())


@pytest.fixture(scope="module")
def call() -> bytes:
    if not CALL_WHEEL.exists():
        pytest.skip(f"{CALL_WHEEL} is fetched by `python bench/transcribe.py --set real`")
    data = CALL_WHEEL.read_bytes()
    assert hashlib.sha256(data).hexdigest() == CALL_SHA256
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("pyannote/audio/sample/sample.wav")


@pytest.mark.parametrize(("seconds", "overlap"), [(8.0, 6.0), (9.0, 6.0), (10.0, 6.0)])
def test_words_at_the_cuts_of_a_real_call_are_neither_lost_nor_doubled(
    call, tmp_path, seconds, overlap
):
    transcriber = Heard(loaders.transcriber("tiny.en", cache_dir=tmp_path / "models"))
    whole = pipeline.run(
        DecodedWindows(io.BytesIO(call), seconds=60.0),
        transcriber,
        FakeEmbedder(),
        on_window=lambda w: None,
    )
    transcriber.seconds.clear()
    stored: list[WindowResult] = []
    cut = pipeline.run(
        DecodedWindows(io.BytesIO(call), seconds=seconds, overlap=overlap),
        transcriber,
        FakeEmbedder(),
        on_window=stored.append,
    )
    assert len(stored) >= 3
    # each later window was decoded from CONTEXT before the previous cut (or its own start,
    # where the cut lies less than CONTEXT into the overlap), and at least one skipped some
    skipped = 0.0
    for i in range(1, len(stored)):
        end = min((i + 1) * seconds + overlap, 30.0)
        heard_from = end - transcriber.seconds[i]
        expected = max(i * seconds, stored[i - 1].end - pipeline.CONTEXT)
        assert heard_from == pytest.approx(expected, abs=0.011)
        skipped += heard_from - i * seconds
    assert skipped > 0.5

    for window in stored[:-1]:
        near = [
            [_text(w) for w in result.words if abs(w.start - window.end) < 2.0]
            for result in (whole, cut)
        ]
        # nothing doubled: no word heard twice at the same moment
        for a, b in zip(cut.words, cut.words[1:], strict=False):
            if abs(a.start - window.end) < 2.0:
                assert not (_text(a) == _text(b) and b.start < a.end), (window.end, near)
        # nothing lost: about as many words either side of the cut as with no cut (Whisper
        # hears a phrase differently with other context: "neither did I" is "I need the
        # design" when the call is cut at 11.0 s, whichever way the window starts)
        assert abs(len(near[1]) - len(near[0])) <= 2, (window.end, near)
    # and in all, no more than each cut's allowance (on one machine "9 s windows" gave 79 words
    # against 75 uncut, every cut within 2: more words heard, none lost)
    assert abs(len(cut.words) - len(whole.words)) <= 2 * (len(stored) - 1)
