"""The real engine (Whisper tiny.en, CAM++ voice vectors) on a two-voice espeak-ng clip."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest

from onrecord.speech import loaders, pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.types import WindowResult

from .helpers import conversation, wav_bytes

# Slow (make test-fast leaves it out): the real Whisper model.
pytestmark = pytest.mark.slow

TURNS = [
    ("en-gb", "Good morning everyone. This is the child protection conference for Sam."),
    ("en-us+f3", "Thank you. I am the social worker and I have written the report for today."),
    ("en-gb", "Before we start, can everyone introduce themselves please."),
    ("en-us+f3", "Of course. The family has been working well with the school this term."),
]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    cache = tmp_path_factory.mktemp("models")
    return loaders.transcriber("tiny.en", cache_dir=cache), loaders.embedder()


def test_tiny_model_transcribes_two_voices_and_tells_them_apart(tmp_path, engine):
    data, spans = conversation(TURNS, tmp_path)
    transcriber, embedder = engine
    stored: list[WindowResult] = []
    result = pipeline.run(
        DecodedWindows(io.BytesIO(data), seconds=12, overlap=4),  # two windows, one boundary
        transcriber,
        embedder,
        speakers=2,
        on_window=stored.append,
    )
    assert len(stored) == 2
    assert result.model.startswith("whisper-tiny.en (sha256 ")
    assert result.language == "en"
    heard = _words("".join(w.text for w in result.words))
    script = [w for _, text in TURNS for w in _words(text)]
    recognised = sum(1 for w in set(script) if w in heard) / len(set(script))
    assert recognised >= 0.85, heard
    assert len(heard) <= len(script) + 2  # nothing doubled at the window boundary

    # each word's speaker is the voice whose turn holds the word's middle
    right = total = 0
    for word in result.words:
        middle = (word.start + word.end) / 2
        voice = next((v for a, b, v in spans if a - 0.3 <= middle <= b + 0.3), None)
        if voice is not None:
            total += 1
            right += word.speaker == voice
    assert result.speakers == 2
    assert total >= 0.9 * len(result.words)
    assert right / total >= 0.9, [(w.text, w.speaker) for w in result.words]


def test_silence_through_the_real_model_is_no_words_not_invented_text(engine):
    transcriber, embedder = engine
    quiet = np.random.default_rng(3).normal(0, 0.001, 8 * 16_000).astype(np.float32)
    result = pipeline.run(
        DecodedWindows(io.BytesIO(wav_bytes(quiet))),
        transcriber,
        embedder,
        on_window=lambda w: None,
    )
    assert result.words == ()
    assert result.notes == (pipeline.NO_SPEECH,)
