"""Where someone is speaking: Silero VAD, which ships inside the faster-whisper wheel.

`SileroVoiceActivity` (the VoiceActivity port) runs it on its own over each window so that it
can check what Whisper wrote (gaps.py). Pauses shorter than half a second do not split a
stretch: only stretches of speech without words of two seconds or more matter.

One pass per window. Each window's audio is heard by Silero three times, with three sets of
options: Whisper's own `vad_filter` (whisper.py), the no-silent-loss check (above) and the
voiced check before voice samples are taken (voices.py). The network's output, a speech
probability for every 32 ms, depends only on the audio; the options only threshold it. So
`probabilities` runs the network once per window and remembers the result for as long as the
window's array is alive (a weak reference: the samples of a window are never changed after
decoding), and `speech_chunks` thresholds it as faster-whisper's `get_speech_timestamps` does.
The same regions as before, for a third of the network's time
(tests/speech/test_vad_one_pass.py).
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from onrecord.speech.types import SAMPLE_RATE, Audio

if TYPE_CHECKING:
    from faster_whisper.vad import VadOptions

_FRAME = 512  # Silero's input: 32 ms at 16 kHz, one probability each
_REMEMBERED = 4  # a window, and clips of it transcribed again (gaps.py)
_lock = threading.Lock()
_remembered: list[tuple[weakref.ref[npt.NDArray[np.float32]], npt.NDArray[np.float32]]] = []


class SileroVoiceActivity:
    def __init__(self, *, threshold: float = 0.5, min_silence_ms: int = 500) -> None:
        self.threshold = threshold
        self.min_silence_ms = min_silence_ms

    def speech(self, audio: Audio) -> list[tuple[float, float]]:
        from faster_whisper.vad import VadOptions

        if len(audio) == 0:
            return []
        options = VadOptions(
            threshold=self.threshold,
            min_silence_duration_ms=self.min_silence_ms,
            speech_pad_ms=100,
        )
        return [
            (int(t["start"]) / SAMPLE_RATE, int(t["end"]) / SAMPLE_RATE)
            for t in speech_chunks(audio, options)
        ]


def probabilities(audio: Audio) -> npt.NDArray[np.float32]:
    """Silero's speech probability for each 512 samples of `audio` (padded as faster-whisper
    pads it), computed once while the same array is alive."""
    with _lock:
        _remembered[:] = [(ref, p) for ref, p in _remembered if ref() is not None]
        for ref, found in _remembered:
            if ref() is audio:
                return found
    from faster_whisper.vad import get_vad_model

    padded = np.pad(audio, (0, _FRAME - audio.shape[0] % _FRAME))
    computed = np.asarray(get_vad_model()(padded), dtype=np.float32).reshape(-1)
    with _lock:
        _remembered.append((weakref.ref(audio), computed))
        del _remembered[:-_REMEMBERED]
    return computed


def speech_chunks(audio: Audio, options: VadOptions) -> list[dict[str, int]]:
    """faster-whisper's `get_speech_timestamps(audio, options)`, from `probabilities(audio)`."""
    return timestamps(probabilities(audio), len(audio), options)


def timestamps(
    speech_probs: npt.NDArray[np.float32], audio_length_samples: int, options: VadOptions
) -> list[dict[str, int]]:
    """Speech chunks ({"start", "end"} in samples) from Silero's probabilities: the
    thresholding of faster-whisper 1.2.1's `vad.get_speech_timestamps` (MIT; adapted from
    silero-vad), without running the network. Kept line for line with it, so that the chunks
    are the same (tests/speech/test_vad_one_pass.py compares them on real speech)."""
    threshold = options.threshold
    neg_threshold = options.neg_threshold
    min_speech_samples = SAMPLE_RATE * options.min_speech_duration_ms / 1000
    speech_pad_samples = SAMPLE_RATE * options.speech_pad_ms / 1000
    max_speech_samples = (
        SAMPLE_RATE * options.max_speech_duration_s - _FRAME - 2 * speech_pad_samples
    )
    min_silence_samples = SAMPLE_RATE * options.min_silence_duration_ms / 1000
    min_silence_samples_at_max_speech = SAMPLE_RATE * 98 / 1000

    triggered = False
    speeches: list[dict[str, int]] = []
    current: dict[str, int] = {}
    if neg_threshold is None:
        neg_threshold = max(threshold - 0.15, 0.01)
    temp_end = 0  # a possible end of speech (some silence is tolerated)
    prev_end = next_start = 0  # where to split a chunk that reaches the maximum length

    for i, speech_prob in enumerate(speech_probs.tolist()):
        if (speech_prob >= threshold) and temp_end:
            temp_end = 0
            if next_start < prev_end:
                next_start = _FRAME * i
        if (speech_prob >= threshold) and not triggered:
            triggered = True
            current["start"] = _FRAME * i
            continue
        if triggered and (_FRAME * i) - current["start"] > max_speech_samples:
            if prev_end:
                current["end"] = prev_end
                speeches.append(current)
                current = {}
                if next_start < prev_end:
                    triggered = False
                else:
                    current["start"] = next_start
                prev_end = next_start = temp_end = 0
            else:
                current["end"] = _FRAME * i
                speeches.append(current)
                current = {}
                prev_end = next_start = temp_end = 0
                triggered = False
                continue
        if (speech_prob < neg_threshold) and triggered:
            if not temp_end:
                temp_end = _FRAME * i
            if (_FRAME * i) - temp_end > min_silence_samples_at_max_speech:
                prev_end = temp_end
            if (_FRAME * i) - temp_end < min_silence_samples:
                continue
            current["end"] = temp_end
            if (current["end"] - current["start"]) > min_speech_samples:
                speeches.append(current)
            current = {}
            prev_end = next_start = temp_end = 0
            triggered = False
            continue

    if current and (audio_length_samples - current["start"]) > min_speech_samples:
        current["end"] = audio_length_samples
        speeches.append(current)

    for i, speech in enumerate(speeches):
        if i == 0:
            speech["start"] = int(max(0, speech["start"] - speech_pad_samples))
        if i != len(speeches) - 1:
            silence = speeches[i + 1]["start"] - speech["end"]
            if silence < 2 * speech_pad_samples:
                speech["end"] += int(silence // 2)
                speeches[i + 1]["start"] = int(max(0, speeches[i + 1]["start"] - silence // 2))
            else:
                speech["end"] = int(min(audio_length_samples, speech["end"] + speech_pad_samples))
                speeches[i + 1]["start"] = int(
                    max(0, speeches[i + 1]["start"] - speech_pad_samples)
                )
        else:
            speech["end"] = int(min(audio_length_samples, speech["end"] + speech_pad_samples))
    return speeches
