"""The real speech models, loaded once per process: the Whisper transcriber from verified
model files (`model_files.resolve_model`), the CAM++ voice embedder (`campplus.py`) and the
detector of two people speaking at once (`overlap.py`).

Both import heavy libraries (CTranslate2, torch), so they are imported when first asked for.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from onrecord.speech.model_files import (
    DEFAULT_MODEL,
    ResolvedModel,
    default_cache_dir,
    resolve_model,
)

if TYPE_CHECKING:
    from onrecord.speech.campplus import CamPlusEmbedder
    from onrecord.speech.overlap import SegmentationOverlap
    from onrecord.speech.whisper import FasterWhisperTranscriber


def transcriber(
    setting: str = DEFAULT_MODEL, *, cache_dir: Path | None = None, cpu_threads: int = 2
) -> FasterWhisperTranscriber:
    """The real Transcriber for a model setting, verified, loaded once per process."""
    resolved = resolve_model(setting, cache_dir or default_cache_dir())
    return _loaded(resolved, cpu_threads)


def embedder(
    *, threads: int | None = None, cache_dir: Path | None = None, runtime: str = "onnxruntime"
) -> CamPlusEmbedder:
    """The real VoiceEmbedder (CAM++; resemblyzer's `voices.ResemblyzerEmbedder` before issue
    18), loaded once per process: in onnxruntime, its network exported once into the model
    cache (onnx_export.py), or in torch where that cannot be done."""
    from onrecord.speech.campplus import THREADS, CamPlusEmbedder

    return CamPlusEmbedder(
        threads=threads or THREADS, cache_dir=cache_dir or default_cache_dir(), runtime=runtime
    )


def overlap_detector(
    *, cache_dir: Path | None = None, runtime: str = "onnxruntime"
) -> SegmentationOverlap:
    """The real OverlapDetector (pyannote's segmentation-3.0): in onnxruntime, its network
    exported once into the model cache (onnx_export.py), or in torch where that cannot be done.
    The network is loaded once per process; each detector has its own lock."""
    from onrecord.speech.overlap import SegmentationOverlap

    return SegmentationOverlap(cache_dir=cache_dir or default_cache_dir(), runtime=runtime)


@cache
def _loaded(model: ResolvedModel, cpu_threads: int) -> FasterWhisperTranscriber:
    from onrecord.speech.whisper import FasterWhisperTranscriber

    return FasterWhisperTranscriber(model, cpu_threads=cpu_threads)
