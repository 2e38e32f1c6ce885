"""CAM++'s input computed once per stretch of speech (campplus.span_features): the 1.6 s samples
every 0.8 s overlap by half, and each sample's filterbank rows, taken from its stretch's, are
the ones `fbank` computes for the sample alone."""

from __future__ import annotations

import numpy as np

from onrecord.speech.campplus import STEP_SECONDS, fbank, span_features
from onrecord.speech.types import SAMPLE_RATE
from onrecord.speech.voices import sample_spans


def test_each_samples_features_are_those_of_the_sample_alone() -> None:
    rng = np.random.default_rng(3)
    audio = (0.1 * rng.standard_normal(12 * SAMPLE_RATE)).astype(np.float32)
    # stretches starting off the 10 ms grid, one shorter than a sample, one too short to use
    regions = [(0.123457, 5.0), (5.31, 6.2), (6.5, 6.6), (7.0011, 11.99)]
    spans, features = span_features(audio, regions)
    assert spans == sample_spans(regions, step=STEP_SECONDS)
    assert len(spans) > 8
    for (start, end), got in zip(spans, features, strict=True):
        alone = fbank(audio[round(start * SAMPLE_RATE) : round(end * SAMPLE_RATE)])
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, alone, rtol=0, atol=1e-4)


def test_a_stretch_running_past_the_end_of_the_audio_is_cut_like_the_sample() -> None:
    audio = np.sin(np.arange(3 * SAMPLE_RATE) / 7.0).astype(np.float32)
    spans, features = span_features(audio, [(0.5, 3.4)])
    for (start, end), got in zip(spans, features, strict=True):
        alone = fbank(audio[round(start * SAMPLE_RATE) : round(end * SAMPLE_RATE)])
        np.testing.assert_allclose(got, alone, rtol=0, atol=1e-4)
