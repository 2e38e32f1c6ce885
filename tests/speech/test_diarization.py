"""Voices are clustered into speakers and every word gets the speaker who said it."""

from __future__ import annotations

import io

import numpy as np
import pytest

from onrecord.speech import pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.diarize import assign, cluster
from onrecord.speech.fake import FakeEmbedder, FakeTranscriber, tone_audio
from onrecord.speech.types import SpeechError, VoiceSample, Word

from .helpers import wav_bytes


def _turns(
    pitches: list[int], words_per_turn: int = 6
) -> tuple[list[tuple[float, float, float]], list[int]]:
    """Turns of tone words (0.35 s, 0.15 s apart) with a 0.8 s pause between turns."""
    words: list[tuple[float, float, float]] = []
    who: list[int] = []
    t = 0.5
    voices: dict[int, int] = {}
    for hz in pitches:
        for _ in range(words_per_turn):
            words.append((t, t + 0.35, hz))
            who.append(voices.setdefault(hz, len(voices)))
            t += 0.5
        t += 0.8
    return words, who


@pytest.mark.parametrize("speakers", [3, None])
def test_three_tone_pitches_are_told_apart_word_by_word(speakers):
    """Pure tones through the fakes (a pitch stands for a voice): the clustering and per-word
    logic, not real voices. Real voices: test_real_pipeline.py (slow)."""
    words, who = _turns([500, 250, 1200, 250, 500, 1200, 500])
    data = wav_bytes(tone_audio(words, words[-1][1] + 1))
    result = pipeline.run(
        DecodedWindows(io.BytesIO(data), seconds=8, overlap=3),
        FakeTranscriber(),
        FakeEmbedder(),
        speakers=speakers,
        on_window=lambda w: None,
    )
    assert result.speakers == 3
    assert [w.speaker for w in result.words] == who  # numbered by who spoke first


def _sample(start: float, vector: tuple[float, ...], length: float = 1.6) -> VoiceSample:
    return VoiceSample(start, start + length, vector)


def test_cluster_numbers_speakers_by_first_appearance():
    a, b = (1.0, 0.1, 0.0), (0.0, 0.2, 1.0)
    samples = [_sample(5, a), _sample(0, b), _sample(1, b), _sample(7, a), _sample(2, b)]
    assert cluster(samples, 2) == [1, 0, 0, 1, 0]


def test_one_voice_is_one_speaker_when_the_count_is_unknown():
    rng = np.random.default_rng(7)
    base = np.array([1.0, 0.5, 0.2, 0.0])
    samples = [_sample(i, tuple(base + rng.normal(0, 0.01, 4))) for i in range(12)]
    assert set(cluster(samples, None)) == {0}


def test_a_lone_word_is_smoothed_into_the_turn_around_it():
    a, b = (1.0, 0.0), (0.0, 1.0)
    samples = [_sample(0.0, a, 1.0), _sample(1.0, b, 0.3), _sample(1.3, a, 1.0)]
    words = [
        Word(0.2, 0.6, " so", 0.9),
        Word(0.7, 0.95, " I", 0.9),
        Word(1.05, 1.25, " think", 0.9),
        Word(1.4, 1.8, " yes", 0.9),
    ]
    assert [w.speaker for w in assign(words, samples, [0, 1, 0])] == [0, 0, 0, 0]


def test_a_word_with_no_sample_over_it_takes_the_nearest():
    samples = [_sample(0.0, (1.0, 0.0), 1.0), _sample(9.0, (0.0, 1.0), 1.0)]
    words = [Word(2.0, 2.3, " hello", 0.9), Word(8.0, 8.2, " bye", 0.9)]
    assert [w.speaker for w in assign(words, samples, [0, 1])] == [0, 1]


def test_a_speaker_count_below_one_is_refused():
    with pytest.raises(SpeechError):
        cluster([_sample(0, (1.0,))], 0)
