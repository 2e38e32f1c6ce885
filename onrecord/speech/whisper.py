"""The real Transcriber: faster-whisper (CTranslate2, int8 on the CPU), nothing downloaded.

Loaded from a verified model directory (`model_files.resolve_model`) with `local_files_only`,
and the Hugging Face hub switched off for the whole process, so audio and models never leave the
machine. faster-whisper's Silero VAD ships inside its wheel and skips silence, which is where
Whisper otherwise invents text.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from onrecord.speech.model_files import ResolvedModel
from onrecord.speech.types import Audio, SpeechError, Word

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

os.environ.setdefault("HF_HUB_OFFLINE", "1")


class FasterWhisperTranscriber:
    """Transcriber port over faster-whisper.

    `condition_on_previous_text=False`: feeding the previous 30 s back as a prompt is what lets
    one misheard phrase repeat for minutes; meetings lose little context without it.
    """

    def __init__(
        self,
        model: ResolvedModel,
        *,
        cpu_threads: int = 2,
        language: str = "en",
        beam_size: int = 5,
        device: str = "cpu",
        compute_type: str = "int8",
    ) -> None:
        if cpu_threads < 1:
            raise ValueError("cpu_threads must be at least 1")
        self.name = model.label
        self.language = language
        self.beam_size = beam_size
        self._model: WhisperModel = _load(model, device, compute_type, cpu_threads)

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        segments, info = self._model.transcribe(
            audio,
            language=self.language or None,
            beam_size=self.beam_size,
            word_timestamps=True,
            vad_filter=True,
            condition_on_previous_text=False,
        )
        words: list[Word] = []
        for segment in segments:  # a generator: decoding happens while we read it
            for w in segment.words or ():
                if w.word.strip():
                    words.append(Word(float(w.start), float(w.end), w.word, float(w.probability)))
        return words, info.language


def _load(model: ResolvedModel, device: str, compute_type: str, cpu_threads: int) -> WhisperModel:
    from faster_whisper import WhisperModel  # imported late: CTranslate2 takes a second to load

    try:
        return WhisperModel(
            str(model.path),
            device=device,
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            local_files_only=True,
        )
    except (RuntimeError, ValueError, OSError) as error:
        message = f"The speech model in {model.path} could not be loaded: {error}"
        raise SpeechError(message) from error
