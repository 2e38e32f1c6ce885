"""CAM++ in onnxruntime (onnx_export.py): the same vectors as torch, exported once, atomically,
never trusted when changed, and torch where it cannot be had."""

from __future__ import annotations

import json

import numpy as np
import pytest

from onrecord.speech import campplus, onnx_export
from onrecord.speech.campplus import CamPlusEmbedder

from .helpers import four_turns

pytestmark = pytest.mark.slow  # the real voice network, exported to ONNX


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    audio, spans = four_turns(tmp_path_factory.mktemp("speech"))
    return audio, [(a, b) for a, b, _ in spans]


def test_onnxruntime_and_torch_give_the_same_voice_vectors(meeting, tmp_path):
    audio, speech = meeting
    ort = CamPlusEmbedder(cache_dir=tmp_path)
    torch = CamPlusEmbedder(runtime="torch")
    assert (ort.runtime, torch.runtime) == ("onnxruntime", "torch")
    a, b = ort.embed(audio, speech), torch.embed(audio, speech)
    assert len(a) == len(b) >= 8  # full 1.6 s samples and shorter ones ("Yes.")
    assert len({round(s.end - s.start, 2) for s in a}) > 1
    for x, y in zip(a, b, strict=True):
        assert (x.start, x.end) == (y.start, y.end)
        assert np.abs(np.array(x.vector) - np.array(y.vector)).max() <= campplus.ONNX.tolerance


def test_the_export_is_written_once_with_its_stamp_and_nothing_else(tmp_path):
    campplus._onnx_network.cache_clear()
    CamPlusEmbedder(cache_dir=tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2
    assert files[0].endswith(".onnx")
    assert files[1] == files[0] + ".json"
    made = (tmp_path / files[0]).stat().st_mtime_ns
    campplus._onnx_network.cache_clear()  # a new process: the file is reused, not re-exported
    CamPlusEmbedder(cache_dir=tmp_path)
    assert (tmp_path / files[0]).stat().st_mtime_ns == made


def test_a_changed_export_is_made_again_not_trusted(tmp_path, meeting):
    campplus._onnx_network.cache_clear()
    CamPlusEmbedder(cache_dir=tmp_path)
    (path,) = tmp_path.glob("*.onnx")
    good = path.read_bytes()
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0xFF  # a weight changed, same size
    path.write_bytes(bytes(damaged))
    campplus._onnx_network.cache_clear()
    embedder = CamPlusEmbedder(cache_dir=tmp_path)
    assert embedder.runtime == "onnxruntime"
    assert path.read_bytes() == good  # exported again
    stamp = json.loads((tmp_path / (path.name + ".json")).read_text())
    assert stamp["size"] == len(good)


def test_an_export_that_does_not_match_torch_is_not_kept_and_torch_is_used(
    tmp_path, meeting, monkeypatch
):
    original = onnx_export._session

    def off_by_a_little(path, input_name, threads):
        run = original(path, input_name, threads)
        return lambda features: run(features) + 0.01

    monkeypatch.setattr(onnx_export, "_session", off_by_a_little)
    campplus._onnx_network.cache_clear()
    embedder = CamPlusEmbedder(cache_dir=tmp_path)
    assert embedder.runtime == "torch"
    assert list(tmp_path.iterdir()) == []  # no half-written or unchecked file left behind
    audio, speech = meeting
    assert len(embedder.embed(audio, speech)) >= 8
    campplus._onnx_network.cache_clear()


def test_where_the_export_fails_torch_is_used(tmp_path, monkeypatch):
    import torch

    def broken(*args, **kwargs):
        raise RuntimeError("this torch cannot export")

    monkeypatch.setattr(torch.onnx, "export", broken)
    campplus._onnx_network.cache_clear()
    assert CamPlusEmbedder(cache_dir=tmp_path).runtime == "torch"
    assert list(tmp_path.iterdir()) == []
    campplus._onnx_network.cache_clear()
