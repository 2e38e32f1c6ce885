"""Model-free stand-ins for the Transcriber and VoiceEmbedder ports, driven by the audio.

Test audio is bursts of pure tones: each burst is one "word" (its text is its pitch, e.g.
" 300hz"), and a voice is a pitch, so a test can say who speaks when by choosing frequencies.
Both are deterministic and fast, for the web app's tests and the pipeline's own logic tests.
`tone_audio` writes such audio.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from onrecord.speech.types import SAMPLE_RATE, Audio, VoiceSample, Word
from onrecord.speech.voices import sample_spans

_FRAME = SAMPLE_RATE // 100  # 10 ms
_LOUD = 0.02  # RMS above which a frame is "speech"
_BANDS = 32  # voice vectors: energy in 100 Hz bands up to 3.2 kHz


def tone_audio(
    words: Sequence[tuple[float, float, float]], duration: float, *, amplitude: float = 0.3
) -> Audio:
    """Silence of `duration` seconds with a sine burst for each (start, end, frequency)."""
    audio = np.zeros(round(duration * SAMPLE_RATE), dtype=np.float32)
    for start, end, hz in words:
        a, b = round(start * SAMPLE_RATE), round(end * SAMPLE_RATE)
        t = np.arange(b - a) / SAMPLE_RATE
        audio[a:b] += (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    return audio


def _pitch(audio: Audio) -> float:
    spectrum = np.abs(np.fft.rfft(audio))
    return float(np.fft.rfftfreq(len(audio), 1 / SAMPLE_RATE)[int(np.argmax(spectrum))])


class FakeTranscriber:
    """A word per tone burst (bursts apart by at least 30 ms), its text the burst's pitch."""

    name = "fake-tones"

    def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
        count = len(audio) // _FRAME
        if count == 0:
            return [], "en"
        frames = audio[: count * _FRAME].reshape(count, _FRAME)
        loud = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)) > _LOUD
        words: list[Word] = []
        i = 0
        while i < count:
            if not loud[i]:
                i += 1
                continue
            j = i
            while j < count and (loud[j] or loud[j : j + 3].any()):
                j += 1
            if j - i >= 5:  # at least 50 ms
                piece = audio[i * _FRAME : j * _FRAME]
                hz = round(_pitch(piece) / 10) * 10
                words.append(Word(i / 100, j / 100, f" {hz}hz", 0.9))
            i = j
        return words, "en"


class FakeEmbedder:
    """A voice vector per sample span: the span's energy in 100 Hz bands, so one pitch is one
    voice and a span holding two pitches sits between them."""

    def embed(self, audio: Audio, speech: Sequence[tuple[float, float]]) -> list[VoiceSample]:
        samples = []
        for start, end in sample_spans(speech):
            piece = audio[round(start * SAMPLE_RATE) : round(end * SAMPLE_RATE)]
            samples.append(VoiceSample(start, end, tuple(float(x) for x in _bands(piece))))
        return samples


def _bands(piece: Audio) -> npt.NDArray[np.float64]:
    power = np.abs(np.fft.rfft(piece.astype(np.float64))) ** 2
    hz = np.fft.rfftfreq(len(piece), 1 / SAMPLE_RATE)
    band = np.minimum((hz // 100).astype(np.intp), _BANDS - 1)
    vector = np.zeros(_BANDS)
    np.add.at(vector, band, power)
    norm = np.linalg.norm(vector)
    return vector / norm if norm > 0 else vector


class FakeVoiceActivity:
    """ "Speech" wherever the audio is loud (RMS above the fake transcriber's threshold), in
    stretches joined across pauses shorter than half a second: a VoiceActivity port for tests,
    independent of what a (fake) transcriber writes."""

    def speech(self, audio: Audio) -> list[tuple[float, float]]:
        count = len(audio) // _FRAME
        if count == 0:
            return []
        frames = audio[: count * _FRAME].reshape(count, _FRAME)
        loud = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)) > _LOUD
        stretches: list[tuple[float, float]] = []
        for i in np.flatnonzero(loud):
            start, end = i / 100, (i + 1) / 100
            if stretches and start - stretches[-1][1] < 0.5:
                stretches[-1] = (stretches[-1][0], end)
            else:
                stretches.append((start, end))
        return stretches
