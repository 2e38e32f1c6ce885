"""The encoder's own threshold for a sample to join an enrolled voiceprint (`match`): a person's
samples that sound less like their introduction than resemblyzer's 0.75 stay theirs at CAM++'s
measured 0.55, rather than becoming extra "unknown" voices when the count is not given."""

from __future__ import annotations

import numpy as np

from onrecord.speech.campplus import ENROL_MATCH, SAME_VOICE
from onrecord.speech.enrol import MATCH, Introduction, diarize_enrolled
from onrecord.speech.types import VoiceSample, Word


def _meeting() -> tuple[list[VoiceSample], list[Word], list[Introduction]]:
    """Two people, each introduced by 4 samples close to their voice; later each speaks 6 more
    samples at cosine about 0.65 to their introduction (a different mood, further from the mic)."""
    rng = np.random.default_rng(9)
    eye = np.eye(8)
    samples: list[VoiceSample] = []
    words: list[Word] = []
    t = 0.0

    def speak(vector: np.ndarray, count: int) -> None:
        nonlocal t
        for _ in range(count):
            v = vector + rng.normal(0, 0.02, 8)
            samples.append(VoiceSample(t, t + 1.6, tuple(float(x) for x in v)))
            words.append(Word(t + 0.2, t + 1.4, " word", 0.9))
            t += 1.6
        t += 1.0

    intros = []
    for who in (0, 1):
        start = t
        speak(eye[who], 4)
        intros.append(Introduction(100 + who, start, t - 1.0))
    for _ in range(2):
        for who in (0, 1):
            speak(0.65 * eye[who] + 0.76 * eye[who + 4], 3)  # cosine 0.65 to the introduction
    return samples, words, intros


def test_at_campplus_threshold_each_person_stays_one_speaker() -> None:
    samples, words, intros = _meeting()
    _, count = diarize_enrolled(
        words, samples, intros, None, same_voice=SAME_VOICE, match=ENROL_MATCH
    )
    assert count == 2


def test_at_resemblyzers_threshold_their_other_samples_became_extra_voices() -> None:
    samples, words, intros = _meeting()
    _, count = diarize_enrolled(words, samples, intros, None, same_voice=SAME_VOICE, match=MATCH)
    assert count > 2
