"""The real speech models, loaded once per process: the Whisper transcriber from verified
model files (`model_files.resolve_model`) and the resemblyzer voice embedder.

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
    from onrecord.speech.voices import ResemblyzerEmbedder
    from onrecord.speech.whisper import FasterWhisperTranscriber


def transcriber(
    setting: str = DEFAULT_MODEL, *, cache_dir: Path | None = None, cpu_threads: int = 2
) -> FasterWhisperTranscriber:
    """The real Transcriber for a model setting, verified, loaded once per process."""
    resolved = resolve_model(setting, cache_dir or default_cache_dir())
    return _loaded(resolved, cpu_threads)


def embedder(*, threads: int = 2) -> ResemblyzerEmbedder:
    """The real VoiceEmbedder (resemblyzer), loaded once per process."""
    from onrecord.speech.voices import ResemblyzerEmbedder

    return ResemblyzerEmbedder(threads=threads)


@cache
def _loaded(model: ResolvedModel, cpu_threads: int) -> FasterWhisperTranscriber:
    from onrecord.speech.whisper import FasterWhisperTranscriber

    return FasterWhisperTranscriber(model, cpu_threads=cpu_threads)
