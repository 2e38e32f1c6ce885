"""Any recording decoded to 16 kHz mono float32, a window at a time (AudioWindows port).

PyAV decodes and resamples frame by frame; only the window being filled is held, so memory does
not grow with the recording (a 3-hour conference uses the same few tens of MB as a 10-minute
one). Windows are `seconds` long and overlap the next by `overlap` seconds: the pipeline cuts
each window at a pause inside that overlap so no word is split (see pipeline.py).

Why 300 s: Whisper reads 30 s at a time whatever we give it, so longer windows cost no accuracy
and only bound memory (300 s is 19 MB of samples); the pipeline decodes each later window only
from 2 s before the previous cut, so about 7 s of the 10 s overlap is transcribed twice (2% of
the work), and a crash loses at most one window (about a minute of work with `base` on 2 cores).

Resume decodes from the start and discards what comes before the window: decoding runs at
hundreds of times real time, so this costs seconds even for 3 hours, and the samples are then
exactly those of an uninterrupted run (a seek lands on a codec frame or packet boundary and
restarts the resampler's filter, which would shift samples slightly).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import av
import av.error
import numpy as np

from onrecord.speech.types import SAMPLE_RATE, Audio, SpeechError

DEFAULT_WINDOW_SECONDS = 300.0
DEFAULT_OVERLAP_SECONDS = 10.0

Source = BinaryIO | Path | str


class DecodedWindows:
    """AudioWindows over a file path or a seekable binary file object (the vault's decrypting
    reader). Each call starts decoding afresh, so the object can be iterated again."""

    def __init__(
        self,
        source: Source,
        *,
        seconds: float = DEFAULT_WINDOW_SECONDS,
        overlap: float = DEFAULT_OVERLAP_SECONDS,
    ) -> None:
        if seconds <= 0 or overlap < 0 or overlap >= seconds:
            raise ValueError("window seconds must be positive and longer than the overlap")
        self.source = source
        self.seconds = seconds
        self.overlap = overlap
        self._step = round(seconds * SAMPLE_RATE)
        self._span = self._step + round(overlap * SAMPLE_RATE)
        self.duration: float | None = None  # from the container, once opened

    def __call__(self, start_index: int) -> Iterator[tuple[int, float, Audio]]:
        """(index, start in seconds, samples) for each window from `start_index` on; window i
        covers [i * seconds, (i + 1) * seconds + overlap) of the recording."""
        if start_index < 0:
            raise ValueError("start_index must not be negative")
        skip = start_index * self._step  # samples before the first window wanted
        index = start_index
        buffer = np.empty(self._span, dtype=np.float32)
        filled = 0
        seen = 0  # samples decoded so far
        for chunk in self._samples():
            if seen + len(chunk) <= skip:
                seen += len(chunk)
                continue
            if seen < skip:
                chunk = chunk[skip - seen :]
                seen = skip
            seen += len(chunk)
            while len(chunk):
                take = min(len(chunk), self._span - filled)
                buffer[filled : filled + take] = chunk[:take]
                filled += take
                chunk = chunk[take:]
                if filled == self._span:
                    yield index, index * self.seconds, buffer.copy()
                    # keep the overlap: it opens the next window
                    keep = self._span - self._step
                    buffer[:keep] = buffer[self._step : self._span]
                    filled = keep
                    index += 1
        if seen == 0:
            raise SpeechError("The recording contains no audio samples.")
        # The tail, unless it is only the overlap the previous window already covered.
        if filled > 0 and (index == 0 or filled > self._span - self._step):
            yield index, index * self.seconds, buffer[:filled].copy()

    def _samples(self) -> Iterator[Audio]:
        """Resampled mono float32 blocks, in order, from the start of the recording."""
        if not isinstance(self.source, str | Path):
            self.source.seek(0)
        try:
            container = av.open(self.source, mode="r")
        except (av.error.FFmpegError, OSError, ValueError) as error:
            raise SpeechError(
                "The recording could not be read as audio: it is damaged or not a sound file "
                f"({_reason(error)})."
            ) from error
        with contextlib.closing(container):
            if not container.streams.audio:
                raise SpeechError("The recording has no audio track.")
            stream = container.streams.audio[0]
            if container.duration is not None:
                self.duration = container.duration / av.time_base
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            try:
                for frame in container.decode(stream):
                    for out in resampler.resample(frame):
                        yield out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                for out in resampler.resample(None):
                    yield out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
            except (av.error.FFmpegError, ValueError) as error:
                raise SpeechError(
                    f"The recording is damaged and could not be decoded ({_reason(error)})."
                ) from error


def _reason(error: Exception) -> str:
    return str(getattr(error, "strerror", None) or error)


def windows(
    source: Source,
    *,
    seconds: float = DEFAULT_WINDOW_SECONDS,
    overlap: float = DEFAULT_OVERLAP_SECONDS,
) -> DecodedWindows:
    """AudioWindows over a recording (path or seekable binary file object)."""
    return DecodedWindows(source, seconds=seconds, overlap=overlap)
