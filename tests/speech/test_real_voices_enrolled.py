"""The real engine (Whisper tiny.en, CAM++ voice vectors) names voices from the introductions round:
two women's voices told apart and named, a man who never introduced himself left unknown."""

from __future__ import annotations

import io

import pytest

from onrecord.speech import loaders
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.campplus import NAME_MATCH
from onrecord.speech.enrol import Introduction, name_speakers
from onrecord.speech.pipeline import run
from onrecord.speech.types import VoiceSample, WindowResult

from .helpers import conversation

# Slow (make test-fast leaves it out): the real Whisper model and voice encoder.
pytestmark = pytest.mark.slow

ALICE, BETH, MAN = "en-us+f3", "en-gb-x-rp+f5", "en-us+m1"  # two women and a man
TURNS = [
    (ALICE, "Good morning. I am Alice Morgan, the independent reviewing officer for today."),
    (BETH, "Hello, my name is Beth Okafor and I am the social worker for the family."),
    (MAN, "The school says attendance has improved from seventy to ninety percent this term."),
    (ALICE, "Thank you. Can we check that everyone has had a copy of the report before today?"),
    (BETH, "I received it on Monday and I have read it carefully with the parents."),
    (ALICE, "Does anyone disagree with the recommendation in the report?"),
    (MAN, "I agree with the recommendation and I have nothing further to add."),
    (BETH, "The family support worker will continue to visit once a fortnight."),
]


def test_introductions_name_two_womens_voices_and_leave_the_stranger_unknown(tmp_path):
    data, spans = conversation(TURNS, tmp_path)
    transcriber = loaders.transcriber("tiny.en", cache_dir=tmp_path / "models")
    stored: list[WindowResult] = []
    intros = [Introduction(101, spans[0][0], spans[0][1]), Introduction(102, *spans[1][:2])]
    result = run(
        DecodedWindows(io.BytesIO(data)),
        transcriber,
        loaders.embedder(),
        speakers=3,
        introductions=intros,
        on_window=stored.append,
    )
    samples: list[VoiceSample] = [v for w in stored for v in w.voices]
    names = name_speakers(result.words, samples, intros, match=NAME_MATCH)
    expected = {0: 101, 1: 102, 2: None}  # conversation() numbers voices by first appearance
    right = total = 0
    for word in result.words:
        middle = (word.start + word.end) / 2
        voice = next((v for a, b, v in spans if a - 0.3 <= middle <= b + 0.3), None)
        if voice is not None and word.speaker is not None:
            total += 1
            right += names[word.speaker] == expected[voice]
    assert total >= 0.9 * len(result.words)
    assert right / total >= 0.9, [(w.text, w.speaker, names[w.speaker or 0]) for w in result.words]
