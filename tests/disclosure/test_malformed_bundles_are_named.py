"""Issue 16, failure 1: a structurally broken bundle gets a list of what is wrong and exit 1,
never a Python traceback: manifest `files` not objects, `recording` a list, deep nesting,
unsupported or unknown zip compression, encrypted entries, a non-numeric size, missing members,
zip bombs and members whose header lies about their size, bad JSON, a key given twice, names
given twice, and names that climb out of the bundle. Each finding of the fuzzing
(test_fuzzing_bundles.py) is added here."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.authority_key import KeySet, format_key_set
from onrecord.disclosure import verify
from onrecord.disclosure.verify import EXIT_BROKEN, run, verify_bundle
from tests.disclosure.synthetic import genuine_members, manifest_of, sign, write_zip

KEY = Ed25519PrivateKey.generate()
TRUSTED = KeySet.of(KEY.public_key())

Build = Callable[[Path], Path]


def _manifest_changed(change: Callable[[dict[str, Any]], Any]) -> Build:
    """A bundle whose manifest is changed and re-signed by the trusted key: only the
    structure is wrong."""

    def build(path: Path) -> Path:
        members = genuine_members(KEY)
        manifest = manifest_of(members)
        replaced = change(manifest)
        sign(members, KEY, manifest if replaced is None else replaced)
        return write_zip(path, members)

    return build


def _members_changed(change: Callable[[dict[str, bytes]], Any]) -> Build:
    def build(path: Path) -> Path:
        members = genuine_members(KEY)
        change(members)
        return write_zip(path, members)

    return build


def _patched(name: str, **fields: int) -> Build:
    """A genuine bundle with header fields of one member overwritten in both the local and
    the central header: flags, method, csize, usize."""
    offsets_central = {"flags": (8, "<H"), "method": (10, "<H"), "usize": (24, "<I")}
    offsets_local = {"flags": (6, "<H"), "method": (8, "<H"), "usize": (22, "<I")}

    def build(path: Path) -> Path:
        data = bytearray(write_zip(path, genuine_members(KEY)).read_bytes())
        at = data.find(b"PK\x01\x02")
        while at != -1:
            length = struct.unpack_from("<H", data, at + 28)[0]
            if data[at + 46 : at + 46 + length].decode() == name:
                local = struct.unpack_from("<I", data, at + 42)[0]
                for field, value in fields.items():
                    offset, form = offsets_central[field]
                    struct.pack_into(form, data, at + offset, value)
                    offset, form = offsets_local[field]
                    struct.pack_into(form, data, local + offset, value)
            at = data.find(b"PK\x01\x02", at + 4)
        path.write_bytes(bytes(data))
        return path

    return build


def _written(
    build_members: Callable[[dict[str, bytes]], list[tuple[str, bytes]]], **kw: Any
) -> Build:
    def build(path: Path) -> Path:
        return write_zip(path, build_members(genuine_members(KEY)), **kw)

    return build


def _bytes(make: Callable[[bytes], bytes]) -> Build:
    def build(path: Path) -> Path:
        genuine = write_zip(path, genuine_members(KEY)).read_bytes()
        path.write_bytes(make(genuine))
        return path

    return build


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda m: m.__setitem__(key, value)


def _first_file(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda m: m["files"][0].__setitem__(key, value)


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def _bomb(members: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return [*members.items(), ("zeros.bin", bytes(20 * 1024 * 1024))]


def _bzip2(members: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return list(members.items())


def _twice(members: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return [*members.items(), ("statement.txt", b"a second statement\n")]


def _extra(name: str) -> Callable[[dict[str, bytes]], None]:
    return lambda m: m.__setitem__(name, b"x")


def _manifest_bytes(data: bytes) -> Build:
    return _manifest_changed(lambda _m: data)


def _custody(value: Any) -> Build:
    """custody.json replaced, re-listed and re-signed: only its structure is wrong."""

    def build(path: Path) -> Path:
        members = genuine_members(KEY)
        members["custody.json"] = json.dumps(value).encode()
        members["statement.json"] = members["statement.json"]
        manifest = manifest_of(members)
        for entry in manifest["files"]:
            data = members[entry["path"]]
            entry["sha256"] = __import__("hashlib").sha256(data).hexdigest()
            entry["size"] = len(data)
        sign(members, KEY, manifest)
        return write_zip(path, members)

    return build


CASES: list[tuple[str, Build, str]] = [
    (
        "files not objects",
        _manifest_changed(_set("files", ["audio/original.wav", 7])),
        "manifest.json: files entry 1 is not an object",
    ),
    (
        "files not a list",
        _manifest_changed(_set("files", {"a": 1})),
        "manifest.json: files is not a list",
    ),
    (
        "recording a list",
        _manifest_changed(_set("recording", [1, 2])),
        "manifest.json: recording is not an object",
    ),
    (
        "deep nesting past the parser",
        _manifest_bytes(b"[" * 200_000 + b"]" * 200_000),
        "manifest.json: nested more than 64 deep",
    ),
    (
        "deep nesting",
        _manifest_changed(_set("extra", _nested(200))),
        "manifest.json: nested more than 64 deep",
    ),
    (
        "a non-numeric size",
        _manifest_changed(_first_file("size", "twelve")),
        "size is not a whole number of bytes",
    ),
    (
        "a size true",
        _manifest_changed(_first_file("size", True)),
        "size is not a whole number of bytes",
    ),
    (
        "a negative size",
        _manifest_changed(_first_file("size", -1)),
        "size is not a whole number of bytes",
    ),
    ("a sha256 not hex", _manifest_changed(_first_file("sha256", "zz")), "sha256 is not a SHA-256"),
    (
        "a path a number",
        _manifest_changed(_first_file("path", 5)),
        "path is not a safe relative path",
    ),
    (
        "a listed path climbing out",
        _manifest_changed(_first_file("path", "../x")),
        "path is not a safe relative",
    ),
    (
        "no created_at",
        _manifest_changed(_set("created_at", None)),
        "created_at is not an ISO 8601 time",
    ),
    (
        "a created_at with no zone",
        _manifest_changed(_set("created_at", "2025-03-04T12:00")),
        "created_at is not",
    ),
    (
        "signing_key a string",
        _manifest_changed(_set("signing_key", "me")),
        "signing_key is not an object",
    ),
    ("another format", _manifest_changed(_set("format", "zip")), "not an OnRecord court bundle"),
    (
        "a later version",
        _manifest_changed(_set("version", 99)),
        "version 99 is not one this verifier reads",
    ),
    (
        "a manifest that is a list",
        _manifest_changed(lambda m: [m]),
        "manifest.json: not a JSON object",
    ),
    ("bad JSON", _manifest_bytes(b'{"files": [}'), "manifest.json: not valid JSON"),
    ("not UTF-8", _manifest_bytes(b'{"a": "\xff"}'), "manifest.json: not UTF-8 text"),
    (
        "a key given twice",
        _manifest_bytes(b'{"files": [], "files": [1]}'),
        "manifest.json: the key files is given twice",
    ),
    ("NaN", _manifest_bytes(b'{"size": NaN}'), "manifest.json: NaN is not JSON"),
    ("a huge integer", _manifest_bytes(b'{"size": ' + b"9" * 5000 + b"}"), "not valid JSON"),
    (
        "bzip2 compression",
        _written(_bzip2, compress=zipfile.ZIP_BZIP2),
        "compressed with method 12; a bundle uses only stored or deflated",
    ),
    ("an unknown compression", _patched("statement.txt", method=99), "compressed with method 99"),
    ("an encrypted entry", _patched("statement.txt", flags=1), "statement.txt: encrypted"),
    (
        "a header that lies about the size",
        _patched("custody.json", usize=40),
        "custody.json: size is 40 bytes, the manifest says",
    ),
    (
        "a header claiming terabytes",
        _patched("audio/original.wav", usize=0xFFFFFFF0),
        "refused as a zip bomb",
    ),
    ("a zip bomb", _written(_bomb), "zeros.bin: would expand from"),
    (
        "the manifest missing",
        _members_changed(lambda m: m.pop("manifest.json")),
        "manifest.json: missing",
    ),
    (
        "the signature missing",
        _members_changed(lambda m: m.pop("manifest.sig")),
        "manifest.sig: missing",
    ),
    (
        "a listed file missing",
        _members_changed(lambda m: m.pop("statement.txt")),
        "statement.txt: missing",
    ),
    (
        "a signature that is not base64",
        _members_changed(lambda m: m.__setitem__("manifest.sig", b"!!")),
        "manifest.json: signature does not verify",
    ),
    ("a name twice", _written(_twice), "statement.txt: appears more than once in the zip"),
    ("a name climbing out", _members_changed(_extra("../evil.txt")), "../evil.txt: not a safe"),
    ("an absolute name", _members_changed(_extra("/etc/cron.d/x")), "/etc/cron.d/x: not a safe"),
    ("a backslash", _members_changed(_extra("..\\evil.txt")), "not a safe relative path"),
    ("a drive letter", _members_changed(_extra("C:evil.txt")), "C:evil.txt: not a safe"),
    (
        "a terminal escape in a name",
        _members_changed(_extra("a\x1b[2Jb")),
        "'a\\x1b[2Jb': not a safe relative path",
    ),
    ("a directory", _members_changed(_extra("audio/")), "audio/: not a safe relative path"),
    # Found by test_fuzzing_bundles.py:
    (
        "a corrupt deflate stream",
        _bytes(lambda b: b[:48] + b"\xff" * 4 + b[52:]),
        "audio/original.wav: cannot be read from the zip (error: Error -3",
    ),
    ("a version that is a list", _manifest_changed(_set("version", [])), "version [] is not"),
    ("not a zip", _bytes(lambda _b: b"this is not a zip"), "not a readable zip file"),
    ("an empty file", _bytes(lambda _b: b""), "not a readable zip file"),
    ("a truncated zip", _bytes(lambda b: b[: len(b) // 2]), "not a readable zip file"),
    ("custody entries not objects", _custody({"entries": [1, 2]}), "custody.json: entry 1 is not"),
    ("custody a list", _custody([1]), "custody.json: cannot be read (no list of entries)"),
    ("custody deep", _custody({"entries": _nested(100)}), "custody.json: nested more than 64"),
]


def _statement_list(path: Path) -> Path:
    members = genuine_members(KEY)
    members["statement.json"] = b"[1, 2]"
    manifest = manifest_of(members)
    for entry in manifest["files"]:
        if entry["path"] == "statement.json":
            entry["sha256"] = __import__("hashlib").sha256(b"[1, 2]").hexdigest()
            entry["size"] = 6
    sign(members, KEY, manifest)
    return write_zip(path, members)


CASES.append(("a statement that is a list", _statement_list, "statement.json: cannot be read"))


@pytest.mark.parametrize(("what", "build", "named"), CASES, ids=[c[0] for c in CASES])
def test_each_malformation_is_named(what: str, build: Build, named: str, tmp_path: Path) -> None:
    path = build(tmp_path / "bundle.zip")
    report = verify_bundle(path, trusted=TRUSTED)  # raises nothing
    assert not report.ok
    assert any(named in problem for problem in report.problems), report.problems
    keys = tmp_path / "keys.txt"
    keys.write_text(format_key_set(TRUSTED))
    out, err = io.StringIO(), io.StringIO()
    assert run(str(path), [keys], configured=False, out=out, err=err) == EXIT_BROKEN
    assert named in err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert "could not check it" not in err.getvalue()  # not the last-resort guard either


def test_a_genuine_synthetic_bundle_verifies(tmp_path: Path) -> None:
    """The cases above start from a bundle that verifies: what fails is what they change."""
    report = verify_bundle(write_zip(tmp_path / "b.zip", genuine_members(KEY)), trusted=TRUSTED)
    assert report.ok, report.problems


def test_an_oversized_manifest_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify, "MAX_JSON_BYTES", 100)
    path = write_zip(tmp_path / "b.zip", genuine_members(KEY))
    report = verify_bundle(path, trusted=TRUSTED)
    assert any(p.startswith("manifest.json: ") and "at most 100" in p for p in report.problems)


def test_too_many_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify, "MAX_MEMBERS", 3)
    report = verify_bundle(write_zip(tmp_path / "b.zip", genuine_members(KEY)), trusted=TRUSTED)
    assert report.problems == ["the zip has 8 members; a bundle has at most 3"]
