"""Voices enrolled from the introductions round: speakers matched to the attendees who
introduced themselves, an unknown voice left unnamed, close voices pulled apart."""

from __future__ import annotations

import numpy as np
import pytest

from onrecord.speech.diarize import cluster
from onrecord.speech.enrol import (
    Introduction,
    diarize_enrolled,
    enrolled_labels,
    name_speakers,
    voiceprints,
)
from onrecord.speech.types import SpeechError, VoiceSample, Word

DIANE = [1.0, 0.0, 0.0, 0.0]
SHEILA = [0.86, 0.51, 0.0, 0.0]  # cosine 0.86 to Diane: two women, one microphone
ROBERT = [0.0, 0.0, 1.0, 0.0]
STRANGER = [0.0, 0.0, 0.0, 1.0]


def _turns(voices: list[list[float]], seed: int = 5) -> tuple[list[VoiceSample], list[Word]]:
    """Each voice speaks 4 s in turn (samples 1.6 s every 0.8 s, one word a second)."""
    rng = np.random.default_rng(seed)
    samples: list[VoiceSample] = []
    words: list[Word] = []
    t = 0.0
    for centre in voices:
        for k in range(4):
            vector = np.asarray(centre) + rng.normal(0, 0.04, 4)
            samples.append(VoiceSample(t + 0.8 * k, t + 0.8 * k + 1.6, tuple(map(float, vector))))
        words += [Word(t + s, t + s + 0.6, " word", 0.9) for s in range(4)]
        t += 5.0
    return samples, words


def test_introductions_name_each_voice_and_leave_a_stranger_unknown() -> None:
    order = [DIANE, SHEILA, ROBERT, DIANE, STRANGER, SHEILA, ROBERT]
    samples, words = _turns(order)
    intros = [Introduction(11, 0.0, 4.4), Introduction(12, 5.0, 9.4), Introduction(13, 10, 14.4)]
    labelled, count = diarize_enrolled(words, samples, intros)
    assert count == 4  # three attendees and the stranger
    names = name_speakers(labelled, samples, intros)
    by_turn = [names[labelled[4 * i].speaker] for i in range(len(order))]  # type: ignore[index]
    assert by_turn == [11, 12, 13, 11, None, 12, 13]


def test_enrolment_pulls_apart_two_voices_clustering_merges() -> None:
    twin = [0.95, 0.31, 0.0, 0.0]  # cosine 0.95 to Diane: too alike for clustering alone
    samples, _ = _turns([DIANE, twin, DIANE, twin, ROBERT, ROBERT])
    merged = cluster(samples, None, most=3)
    assert merged[0] == merged[4]  # without enrolment the two women are one speaker
    labels, names = enrolled_labels(samples, [Introduction(1, 0, 4.4), Introduction(2, 5, 9.4)])
    turns = [labels[4 * i] for i in range(6)]
    assert turns[0] == turns[2] != turns[1] == turns[3]
    assert [names[t] for t in turns[:2]] == [1, 2]


def test_a_voice_like_nobody_is_not_given_an_attendee() -> None:
    samples, words = _turns([DIANE, STRANGER])
    words = [Word(w.start, w.end, w.text, w.probability, 0 if w.start < 5 else 1) for w in words]
    assert name_speakers(words, samples, [Introduction(7, 0, 4.4)]) == {0: 7, 1: None}


def test_an_introduction_with_no_voice_in_it_makes_no_voiceprint() -> None:
    samples, _ = _turns([DIANE])
    assert voiceprints(samples, [Introduction(3, 30.0, 31.0)]) == {}


@pytest.mark.parametrize(("start", "end"), [(5.0, 5.0), (6.0, 2.0), (-1.0, 2.0)])
def test_a_stretch_that_does_not_run_forwards_is_refused(start: float, end: float) -> None:
    with pytest.raises(SpeechError, match="introduction must end after it starts"):
        Introduction(1, start, end)
