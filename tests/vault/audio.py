"""Audio made in the test, never downloaded: WAV with the stdlib, the rest encoded by PyAV."""

from __future__ import annotations

import array
import functools
import io
import math
import wave

import av


@functools.lru_cache(maxsize=32)
def tone(seconds: float, rate: int, channels: int = 1) -> bytes:
    """16-bit little-endian PCM of a 440 Hz tone (interleaved when stereo)."""
    count = round(seconds * rate)
    step = 2 * math.pi * 440 / rate
    mono = array.array("h", (int(8000 * math.sin(i * step)) for i in range(count)))
    if channels == 1:
        return mono.tobytes()
    both = array.array("h", (s for s in mono for _ in range(channels)))
    return both.tobytes()


@functools.lru_cache(maxsize=32)
def wav(seconds: float = 2.5, rate: int = 16000, channels: int = 1) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(tone(seconds, rate, channels))
    return buffer.getvalue()


def encoded(fmt: str, codec: str, seconds: float, rate: int) -> bytes:
    """Audio encoded with PyAV: e.g. ("ogg", "libopus"), ("flac", "flac"), ("mp3", "libmp3lame")."""
    pcm = tone(seconds, rate)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        assert isinstance(stream, av.AudioStream)
        frame_samples = 4096
        for start in range(0, len(pcm) // 2, frame_samples):
            piece = pcm[start * 2 : (start + frame_samples) * 2]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(piece) // 2)
            frame.planes[0].update(piece)
            frame.sample_rate = rate
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def noise_wav(size: int, seed: int, rate: int = 44100, channels: int = 2) -> bytes:
    """A WAV of about `size` bytes of quiet seeded noise: valid PCM whose body is unique, so any
    piece of it found on disk can only have come from this upload."""
    import random

    frames = size // (2 * channels)
    body = bytearray(random.Random(seed).randbytes(frames * 2 * channels))
    # Keep it quiet and valid: every sample's high byte is 0x00 or 0xff (small values).
    body[1::2] = bytes(0x00 if b < 128 else 0xFF for b in body[1::2])
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(body))
    return buffer.getvalue()
