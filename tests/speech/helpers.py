"""Audio for the speech tests, made at test time: WAV files of tones or espeak-ng voices."""

from __future__ import annotations

import io
import os
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from onrecord.speech.audio import DecodedWindows
from onrecord.speech.types import SAMPLE_RATE, Audio
from tests.support.processes import run_child


def wav_bytes(samples: Audio, rate: int = SAMPLE_RATE) -> bytes:
    """16-bit mono PCM WAV of float samples in -1..1."""
    import io

    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return out.getvalue()


def speak(text: str, voice: str, workdir: Path) -> tuple[Audio, int]:
    """espeak-ng's voice saying `text`: samples and their rate (22050 Hz)."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed (scripts/setup.sh --test installs it)")
    path = workdir / f"say-{abs(hash((text, voice)))}.wav"
    done = run_child([espeak, "-v", voice, "-w", str(path), text], env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return (pcm / np.float32(32768)).astype(np.float32), rate


def conversation(
    turns: list[tuple[str, str]], workdir: Path, *, pause: float = 0.8
) -> tuple[bytes, list[tuple[float, float, int]]]:
    """A WAV of each (voice, text) turn in order with a pause between, and each turn's
    (start, end, voice number) with voices numbered by first appearance."""
    pieces: list[Audio] = []
    spans: list[tuple[float, float, int]] = []
    voices: dict[str, int] = {}
    rate = 22050
    t = pause
    pieces.append(np.zeros(round(pause * rate), dtype=np.float32))
    for voice, text in turns:
        samples, rate = speak(text, voice, workdir)
        spans.append((t, t + len(samples) / rate, voices.setdefault(voice, len(voices))))
        pieces += [samples, np.zeros(round(pause * rate), dtype=np.float32)]
        t += len(samples) / rate + pause
    return wav_bytes(np.concatenate(pieces), rate), spans


# Four espeak voices, one turn each, the third a single word: the networks exported to ONNX are
# compared with torch on it (test_campplus_onnx.py, test_overlap_onnx.py).
FOUR_TURNS = [
    ("en-gb", "Good morning everyone. This is the review for the two children."),
    ("en-us+f3", "Thank you. I visited the family four times since the last meeting."),
    ("en-gb+m3", "Yes."),
    ("en-us+f5", "Mum goes to the parenting course every Tuesday afternoon."),
]


def four_turns(workdir: Path) -> tuple[Audio, list[tuple[float, float, int]]]:
    """`FOUR_TURNS` spoken, decoded to 16 kHz as a job reads it, with each turn's span."""
    data, spans = conversation(FOUR_TURNS, workdir)
    (_, _, audio), *_ = DecodedWindows(io.BytesIO(data), seconds=600)(0)
    return audio, spans
