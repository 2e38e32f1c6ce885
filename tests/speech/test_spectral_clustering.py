"""Spectral clustering of voice samples: the count given, estimated from the eigengap, and never
more than the people present."""

from __future__ import annotations

import numpy as np
import pytest

from onrecord.speech.diarize import SPECTRAL_MIN, cluster, spectral
from onrecord.speech.types import SpeechError, VoiceSample


def _voices(
    centres: list[list[float]], per_voice: int, noise: float, seed: int = 3
) -> tuple[list[VoiceSample], list[int]]:
    """Samples taking turns: voice 0 for a few samples, then 1, … (1.6 s each, 0.8 s apart)."""
    rng = np.random.default_rng(seed)
    samples: list[VoiceSample] = []
    truth: list[int] = []
    t = 0.0
    for _turn in range(per_voice // 4):
        for who, centre in enumerate(centres):
            for _ in range(4):
                vector = np.asarray(centre) + rng.normal(0, noise, len(centre))
                samples.append(VoiceSample(t, t + 1.6, tuple(float(x) for x in vector)))
                truth.append(who)
                t += 0.8
    return samples, truth


def _same_partition(labels: list[int], truth: list[int]) -> bool:
    pairs = set(zip(labels, truth, strict=True))
    return len(pairs) == len(set(labels)) == len(set(truth))


# three voices in 16 dimensions, two of them close (cosine 0.8), as two women on one microphone
CLOSE = [[1.0] + [0.0] * 15, [0.8, 0.6] + [0.0] * 14, [0.0, 0.0, 1.0] + [0.0] * 13]


@pytest.mark.parametrize("given", [3, None])
def test_three_voices_two_of_them_close_are_told_apart(given: int | None) -> None:
    samples, truth = _voices(CLOSE, 24, 0.08)
    labels = cluster(samples, given)
    assert _same_partition(labels, truth)


def test_the_count_is_never_more_than_the_people_present() -> None:
    samples, _ = _voices(CLOSE, 24, 0.08)
    assert len(set(cluster(samples, None, most=2))) == 2
    assert set(cluster(samples, None, most=1)) == {0}


def test_one_voice_with_noise_is_one_speaker() -> None:
    samples, _ = _voices([[1.0, 0.3, 0.2, 0.1]], 40, 0.05)
    assert len(samples) >= SPECTRAL_MIN
    assert set(cluster(samples, None)) == {0}


def test_four_voices_counted_from_the_eigengap() -> None:
    centres = [list(row) for row in np.eye(8)[:4] + 0.3]
    samples, truth = _voices(centres, 20, 0.1)
    vectors = np.asarray([s.vector for s in samples])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = spectral(vectors)
    assert _same_partition([int(x) for x in labels], truth)


def test_an_upper_bound_below_one_is_refused() -> None:
    samples, _ = _voices(CLOSE, 8, 0.05)
    with pytest.raises(SpeechError, match="at least 1"):
        cluster(samples, None, most=0)
