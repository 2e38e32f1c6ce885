"""The real Transcriber: faster-whisper (CTranslate2, int8 on the CPU), nothing downloaded.

Loaded from a verified model directory (`model_files.resolve_model`) with `local_files_only`,
and the Hugging Face hub switched off for the whole process, so audio and models never leave the
machine. faster-whisper's Silero VAD ships inside its wheel and skips silence, which is where
Whisper otherwise invents text. It is applied here rather than by faster-whisper's `vad_filter`
(the same options, the same chunks, the same words): the window's speech probabilities are then
computed once and shared with the no-silent-loss check and the voice samples (vad.py).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

from onrecord.speech import vad
from onrecord.speech.model_files import ResolvedModel
from onrecord.speech.types import SAMPLE_RATE, Audio, SpeechError, Word

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
        # What `vad_filter=True` does inside faster-whisper (transcribe.py, WhisperModel.
        # transcribe), from the window's shared speech probabilities: keep the speech chunks
        # found with the default VadOptions, decode them joined, and put the words back on the
        # window's clock.
        from faster_whisper.transcribe import restore_speech_timestamps
        from faster_whisper.vad import VadOptions, collect_chunks

        chunks = vad.speech_chunks(audio, VadOptions())
        pieces, _ = collect_chunks(audio, chunks)
        segments, info = self._model.transcribe(
            np.concatenate(pieces, axis=0),
            language=self.language or None,
            beam_size=self.beam_size,
            word_timestamps=True,
            vad_filter=False,
            condition_on_previous_text=False,
        )
        if chunks:
            segments = restore_speech_timestamps(segments, chunks, SAMPLE_RATE)
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
