"""CAM++'s own threshold for suggesting a speaker as an introduced attendee (campplus.NAME_MATCH):
on real voice vectors, the introduced woman's later speech is suggested as her, and a man who
never introduced himself is suggested as nobody, even where he is the only voice to match."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from onrecord.speech import loaders
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.campplus import NAME_MATCH
from onrecord.speech.enrol import Introduction, name_speakers
from onrecord.speech.types import Word

from .helpers import conversation

# Slow (make test-fast leaves it out): the real voice encoder.
pytestmark = pytest.mark.slow

WOMAN, MAN = "en-us+f3", "en-us+m1"
TURNS = [
    (WOMAN, "Good morning. I am Alice Morgan, the independent reviewing officer for today."),
    (WOMAN, "Can we check that everyone has had a copy of the report before today?"),
    (MAN, "The school says attendance has improved from seventy to ninety percent this term."),
    (WOMAN, "Does anyone disagree with the recommendation in the report?"),
    (MAN, "I agree with the recommendation and I have nothing further to add."),
]


def test_the_introduced_voice_is_suggested_and_a_stranger_is_not(tmp_path: Path) -> None:
    data, spans = conversation(TURNS, tmp_path)
    audio = np.concatenate([a for _, _, a in DecodedWindows(io.BytesIO(data), seconds=600)(0)])
    embedder = loaders.embedder()
    samples = embedder.embed(audio, [(a, b) for a, b, _ in spans])
    # one word per turn after the introduction, labelled with its voice: 0 the woman, 1 the man
    words = [Word(a, b, " turn", 0.9, voice) for a, b, voice in spans[1:]]
    alice = [Introduction(101, spans[0][0], spans[0][1])]
    hers = [w for w in words if w.speaker == 0]
    his = [w for w in words if w.speaker == 1]
    assert getattr(embedder, "name_match", None) == NAME_MATCH
    assert name_speakers(hers, samples, alice, match=NAME_MATCH) == {0: 101}
    # the one-to-one assignment would give him Alice's name: only the threshold refuses it
    assert name_speakers(his, samples, alice, match=NAME_MATCH) == {1: None}
    assert name_speakers(his, samples, alice, match=0.0) == {1: 101}
