"""`onrecord speech-models` (speech/cli.py): a job node's models made ready before its first
transcription: Whisper verified, both voice networks exported once, and a clear refusal when
something is wrong."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from onrecord.commands import main
from onrecord.speech import loaders, model_files
from onrecord.speech.types import SpeechError


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ONRECORD_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.slow  # verifies the real Whisper model and exports the real networks
def test_it_verifies_whisper_and_exports_both_networks_once(data_dir, capsys):
    assert main(["speech-models", "--model", "tiny.en"]) == 0
    out = capsys.readouterr().out
    assert "Speech model whisper-tiny.en (sha256 " in out
    assert "Voice embedder (CAM++): exported to ONNX" in out
    assert "Overlap detector (segmentation-3.0): exported to ONNX" in out
    models = data_dir / "models"
    exported = sorted(models.glob("*.onnx"))
    assert [p.name.split("-")[0] for p in exported] == ["campplus", "segmentation"]
    made = [p.stat().st_mtime_ns for p in exported]

    # a second run (an upgrade that changed nothing) checks them and exports nothing again
    assert main(["speech-models", "--model", "tiny.en"]) == 0
    assert [p.stat().st_mtime_ns for p in exported] == made


def test_a_damaged_model_file_is_named_and_nothing_is_exported(data_dir, monkeypatch, capsys):
    def damaged(setting: str, cache_dir):
        raise SpeechError(
            f"The speech model file {cache_dir}/model.bin has SHA-256 0123, expected 4567"
        )

    monkeypatch.setattr(model_files, "resolve_model", damaged)
    assert main(["speech-models", "--model", "base"]) == 1
    err = capsys.readouterr().err
    assert "model.bin has SHA-256 0123, expected 4567" in err
    assert not list((data_dir / "models").glob("*.onnx"))


def test_a_network_left_in_torch_is_reported_as_a_failure(data_dir, monkeypatch, capsys):
    monkeypatch.setattr(
        model_files,
        "resolve_model",
        lambda setting, cache_dir: SimpleNamespace(label=setting, path=cache_dir),
    )
    monkeypatch.setattr(
        loaders, "embedder", lambda cache_dir: SimpleNamespace(runtime="onnxruntime")
    )
    monkeypatch.setattr(
        loaders, "overlap_detector", lambda cache_dir: SimpleNamespace(runtime="torch")
    )
    assert main(["speech-models"]) == 1
    captured = capsys.readouterr()
    assert "Voice embedder (CAM++): exported to ONNX" in captured.out
    assert "the overlap detector (segmentation-3.0) could not be exported to ONNX" in captured.err
    assert "run it in torch" in captured.err


def test_the_default_model_is_the_servers_setting(data_dir, monkeypatch, capsys):
    asked: list[str] = []

    def resolved(setting: str, cache_dir: Path) -> SimpleNamespace:
        asked.append(setting)
        return SimpleNamespace(label=setting, path=cache_dir)

    monkeypatch.setenv("ONRECORD_SPEECH_MODEL", "tiny.en")
    monkeypatch.setattr(model_files, "resolve_model", resolved)
    monkeypatch.setattr(
        loaders, "embedder", lambda cache_dir: SimpleNamespace(runtime="onnxruntime")
    )
    monkeypatch.setattr(
        loaders, "overlap_detector", lambda cache_dir: SimpleNamespace(runtime="onnxruntime")
    )
    assert main(["speech-models"]) == 0
    assert asked == ["tiny.en"]


def test_an_unknown_model_is_refused_with_the_ones_there_are(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["speech-models", "--model", "large-v3"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'large-v3'" in err
    assert "'base'" in err
    assert "'tiny.en'" in err
