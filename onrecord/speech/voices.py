"""Voice embeddings (VoiceEmbedder port) with resemblyzer's speaker encoder on the CPU.

resemblyzer's wheel carries its weights (`pretrained.pt`, 17 MB), so nothing is downloaded. It
is installed with `--no-deps` (scripts/setup.sh): its declared dependencies are the obsolete
`typing` backport, `webrtcvad` (no wheel; its import needs the removed `pkg_resources`) and
`librosa` (numba and more), and we use none of them: only the encoder network and its weights.
Its package `__init__` imports its `audio` module, which imports `webrtcvad` and `librosa` at
the top, so while importing we stand in harmless placeholders for those two names (removed
again straight after; any call into them raises). The encoder's input, a 40-band mel
spectrogram, is computed here in numpy exactly as resemblyzer asks librosa to (25 ms Hann
window, 10 ms hop, Slaney mel scale and norm, power 2, zero-padded centring).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
import warnings
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from onrecord.speech.types import SAMPLE_RATE, Audio, SpeechError, VoiceSample
from onrecord.speech.vad import speech_chunks  # the window's one Silero pass

if TYPE_CHECKING:
    import torch

SAMPLE_SECONDS = 1.6  # resemblyzer's own partial utterance (160 frames)
STEP_SECONDS = 0.8
MIN_SECONDS = 0.4  # shorter stretches say too little about the voice
_N_FFT = 400  # 25 ms at 16 kHz
_HOP = 160  # 10 ms
_N_MELS = 40
_FRAMES = 160


def sample_spans(
    speech: Sequence[tuple[float, float]],
    *,
    length: float = SAMPLE_SECONDS,
    step: float = STEP_SECONDS,
    minimum: float = MIN_SECONDS,
) -> list[tuple[float, float]]:
    """Sub-windows over each stretch of speech: `length` long every `step`, the last one ending
    with the stretch; a stretch shorter than `length` (but at least `minimum`) is one sample."""
    spans: list[tuple[float, float]] = []
    for start, end in speech:
        if end - start < minimum:
            continue
        if end - start <= length:
            spans.append((start, end))
            continue
        t = start
        while t + length < end:
            spans.append((t, t + length))
            t += step
        spans.append((end - length, end))
    return spans


class ResemblyzerEmbedder:
    """One 256-number voice vector per 1.6 s of speech, batched through the encoder."""

    def __init__(self, *, threads: int = 2, batch: int = 64) -> None:
        self._encoder = _encoder(threads)
        self._batch = batch
        self._lock = threading.Lock()  # one torch module, not re-entrant across threads

    def embed(self, audio: Audio, speech: Sequence[tuple[float, float]]) -> list[VoiceSample]:
        import torch

        spans = sample_spans(voiced(audio, speech))
        if not spans:
            return []
        mels = np.stack([_mel_frames(_cut(audio, s, e)) for s, e in spans])
        vectors: list[npt.NDArray[np.float32]] = []
        with self._lock, torch.inference_mode():
            for i in range(0, len(mels), self._batch):
                batch = torch.from_numpy(mels[i : i + self._batch])
                vectors.extend(self._encoder(batch).numpy())
        return [
            VoiceSample(s, e, tuple(float(x) for x in v))
            for (s, e), v in zip(spans, vectors, strict=True)
        ]


def voiced(audio: Audio, speech: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The parts of `speech` where Silero VAD hears a voice. Word times from Whisper run on into
    the pause after a word, so a change of speaker can hide inside one "stretch of speech";
    the VAD finds the pause itself, and a voice sample then never straddles two people."""
    from faster_whisper.vad import VadOptions

    if not speech:
        return []
    options = VadOptions(min_silence_duration_ms=250, speech_pad_ms=30)
    found = [
        (int(t["start"]) / SAMPLE_RATE, int(t["end"]) / SAMPLE_RATE)
        for t in speech_chunks(audio, options)
    ]
    out: list[tuple[float, float]] = []
    for start, end in speech:  # intersect two sorted lists of intervals
        for a, b in found:
            lo, hi = max(start, a), min(end, b)
            if hi > lo:
                out.append((lo, hi))
    return out


