"""Where someone is speaking (VoiceActivity port): Silero VAD, which ships inside the
faster-whisper wheel, run on its own over each window so that it can check what Whisper wrote
(gaps.py). Pauses shorter than half a second do not split a stretch: only stretches of speech
without words of two seconds or more matter."""

from __future__ import annotations

from onrecord.speech.types import SAMPLE_RATE, Audio


class SileroVoiceActivity:
    def __init__(self, *, threshold: float = 0.5, min_silence_ms: int = 500) -> None:
        self.threshold = threshold
        self.min_silence_ms = min_silence_ms

    def speech(self, audio: Audio) -> list[tuple[float, float]]:
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        if len(audio) == 0:
            return []
        options = VadOptions(
            threshold=self.threshold,
            min_silence_duration_ms=self.min_silence_ms,
            speech_pad_ms=100,
        )
        return [
            (int(t["start"]) / SAMPLE_RATE, int(t["end"]) / SAMPLE_RATE)
            for t in get_speech_timestamps(audio, options)
        ]
