"""The overlap detector in onnxruntime (overlap.py, onnx_export.py): the same probabilities and
stretches as torch, exported once beside CAM++, torch where it cannot be had, and a job that
never imports torch once both networks are exported."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from onrecord.speech import onnx_export, overlap
from onrecord.speech.overlap import SegmentationOverlap

from .helpers import four_turns

pytestmark = pytest.mark.slow  # the real segmentation network, exported to ONNX


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    """Four turns (about 15 s), with the second voice said again over the third's start, so
    the two runtimes are compared where two people speak at once too."""
    audio, spans = four_turns(tmp_path_factory.mktemp("speech"))
    second = audio[round(spans[1][0] * 16000) : round(spans[1][1] * 16000)]
    start = round(spans[3][0] * 16000)
    mixed = audio.copy()
    end = min(len(mixed), start + len(second))
    mixed[start:end] += 0.8 * second[: end - start]
    return mixed


@pytest.fixture
def fresh():
    overlap._onnx_network.cache_clear()
    yield
    overlap._onnx_network.cache_clear()


def test_onnxruntime_and_torch_give_the_same_probabilities_and_stretches(meeting, tmp_path, fresh):
    ort = SegmentationOverlap(cache_dir=tmp_path)
    torch = SegmentationOverlap(runtime="torch")
    assert (ort.runtime, torch.runtime) == ("onnxruntime", "torch")
    a, b = ort.probabilities(meeting), torch.probabilities(meeting)
    assert a.shape == b.shape
    assert len(a) > 500  # a frame every 16.9 ms over ~15 s
    assert float(np.abs(a - b).max()) <= 1e-3
    assert b.max() > overlap.THRESHOLD  # the mixed stretch is heard as two people
    assert ort.overlaps(meeting) == torch.overlaps(meeting) != []


def test_the_export_is_written_once_with_its_stamp_beside_the_voice_network(tmp_path, fresh):
    SegmentationOverlap(cache_dir=tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2
    assert files[0].startswith("segmentation-3.0-")
    assert files[0].endswith(".onnx")
    assert files[1] == files[0] + ".json"
    stamp = json.loads((tmp_path / files[1]).read_text())
    assert stamp["size"] == (tmp_path / files[0]).stat().st_size
    assert stamp["tolerance"] == overlap.ONNX.tolerance
    made = (tmp_path / files[0]).stat().st_mtime_ns
    overlap._onnx_network.cache_clear()  # a new process: the file is reused, not re-exported
    assert SegmentationOverlap(cache_dir=tmp_path).runtime == "onnxruntime"
    assert (tmp_path / files[0]).stat().st_mtime_ns == made


def test_a_changed_export_is_made_again_not_trusted(tmp_path, fresh):
    SegmentationOverlap(cache_dir=tmp_path)
    (path,) = tmp_path.glob("*.onnx")
    good = path.read_bytes()
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0xFF  # a weight changed, same size
    path.write_bytes(bytes(damaged))
    overlap._onnx_network.cache_clear()
    assert SegmentationOverlap(cache_dir=tmp_path).runtime == "onnxruntime"
    assert path.read_bytes() == good


def test_an_export_that_does_not_match_torch_is_not_kept_and_torch_is_used(
    tmp_path, meeting, monkeypatch, fresh
):
    original = onnx_export._session

    def off_by_a_little(path, input_name, threads):
        run = original(path, input_name, threads)
        return lambda chunks: run(chunks) + 0.01

    monkeypatch.setattr(onnx_export, "_session", off_by_a_little)
    detector = SegmentationOverlap(cache_dir=tmp_path)
    assert detector.runtime == "torch"
    assert list(tmp_path.iterdir()) == []  # no half-written or unchecked file left behind
    assert detector.overlaps(meeting) != []


def test_a_job_with_both_networks_exported_never_imports_torch(tmp_path, meeting):
    """What the 3-hour memory figure rests on (docs/SPEECH.md): once exported, a transcription
    process runs CAM++ and the overlap detector without loading torch (about 300 MB)."""
    np.save(tmp_path / "audio.npy", meeting)
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        import numpy as np
        from onrecord.speech import loaders
        cache = Path({str(tmp_path)!r})
        audio = np.load(cache / "audio.npy")
        embedder = loaders.embedder(cache_dir=cache)
        detector = loaders.overlap_detector(cache_dir=cache)
        assert (embedder.runtime, detector.runtime) == ("onnxruntime", "onnxruntime")
        found = detector.overlaps(audio)
        vectors = embedder.embed(audio, [(0.8, 4.0)])
        print(len(found), len(vectors), "torch" in sys.modules)
        """
    )

    def child() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    first = child()  # exports both networks: torch is needed for that
    assert first[2] == "True"
    assert int(first[0]) >= 1  # the stretch where two speak
    assert int(first[1]) >= 2  # 1.6 s samples every 0.8 s over 3.2 s
    assert sorted(p.suffix for p in tmp_path.glob("*.onnx")) == [".onnx", ".onnx"]
    assert child() == [first[0], first[1], "False"]  # the next job: same answers, no torch
