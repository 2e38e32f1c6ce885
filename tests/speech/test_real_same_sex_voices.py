"""Two women's voices on one recording, told apart by the real engine (Whisper tiny.en, CAM++
voice vectors, average-linkage clustering) with the count not given: only the attendance as an
upper bound, as the transcripts app passes it when the speaker count is unknown."""

from __future__ import annotations

import io

import pytest

from onrecord.speech import diarize, loaders, pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.campplus import SAME_VOICE
from onrecord.speech.types import VoiceSample, WindowResult

from .helpers import conversation

# Slow (make test-fast leaves it out): the real Whisper model and voice encoder.
pytestmark = pytest.mark.slow

ALICE, BETH = "en-us+f3", "en-gb-x-rp+f5"  # two women's voices
TURNS = [
    (ALICE, "Good morning. I am Alice Morgan, the independent reviewing officer for today."),
    (BETH, "Hello, my name is Beth Okafor and I am the social worker for the family."),
    (ALICE, "Thank you. Can we check that everyone has had a copy of the report before today?"),
    (BETH, "I received it on Monday and I have read it carefully with the parents."),
    (ALICE, "Does anyone disagree with the recommendation in the report?"),
    (BETH, "The family support worker will continue to visit once a fortnight."),
]


def test_two_womens_voices_are_two_speakers_word_by_word(tmp_path):
    data, spans = conversation(TURNS, tmp_path)
    transcriber = loaders.transcriber("tiny.en", cache_dir=tmp_path / "models")
    stored: list[WindowResult] = []
    result = pipeline.run(
        DecodedWindows(io.BytesIO(data)),
        transcriber,
        loaders.embedder(),
        speakers=None,
        on_window=stored.append,
    )
    samples: list[VoiceSample] = [v for w in stored for v in w.voices]
    assert result.speakers == 2
    # at most the three people present: still two voices, not a split of one of them
    _, bounded = diarize.diarize(result.words, samples, None, most=3, same_voice=SAME_VOICE)
    assert bounded == 2
    right = total = 0
    for word in result.words:
        middle = (word.start + word.end) / 2
        voice = next((v for a, b, v in spans if a - 0.3 <= middle <= b + 0.3), None)
        if voice is not None and word.speaker is not None:
            total += 1
            right += word.speaker == voice  # both number voices by first appearance
    assert total >= 0.9 * len(result.words)
    assert right / total >= 0.9, [(w.text, w.speaker) for w in result.words]
