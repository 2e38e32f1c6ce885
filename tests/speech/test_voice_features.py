"""The voice encoder's input is the mel spectrogram resemblyzer asks librosa for."""

from __future__ import annotations

import numpy as np
import pytest

from onrecord.speech.voices import _mel_frames, sample_spans

# librosa 0.11.0: melspectrogram(y=wav, sr=16000, n_fft=400, hop_length=160, n_mels=40),
# first 160 frames, summed over time per band, for the three-tone `wav` below.
LIBROSA_BAND_SUMS = [
    1.08717, 443.936, 2066.03, 414.884, 0.634368, 0.0416338, 0.00800375, 0.00198775,
    0.000427504, 0.000190988, 0.000473095, 0.00106268, 0.00185134, 0.00280705, 0.00420069,
    0.00684792, 0.0105583, 0.0227688, 0.165849, 328.333, 412.984, 0.715129, 0.0147003,
    0.00545188, 0.00257382, 0.00136071, 0.000724868, 0.000379747, 0.000182692, 6.81894e-05,
    1.20308e-05, 2.70586e-05, 0.000270737, 0.13213, 57.8712, 3.78661, 0.00139751,
    0.000710696, 0.000485559, 0.000392423,
]  # fmt: skip


def test_mel_frames_match_librosa():
    t = np.arange(25_600) / 16_000
    wav = (
        0.3 * np.sin(2 * np.pi * 220 * t)
        + 0.2 * np.sin(2 * np.pi * 1700 * t)
        + 0.1 * np.sin(2 * np.pi * 5100 * t)
    ).astype(np.float32)
    mel = _mel_frames(wav)
    assert mel.shape == (160, 40)
    assert mel.sum(axis=0) == pytest.approx(LIBROSA_BAND_SUMS, rel=1e-3, abs=1e-6)
    assert mel[0].sum() == pytest.approx(11.5281, rel=1e-3)
    assert mel[80].sum() == pytest.approx(23.3912, rel=1e-3)


def test_samples_cover_each_stretch_of_speech():
    assert sample_spans([(0.0, 0.3)]) == []  # too short to say whose voice it is
    assert sample_spans([(1.0, 2.0)]) == [(1.0, 2.0)]
    spans = sample_spans([(0.0, 4.0)])
    assert spans[0] == (0.0, 1.6)
    assert spans[-1] == pytest.approx((2.4, 4.0))
    assert all(b - a == pytest.approx(1.6) for a, b in spans)
