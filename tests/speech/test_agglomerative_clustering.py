"""Average-linkage clustering with an encoder's own threshold (diarize.agglomerative): a few odd
samples never take a speaker's place, the count is estimated from the threshold and never more
than the people present."""

from __future__ import annotations

import numpy as np
import pytest

from onrecord.speech.diarize import agglomerative, cluster
from onrecord.speech.types import VoiceSample

THRESHOLD = 0.58


def _unit(rows: np.ndarray) -> np.ndarray:
    unit: np.ndarray = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return unit


def _voices(centres: list[np.ndarray], per_voice: int, noise: float, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    rows = [c + rng.normal(0, noise, len(c)) for c in centres for _ in range(per_voice)]
    return _unit(np.asarray(rows))


def _centres(dims: int = 16) -> list[np.ndarray]:
    eye = np.eye(dims)
    # two voices at cosine 0.5 (two women on one line), and a third unlike both
    return [eye[0], 0.5 * eye[0] + np.sqrt(0.75) * eye[1], eye[2]]


def _partition_matches(labels: np.ndarray, per_voice: int, voices: int) -> bool:
    truth = np.repeat(np.arange(voices), per_voice)
    return len(set(zip(labels.tolist(), truth.tolist(), strict=True))) == voices == len(set(labels))


@pytest.mark.parametrize("given", [3, None])
def test_two_close_voices_and_a_third_are_three_speakers(given: int | None) -> None:
    vectors = _voices(_centres(), 10, 0.12)
    labels = agglomerative(vectors, given, same_voice=THRESHOLD)
    assert _partition_matches(labels, 10, 3)


def test_two_odd_samples_do_not_take_a_speakers_place() -> None:
    vectors = _voices(_centres(), 10, 0.12)
    odd = _unit(np.eye(16)[[7, 9]] + 0.05)  # a cough and a door: unlike every voice and each other
    labels = agglomerative(np.vstack([vectors, odd]), 3, same_voice=THRESHOLD)
    # cut into three clusters, the two odd samples would be two of them; here the three
    # voices are kept and the odd samples join the nearest
    assert _partition_matches(labels[:30], 10, 3)
    assert len(set(labels)) == 3


def test_the_estimate_is_never_more_than_the_people_present() -> None:
    vectors = _voices(_centres(), 10, 0.12)
    assert len(set(agglomerative(vectors, None, most=2, same_voice=THRESHOLD))) == 2
    assert set(agglomerative(vectors, None, most=1, same_voice=THRESHOLD)) == {0}


def test_one_voice_is_one_speaker() -> None:
    vectors = _voices([np.eye(16)[0] + 0.3], 30, 0.1)
    assert set(agglomerative(vectors, None, same_voice=THRESHOLD)) == {0}


def test_cluster_uses_the_encoders_threshold_and_numbers_by_first_appearance() -> None:
    vectors = _voices(_centres(), 6, 0.12)
    order = [0, 6, 12, 1, 7, 13, 2, 8, 14, 3, 9, 15, 4, 10, 16, 5, 11, 17]  # turns in rotation
    samples = [
        VoiceSample(0.8 * t, 0.8 * t + 1.6, tuple(float(x) for x in vectors[i]))
        for t, i in enumerate(order)
    ]
    labels = cluster(samples, None, same_voice=THRESHOLD)
    assert labels[:6] == [0, 1, 2, 0, 1, 2]
