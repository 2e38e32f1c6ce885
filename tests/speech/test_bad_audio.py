"""A corrupt or empty file is a clear error from the real decoder (PyAV); digital silence through
the fake transcriber is a result with no words that says so. Silence through the real Whisper
model: test_real_pipeline.py (slow)."""

from __future__ import annotations

import io

import numpy as np
import pytest

from onrecord.speech import pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber
from onrecord.speech.types import SAMPLE_RATE, SpeechError

from .helpers import wav_bytes


def _run(data: bytes):
    return pipeline.run(
        DecodedWindows(io.BytesIO(data)),
        FakeTranscriber(),
        FakeEmbedder(),
        on_window=lambda w: None,
    )


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"this is a text file, not a recording\n" * 20,
        b"fLaC" + np.random.default_rng(1).bytes(5000),
        b"OggS" + np.random.default_rng(2).bytes(5000),
    ],
    ids=["empty", "text", "flac-header-then-garbage", "ogg-header-then-garbage"],
)
def test_a_file_that_is_not_audio_is_a_clear_error(data):
    with pytest.raises(
        SpeechError, match=r"^The recording (could not be read|is damaged|contains no|has no)"
    ):
        _run(data)


def test_digital_silence_through_the_fake_transcriber_gives_no_words_and_says_so():
    result = _run(wav_bytes(np.zeros(5 * SAMPLE_RATE, dtype=np.float32)))
    assert result.words == ()
    assert result.speakers == 0
    assert result.notes == (pipeline.NO_SPEECH,)
    assert result.duration == pytest.approx(5.0)
