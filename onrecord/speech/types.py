"""What the speech pipeline produces and the ports it runs through.

A long meeting is processed in windows (a few minutes of audio each) so memory stays bounded
and a crash loses at most the window in progress: each finished `WindowResult` is a checkpoint
the caller stores, and `resume` starts again after the last one stored. Speakers are clustered
once all windows are done, from the small per-window voice embeddings, then given to each word.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000  # what Whisper and the voice encoder both expect

Audio = npt.NDArray[np.float32]  # mono, SAMPLE_RATE, -1.0..1.0


class SpeechError(Exception):
    """The audio cannot be transcribed (corrupt, silent, unreadable) or the model is unusable.
    The message is plain English, fit to show to the person who asked."""


@dataclass(frozen=True, slots=True)
class Word:
    start: float  # seconds from the start of the recording
    end: float
    text: str  # as the model wrote it, leading space included
    probability: float  # the model's confidence, 0..1; low means "the chair should check"
    speaker: int | None = None  # diarization cluster (0-based), None until assigned


@dataclass(frozen=True, slots=True)
class VoiceSample:
    """One voice embedding over a short stretch of speech, for clustering speakers."""

    start: float
    end: float
    vector: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Gap:
    """Speech with no words: voice activity detection heard someone speak from `start` to `end`
    (seconds from the start of the recording) but no words were transcribed there, even when
    the stretch was transcribed again on its own. The transcript shows it as "speech not
    transcribed" so that nothing said is lost without a trace (gaps.py)."""

    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Overlap:
    """Two people speaking at once from `start` to `end` (seconds from the start of the
    recording), as pyannote's segmentation model heard it (overlap.py). Words there may belong
    to either voice or be missing: the transcript marks the stretch and its words."""

    start: float
    end: float


@dataclass(frozen=True, slots=True)
class WindowResult:
    """One finished window: the checkpoint a resumed run starts after."""

    index: int
    start: float
    end: float
    words: tuple[Word, ...]
    voices: tuple[VoiceSample, ...]
    language: str = ""
    gaps: tuple[Gap, ...] = ()  # speech heard in [start, end) with no words
    overlaps: tuple[Overlap, ...] = ()  # two people at once in [start, end)


@dataclass(frozen=True, slots=True)
class TranscriptResult:
    words: tuple[Word, ...]  # every word with its speaker
    speakers: int  # how many clusters were found (or asked for)
    duration: float
    language: str
    model: str  # which model produced it, e.g. "whisper-base (sha256 …)"
    notes: tuple[str, ...] = field(default=())  # plain-English warnings, e.g. "no speech found"
    gaps: tuple[Gap, ...] = field(default=())  # speech heard but not transcribed, in order
    overlaps: tuple[Overlap, ...] = field(default=())  # two people at once, in order


class Transcriber(Protocol):
    """Speech to words with times, for one window of audio (times relative to the window)."""

    name: str

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]: ...


class VoiceEmbedder(Protocol):
    """Voice embeddings over stretches of one window's audio (times relative to the window).

    An encoder calibrated for clustering also has `same_voice: float`, the average cosine above
    which two clusters of its vectors are one voice; the pipeline passes it to diarize.cluster
    (campplus.CamPlusEmbedder has it; one without it is clustered as before)."""

    def embed(self, audio: Audio, speech: Sequence[tuple[float, float]]) -> list[VoiceSample]: ...


class VoiceActivity(Protocol):
    """Where someone is speaking in one window's audio: (start, end) stretches in seconds,
    relative to the window, in order. Independent of the transcriber, so it can check it."""

    def speech(self, audio: Audio) -> list[tuple[float, float]]: ...


class OverlapDetector(Protocol):
    """Where two people speak at once in one window's audio: (start, end) stretches in seconds,
    relative to the window, in order (overlap.py)."""

    def overlaps(self, audio: Audio) -> list[tuple[float, float]]: ...


class AudioWindows(Protocol):
    """Decoded audio in windows of at most `seconds`, from `start_index` on."""

    def __call__(self, start_index: int) -> Iterator[tuple[int, float, Audio]]: ...
