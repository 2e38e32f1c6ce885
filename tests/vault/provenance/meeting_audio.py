"""A known original and copies made from it, for the provenance tests: a conference spoken by
espeak-ng (about 114 seconds, one voice; another text and voice for "another meeting"), then
cut, trimmed, re-joined out of order, and re-encoded as a phone would (AAC in M4A, MP3, Opus,
at low bit rates and other sample rates) with PyAV. Made at test time, never downloaded."""

from __future__ import annotations

import functools
import io
import os
import shutil
import tempfile
import wave
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest

from onrecord.speech.audio import DecodedWindows
from onrecord.vault.provenance import alignment
from tests.support.processes import run_child

Samples = npt.NDArray[np.float32]

CONFERENCE = (
    "Good morning everyone, and thank you for coming to this child protection conference "
    "about Amy. My name is Clare Chair and I will be chairing today. Before we begin, I would "
    "like everyone to introduce themselves and say what their role is. We will then hear from "
    "the social worker about the progress since the last conference, and after that from the "
    "school and the health visitor. Mother, you will have a chance to say what you think at "
    "every stage, and if anything is unclear please ask. The social worker visited the family "
    "home four times since October. The house was clean and warm, and Amy was seen alone on "
    "two of the visits. She said she likes her new teacher, and that she misses her "
    "grandmother who moved to Leeds in the summer. The school reports that attendance has "
    "improved from eighty one percent to ninety four percent this term. There were three late "
    "arrivals in November, all on Mondays. The health visitor has seen Amy twice. Her weight "
    "is now on the fiftieth centile and her immunisations are up to date. The dental "
    "appointment in September was missed, and a new one has been booked for January. Father "
    "has not attended the contact sessions since the end of October. He says his shifts have "
    "changed, and he would like the sessions moved to Saturdays. The family support worker "
    "will ask the contact centre whether Saturdays are possible. Now let us consider the "
    "risks. The main worry at the last conference was the arguments at home late at night. "
    "Mother says there have been no arguments since Father moved out. The police have had no "
    "calls to the address since August. So the plan is that Amy stays on a child protection "
    "plan under the category of emotional harm for another three months, with a review "
    "conference in March. Does anyone disagree with that? Thank you. The core group will meet "
    "within ten working days. That is the end of the conference, thank you all for coming."
)
ANOTHER_MEETING = (
    "This is a different meeting about a different family entirely. We are discussing the "
    "housing application and the repairs needed to the kitchen and the bathroom. The landlord "
    "has agreed to replace the boiler before Christmas, and the tenant has asked for a new "
    "front door lock. The council surveyor will visit next Tuesday at ten in the morning. "
    "After that the repairs team will send a schedule of works, and the tenant will be told in "
    "writing. The rent account is in credit by forty pounds. There are no arrears. The next "
    "review is in six months time, unless the repairs are not done, in which case we will meet "
    "again in January. Thank you everyone."
)

# Phone-like encodings: (container, codec, sample rate, bit rate).
AAC_M4A = ("ipod", "aac", 16_000, 24_000)
MP3_8K = ("mp3", "libmp3lame", 8_000, 16_000)
OPUS = ("ogg", "libopus", 48_000, 12_000)
WAV = ("wav", "pcm_s16le", 22_050, 0)


@functools.cache
def spoken(text: str, voice: str, speed: int) -> tuple[Samples, int]:
    """espeak-ng's voice saying `text`: float samples and their rate (22,050 Hz)."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed (scripts/setup.sh --test installs it)")
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "spoken.wav"
        done = run_child(
            [espeak, "-v", voice, "-s", str(speed), "-w", str(path), text], env=dict(os.environ)
        )
        assert done.returncode == 0, done.stderr
        with wave.open(str(path), "rb") as w:
            rate = w.getframerate()
            pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return (pcm / np.float32(32768)).astype(np.float32), rate


def conference() -> tuple[Samples, int]:
    return spoken(CONFERENCE, "en-gb", 160)


def another_meeting() -> tuple[Samples, int]:
    return spoken(ANOTHER_MEETING, "en-us", 170)


def pieces(samples: Samples, rate: int, *stretches: tuple[float, float]) -> Samples:
    """The stretches (seconds) of `samples`, joined in the order given."""
    return np.concatenate([samples[round(a * rate) : round(b * rate)] for a, b in stretches])


def encode(
    samples: Samples,
    rate: int,
    encoding: tuple[str, str, int, int],
    *,
    tags: dict[str, str] | None = None,
) -> bytes:
    """The samples encoded as a file: resampled to the encoding's rate, at its bit rate."""
    fmt, codec, out_rate, bit_rate = encoding
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=fmt) as container:
        for key, value in (tags or {}).items():
            container.metadata[key] = value
        stream = container.add_stream(codec, rate=out_rate, layout="mono")
        assert isinstance(stream, av.AudioStream)
        if bit_rate:
            stream.bit_rate = bit_rate
        wanted = stream.codec_context.format
        resampler = av.AudioResampler(
            format=wanted.name if wanted else "s16", layout="mono", rate=out_rate
        )
        pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
        for start in range(0, len(pcm), 4096):
            frame = av.AudioFrame.from_ndarray(
                pcm[start : start + 4096].reshape(1, -1), format="s16", layout="mono"
            )
            frame.sample_rate = rate
            for out in resampler.resample(frame):
                for packet in stream.encode(out):
                    container.mux(packet)
        for out in resampler.resample(None):
            for packet in stream.encode(out):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def features_of(data: bytes) -> alignment.Features:
    """Decoded to 16 kHz mono as the vault's job does (speech/audio.py), then described."""
    windows = DecodedWindows(io.BytesIO(data), seconds=30.0, overlap=0.0)
    return alignment.features(block for _, _, block in windows(0))