def _cut(audio: Audio, start: float, end: float) -> Audio:
    """The span's samples, zero-padded to the encoder's 1.6 s as resemblyzer pads its last
    partial utterance."""
    a = max(0, round(start * SAMPLE_RATE))
    piece = audio[a : max(a, round(end * SAMPLE_RATE))]
    need = _FRAMES * _HOP
    if len(piece) >= need:
        return piece[:need]
    return np.pad(piece, (0, need - len(piece)))


def _mel_frames(wav: Audio) -> npt.NDArray[np.float32]:
    """(160, 40) mel power frames, as librosa.feature.melspectrogram with resemblyzer's
    parameters (center=True, pad_mode='constant')."""
    padded = np.pad(wav.astype(np.float64), _N_FFT // 2)
    count = 1 + (len(padded) - _N_FFT) // _HOP
    frames = np.lib.stride_tricks.sliding_window_view(padded, _N_FFT)[::_HOP][:count]
    power = np.abs(np.fft.rfft(frames * _hann(), axis=1)) ** 2
    mel = power @ _mel_basis().T
    return mel[:_FRAMES].astype(np.float32)


@cache
def _hann() -> npt.NDArray[np.float64]:
    n = np.arange(_N_FFT)
    return 0.5 - 0.5 * np.cos(2 * np.pi * n / _N_FFT)  # periodic, as scipy's fftbins=True


def _hz_to_mel(hz: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    linear = hz / (200.0 / 3)
    log = 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(hz >= 1000.0, log, linear)


def _mel_to_hz(mel: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    linear = mel * (200.0 / 3)
    log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0))
    return np.where(mel >= 15.0, log, linear)


@cache
def _mel_basis() -> npt.NDArray[np.float64]:
    """librosa.filters.mel(sr=16000, n_fft=400, n_mels=40): Slaney scale, Slaney norm."""
    fft_hz = np.linspace(0, SAMPLE_RATE / 2, 1 + _N_FFT // 2)
    low, high = _hz_to_mel(np.array([0.0, SAMPLE_RATE / 2]))
    mel_hz = _mel_to_hz(np.linspace(float(low), float(high), _N_MELS + 2))
    widths = np.diff(mel_hz)
    ramps = np.subtract.outer(mel_hz, fft_hz)
    weights = np.zeros((_N_MELS, len(fft_hz)))
    for i in range(_N_MELS):
        lower = -ramps[i] / widths[i]
        upper = ramps[i + 2] / widths[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_hz[2 : _N_MELS + 2] - mel_hz[:_N_MELS]))[:, None]
    return weights


@cache
def _encoder(threads: int) -> torch.nn.Module:
    import torch

    torch.set_num_threads(threads)
    encoder_class = _voice_encoder_class()
    try:
        encoder: torch.nn.Module = encoder_class("cpu", verbose=False)
    except Exception as error:  # resemblyzer raises a bare Exception for missing weights
        raise SpeechError(f"The voice encoder could not be loaded: {error}") from error
    encoder.eval()
    return encoder


class NotInstalled(AttributeError):
    """An attribute of a stand-in module: the library is not installed.

    An AttributeError, because that is what Python and every library expect of a missing
    attribute: `hasattr`, `getattr(module, name, default)` and the scans torch and others make
    over `sys.modules` on import (`__file__`, `__path__`, …) treat it as "not there". Raising
    anything else crashed `import torch` made while the stand-ins were in place (issue 18)."""


class _Unavailable(types.ModuleType):
    """Stands in for a module resemblyzer imports but we never call."""

    def __getattr__(self, attribute: str) -> Any:
        raise NotInstalled(
            f"{self.__name__}.{attribute} is not installed (not used by OnRecord).",
            name=attribute,
            obj=self,
        )


def _voice_encoder_class() -> Any:
    if importlib.util.find_spec("resemblyzer") is None:
        raise SpeechError("The voice encoder (resemblyzer) is not installed; run scripts/setup.sh.")
    added = [
        name
        for name in ("webrtcvad", "librosa")
        if name not in sys.modules and importlib.util.find_spec(name) is None
    ]
    for name in added:
        sys.modules[name] = _Unavailable(name)
    try:
        with warnings.catch_warnings():
            # resemblyzer imports from scipy.ndimage.morphology, deprecated in SciPy
            warnings.simplefilter("ignore", DeprecationWarning)
            from resemblyzer.voice_encoder import VoiceEncoder
    finally:
        for name in added:
            del sys.modules[name]
    return VoiceEncoder
