"""Verifying a court disclosure bundle OFFLINE: no Django, no database, no network.

    report = verify_bundle(Path("bundle.zip"), trusted=read_key_set(Path("council-keys.txt")))
    report.ok          # intact AND signed by a trusted key valid when it was signed
    report.intact      # every check passed except knowing who signed it
    report.problems    # each problem names the file and what is wrong

A bundle NEVER verifies against a key it carries itself: anyone can re-sign a changed bundle
with a fresh key and put that key inside. The signature is checked against the key set the
authority publishes (`onrecord signing-key`, onrecord/authority_key.py): by default, on the
authority's own machine, the key set it is configured with; elsewhere the file a court is given
(`--trusted-keys`). With no trusted key at all the verdict is "content intact, signer unknown"
(exit 3), never "verified".

Checks, in order (docs/VAULT.md, "Court bundles"):

0. The zip itself: a readable zip of at most MAX_MEMBERS members, each a safe relative name given
   once, neither encrypted nor compressed other than stored or deflated, and not a zip bomb
   (declared sizes and compression ratios are bounded, and no member is read past them).
1. `manifest.json` is a well-formed manifest (`_parse_manifest`: every field of the right type,
   JSON at most MAX_DEPTH deep with no key given twice) and `manifest.sig` is a valid Ed25519
   signature over its exact bytes by a trusted key that was valid at the manifest's
   `created_at` (and, when the manifest names its `signing_key`, by that key).
2. Every file the manifest lists is there with its SHA-256 and size; nothing else is there
   (only `manifest.json`, `manifest.sig` and `signing_key.pub` are outside the manifest).
3. `custody.json`, the audit extract: the audit entries about the recording, each hash
   recomputed from its fields and proved (RFC 6962 inclusion proof) to be at its place in the
   whole audit trail as a checkpoint signed by the same key vouches for it; the checkpoint
   published before, when given, is a prefix of it (consistency proof); the first entry is the
   recording's ingest (check_custody, docs/AUDIT.md).
4. The audio's SHA-256 is the one recorded at ingest (in the custody extract and the statement).

This module imports only the standard library, `cryptography` and pure onrecord modules
(onrecord.audit.chain, .merkle and .tree_head, onrecord.authority_key), so a court can run it on
any machine with Python: `onrecord verifier --out onrecord-verify.pyz` packs it into one file
(docs/VAULT.md). Exit statuses (`main`): 0 verified, 1 broken (each problem listed), 2 usage or
key-file error, 3 content intact but signer unknown or not trusted.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime as dt
import hashlib
import json
import re
import sys
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from onrecord.audit.chain import entry_hash
from onrecord.audit.merkle import leaf_hash, verify_consistency, verify_inclusion
from onrecord.audit.tree_head import CheckpointError, open_signed
from onrecord.authority_key import (
    KeySet,
    PublishedKey,
    configured_key_set,
    fingerprint,
    format_time,
    parse_key_set,
    public_pem,
    read_key_set,
)
from onrecord.secret_files import KeyConfigError

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "signing_key.pub"
CUSTODY = "custody.json"
CUSTODY_FORMAT = "onrecord-custody-2"
STATEMENT = "statement.json"
UNLISTED = frozenset({MANIFEST, SIGNATURE, PUBLIC_KEY})
BUNDLE_FORMAT = "onrecord-court-bundle"
BUNDLE_VERSIONS = frozenset({1})
_READ = 1024 * 1024

EXIT_VERIFIED = 0
EXIT_BROKEN = 1
EXIT_USAGE = 2
EXIT_SIGNER_UNKNOWN = 3

# Bounds on what a bundle may make the verifier do (a bundle is untrusted input until verified).
MAX_MEMBERS = 10_000
MAX_JSON_BYTES = 64 * 1024 * 1024  # manifest.json, custody.json, statement.json
MAX_SMALL_BYTES = 64 * 1024  # manifest.sig, signing_key.pub
MAX_TOTAL_BYTES = 64 * 1024**3  # all members, uncompressed, as the zip declares them
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_DEPTH = 64  # JSON nesting
MAX_NAME = 255
SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
_SHA256 = re.compile(r"[0-9a-f]{64}")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\:]")
# zipfile raises a wide, version-dependent set of exceptions on malformed members.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    OverflowError,
    KeyError,
    IndexError,
    TypeError,
)


def show(text: object) -> str:
    """A name from the bundle, safe to print: control characters and odd ones escaped."""
    value = str(text)
    if value.isprintable() and len(value) <= 200:
        return value
    return ascii(value[:200]) + ("..." if len(value) > 200 else "")


@dataclass
class BundleReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signer: PublishedKey | None = None  # the trusted key the signature verified with
    signed_at: dt.datetime | None = None
    carried_key: str | None = None  # fingerprint of the bundle's own signing_key.pub

    @property
    def intact(self) -> bool:
        """Every check passed; who signed it may still be unknown."""
        return not self.problems

    @property
    def ok(self) -> bool:
        """Intact, and signed by a trusted key that was valid when it was signed."""
        return self.intact and self.signer is not None

    @property
    def exit_status(self) -> int:
        if self.problems:
            return EXIT_BROKEN
        return EXIT_VERIFIED if self.signer is not None else EXIT_SIGNER_UNKNOWN

    def fail(self, problem: str) -> None:
        self.problems.append(problem)


def load_public_key(pem: bytes, where: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError as exc:
        raise ValueError(f"{where}: not a PEM public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{where}: not an Ed25519 public key")
    return key


def _fingerprint(key: Ed25519PublicKey) -> str:
    return fingerprint(key)


# --- the zip ----------------------------------------------------------------------------------


def _name_problem(name: str) -> str | None:
    if not name or len(name) > MAX_NAME:
        return "not a usable member name"
    if name.startswith("/") or _UNSAFE.search(name):
        return "not a safe relative path (absolute, or with a control character, \\ or :)"
    if any(part in {"", ".", ".."} for part in name.split("/")):
        return "not a safe relative path (an empty, . or .. part)"
    return None


@dataclass
class _Zip:
    """The bundle's members that passed the structural checks, by name."""

    bundle: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]
    names: set[str]  # every name in the zip, readable or not


def _scan(bundle: zipfile.ZipFile, report: BundleReport) -> _Zip | None:
    try:
        infos = bundle.infolist()
    except _ZIP_ERRORS as exc:  # pragma: no cover - infolist is read when the zip is opened
        report.fail(f"the zip's directory cannot be read ({type(exc).__name__})")
        return None
    if len(infos) > MAX_MEMBERS:
        report.fail(f"the zip has {len(infos)} members; a bundle has at most {MAX_MEMBERS}")
        return None
    members: dict[str, zipfile.ZipInfo] = {}
    names: set[str] = set()
    total = 0
    twice: set[str] = set()
    for info in infos:
        name = info.filename
        where = show(name)
        if name in names:
            twice.add(name)
            continue
        names.add(name)
        problem = _name_problem(name)
        if problem is None and info.is_dir():
            problem = "a directory entry, which a bundle never has"
        if problem is None and info.flag_bits & 0x1:
            problem = "encrypted: a bundle's members are never encrypted"
        if problem is None and info.compress_type not in SUPPORTED_COMPRESSION:
            problem = (
                f"compressed with method {info.compress_type}; a bundle uses only stored or "
                "deflated"
            )
        if (
            problem is None
            and info.file_size > RATIO_FLOOR
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            problem = (
                f"would expand from {info.compress_size} to {info.file_size} bytes: "
                "refused as a zip bomb"
            )
        total += max(info.file_size, 0)
        if problem is not None:
            report.fail(f"{where}: {problem}")
            continue
        members[name] = info
    for name in sorted(twice):
        report.fail(f"{show(name)}: appears more than once in the zip")
    if total > MAX_TOTAL_BYTES:
        report.fail(f"the zip declares {total} bytes uncompressed; at most {MAX_TOTAL_BYTES}")
        return None
    return _Zip(bundle, members, names)


def _read(z: _Zip, name: str, limit: int, report: BundleReport) -> bytes | None:
    """A whole member, read no further than `limit` bytes; None (with the problem) if it
    cannot be."""
    info = z.members.get(name)
    if info is None:
        if name not in z.names:
            report.fail(f"{name}: missing from the bundle")
        return None
    if info.file_size > limit:
        report.fail(f"{name}: {info.file_size} bytes; at most {limit} are read")
        return None
    try:
        with z.bundle.open(info) as member:
            data = member.read(limit + 1)
    except _ZIP_ERRORS as exc:
        report.fail(f"{name}: cannot be read from the zip ({type(exc).__name__}: {show(exc)})")
        return None
    if len(data) > limit:
        report.fail(f"{name}: more than {limit} bytes; refused")
        return None
    return data


def _hash_member(z: _Zip, info: zipfile.ZipInfo, limit: int) -> tuple[str, int]:
    """SHA-256 and size of a member, reading at most limit + 1 bytes of it."""
    digest = hashlib.sha256()
    size = 0
    with z.bundle.open(info) as member:
        while size <= limit and (piece := member.read(min(_READ, limit + 1 - size))):
            digest.update(piece)
            size += len(piece)
    return digest.hexdigest(), size


# --- JSON ---------------------------------------------------------------------------------------


class _JSONProblem(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JSONProblem(f"the key {show(key)!s} is given twice")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _JSONProblem(f"{name} is not JSON")


def _too_deep(value: Any) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def parse_json(data: bytes, where: str) -> Any:
    """Strict JSON: UTF-8, no key twice in an object, no NaN, nesting at most MAX_DEPTH."""
    try:
        value = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
        )
    except UnicodeDecodeError as exc:
        raise _JSONProblem(f"{where}: not UTF-8 text") from exc
    except RecursionError as exc:
        raise _JSONProblem(f"{where}: nested more than {MAX_DEPTH} deep") from exc
    except _JSONProblem as exc:
        raise _JSONProblem(f"{where}: {exc}") from exc
    except ValueError as exc:
        raise _JSONProblem(f"{where}: not valid JSON ({show(exc)})") from exc
    if _too_deep(value):
        raise _JSONProblem(f"{where}: nested more than {MAX_DEPTH} deep")
    return value


# --- the manifest -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedFile:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    files: list[ListedFile]
    recording_id: str
    recording_sha256: str
    audio: str
    created_at: dt.datetime | None
    signing_key: str | None  # the key id (fingerprint) the manifest names, if it names one


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.astimezone(dt.UTC) if when.tzinfo is not None else None


def _parse_manifest(value: Any, report: BundleReport) -> Manifest | None:
    """Every field the verifier relies on, checked for type and form; None if any is wrong
    (each wrong field is named)."""
    before = len(report.problems)
    where = MANIFEST
    if not isinstance(value, dict):
        report.fail(f"{where}: not a JSON object")
        return None
    if value.get("format") != BUNDLE_FORMAT:
        report.fail(f"{where}: not an OnRecord court bundle (format is not {BUNDLE_FORMAT!r})")
    if not _is_int(value.get("version")) or value["version"] not in BUNDLE_VERSIONS:
        report.fail(f"{where}: version {show(value.get('version'))} is not one this verifier reads")
    created_at = _parse_time(value.get("created_at"))
    if created_at is None:
        report.fail(f"{where}: created_at is not an ISO 8601 time with a time zone")
    signing_key = value.get("signing_key")
    key_id: str | None = None
    if signing_key is not None:
        if (
            not isinstance(signing_key, dict)
            or signing_key.get("algorithm") != "Ed25519"
            or not isinstance(signing_key.get("id"), str)
        ):
            report.fail(f"{where}: signing_key is not an object naming an Ed25519 key id")
        else:
            key_id = str(signing_key["id"])
    recording = value.get("recording")
    rec: dict[str, Any] = {}
    if not isinstance(recording, dict):
        report.fail(f"{where}: recording is not an object")
    else:
        rec = recording
        for name in ("id", "audio"):
            if not isinstance(rec.get(name), str) or not rec.get(name):
                report.fail(f"{where}: recording.{name} is not a non-empty string")
        if not isinstance(rec.get("sha256"), str) or not _SHA256.fullmatch(rec["sha256"]):
            report.fail(f"{where}: recording.sha256 is not a SHA-256 in lower-case hex")
        size = rec.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            report.fail(f"{where}: recording.size is not a whole number of bytes")
    files = value.get("files")
    listed: list[ListedFile] = []
    if not isinstance(files, list):
        report.fail(f"{where}: files is not a list")
    elif len(files) > MAX_MEMBERS:
        report.fail(f"{where}: lists {len(files)} files; at most {MAX_MEMBERS}")
    else:
        seen: set[str] = set()
        for number, entry in enumerate(files, start=1):
            at = f"{where}: files entry {number}"
            if not isinstance(entry, dict):
                report.fail(f"{at} is not an object with path, sha256 and size")
                continue
            path, sha, size = entry.get("path"), entry.get("sha256"), entry.get("size")
            wrong = []
            if not isinstance(path, str) or _name_problem(path) is not None:
                wrong.append("path is not a safe relative path")
            elif path in UNLISTED:
                wrong.append(f"path {path} is never listed")
            if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
                wrong.append("sha256 is not a SHA-256 in lower-case hex")
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                wrong.append("size is not a whole number of bytes")
            if wrong:
                report.fail(f"{at}: " + "; ".join(wrong))
                continue
            assert isinstance(path, str)
            assert isinstance(sha, str)
            assert isinstance(size, int)
            if path in seen:
                report.fail(f"{at}: {show(path)} is listed twice")
                continue
            seen.add(path)
            listed.append(ListedFile(path, sha, size))
    if len(report.problems) > before:
        return None
    return Manifest(
        files=listed,
        recording_id=str(rec["id"]),
        recording_sha256=str(rec["sha256"]),
        audio=str(rec["audio"]),
        created_at=created_at,
        signing_key=key_id,
    )


# --- the signature ------------------------------------------------------------------------------


def _signature(data: bytes | None, report: BundleReport) -> bytes | None:
    if data is None:
        return None
    try:
        signature = base64.b64decode(data.strip(), validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if len(signature) != 64:
        report.fail(f"{MANIFEST}: signature does not verify")
        report.notes.append(f"{SIGNATURE} is not a base64 Ed25519 signature (64 bytes)")
        return None
    return signature


def _verifies(key: Ed25519PublicKey, signature: bytes, message: bytes) -> bool:
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def _check_signature(
    manifest_bytes: bytes,
    signature: bytes | None,
    manifest: Manifest | None,
    carried: bytes | None,
    trusted: KeySet,
    report: BundleReport,
) -> None:
    carried_key: Ed25519PublicKey | None = None
    if carried is not None:
        try:
            carried_key = load_public_key(carried, PUBLIC_KEY)
        except ValueError as exc:
            report.notes.append(f"{exc} (it is not used to verify anything)")
        else:
            report.carried_key = fingerprint(carried_key)
    if signature is None:
        return
    when = manifest.created_at if manifest is not None else None
    report.signed_at = when
    if not len(trusted):
        # No trusted key: the bundle's own key can show only that the bundle is consistent.
        if carried_key is None:
            report.notes.append(
                "no trusted key was given and the bundle carries none: its signature is unchecked"
            )
        elif not _verifies(carried_key, signature, manifest_bytes):
            report.fail(f"{MANIFEST}: signature does not verify")
        else:
            report.notes.append(
                f"the signature checks with the key the bundle carries ({report.carried_key}), "
                "but a bundle's own key proves nothing: anyone can re-sign a bundle with a key "
                "of their own"
            )
        return
    signer = next((k for k in trusted if _verifies(k.key, signature, manifest_bytes)), None)
    if signer is None:
        report.fail(f"{MANIFEST}: signature does not verify")
        report.notes.append(
            f"checked against {len(trusted)} trusted key(s): "
            + ", ".join(k.key_id for k in trusted)
            + (
                f"; the bundle carries the key {report.carried_key}, which is not trusted"
                if report.carried_key and trusted.get(report.carried_key) is None
                else ""
            )
        )
        return
    if manifest is not None and manifest.signing_key not in (None, signer.key_id):
        report.fail(
            f"{MANIFEST}: names the signing key {show(manifest.signing_key)} but was signed "
            f"by {signer.key_id}"
        )
        return
    if when is None:
        report.fail(f"{MANIFEST}: no signing time, so no key can be shown valid when it signed")
        return
    if not signer.valid_at(when):
        report.fail(
            f"{MANIFEST}: signed by the key {signer.key_id} at {format_time(when)}, outside "
            f"the period that key signs in ({signer.period()})"
        )
        return
    if report.carried_key is not None and report.carried_key != signer.key_id:
        report.notes.append(
            f"the bundle's own {PUBLIC_KEY} ({report.carried_key}) is not the key that signed "
            "it; it is ignored"
        )
    report.signer = signer


# --- the files --------------------------------------------------------------------------------


def _check_files(z: _Zip, files: list[ListedFile], report: BundleReport) -> dict[str, str]:
    """Check each listed file; return the SHA-256 of each file that matched."""
    matched: dict[str, str] = {}
    listed: set[str] = set()
    for entry in files:
        path = entry.path
        listed.add(path)
        info = z.members.get(path)
        if info is None:
            if path not in z.names:
                report.fail(f"{show(path)}: missing from the bundle")
            continue  # else its problem is already named
        if info.file_size != entry.size:
            report.fail(
                f"{show(path)}: size is {info.file_size} bytes, the manifest says {entry.size}"
            )
            continue
        try:
            sha, size = _hash_member(z, info, entry.size)
        except _ZIP_ERRORS as exc:
            report.fail(
                f"{show(path)}: cannot be read from the zip ({type(exc).__name__}: {show(exc)})"
            )
            continue
        if sha != entry.sha256:
            report.fail(f"{show(path)}: SHA-256 does not match the manifest")
        elif size != entry.size:
            report.fail(f"{show(path)}: size is {size} bytes, the manifest says {entry.size}")
        else:
            matched[path] = sha
    for extra in sorted(z.names - listed - UNLISTED):
        if extra in z.members:  # unreadable members are named already
            report.fail(f"{show(extra)}: not listed in the manifest")
    return matched


def _proof(value: Any) -> list[bytes]:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return [base64.b64decode(str(p), validate=True) for p in value]


def check_custody(
    custody: Mapping[str, Any], recording_id: str, key_pem: bytes | None
) -> list[str]:
    """The audit extract's own checks, offline: the checkpoint is signed by the key that signed
    the bundle; each entry's hash is recomputed from its fields and its inclusion proof puts it
    at its place in the trail the checkpoint vouches for; the earlier checkpoint, when given,
    is a prefix of it (consistency proof); the first entry is the recording's ingest."""
    if key_pem is None:
        return [f"{CUSTODY}: no key to check its checkpoint's signature with"]
    try:
        key = load_public_key(key_pem, "the signer's key")
        checkpoint = open_signed(str(custody.get("checkpoint", "")), [key])
    except (ValueError, CheckpointError) as exc:
        return [f"{CUSTODY}: its checkpoint cannot be trusted: {exc}"]
    entries = custody.get("entries")
    if not isinstance(entries, list) or not entries:
        return [f"{CUSTODY}: no audit entries"]
    problems: list[str] = []
    last_seq = 0
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("seq"), int):
            problems.append(f"{CUSTODY}: entry number {number} is not an audit entry")
            continue
        seq = entry["seq"]
        if seq <= last_seq:
            problems.append(f"{CUSTODY}: entry {seq} is out of order")
        last_seq = max(last_seq, seq)
        try:
            computed = entry_hash(entry)
        except KeyError as exc:
            problems.append(f"{CUSTODY}: entry {seq} lacks the field {exc}")
            continue
        except (TypeError, ValueError):
            problems.append(f"{CUSTODY}: entry {seq} cannot be hashed")
            continue
        if computed != entry.get("hash"):
            problems.append(f"{CUSTODY}: entry {seq} does not match its hash: it was changed")
            continue
        try:
            proof = _proof(entry.get("inclusion_proof"))
        except (TypeError, ValueError):
            problems.append(f"{CUSTODY}: entry {seq}'s inclusion proof cannot be read")
            continue
        if not verify_inclusion(
            leaf_hash(bytes.fromhex(computed)), seq - 1, checkpoint.size, proof, checkpoint.root
        ):
            problems.append(
                f"{CUSTODY}: entry {seq} is not in the audit trail its checkpoint vouches for "
                "(the inclusion proof fails)"
            )
    if "previous_checkpoint" in custody:
        try:
            earlier = open_signed(str(custody["previous_checkpoint"]), [key], checkpoint.origin)
            proof = _proof(custody.get("consistency_proof"))
        except (ValueError, TypeError, CheckpointError) as exc:
            problems.append(f"{CUSTODY}: its previous checkpoint cannot be trusted: {exc}")
        else:
            if not verify_consistency(
                earlier.size, checkpoint.size, earlier.root, checkpoint.root, proof
            ):
                problems.append(
                    f"{CUSTODY}: its checkpoint is not consistent with the {earlier.describe()} "
                    "before it: the audit trail was rewritten in between"
                )
    first = entries[0] if isinstance(entries[0], Mapping) else {}
    if first.get("action") != "vault.ingest" or first.get("object_id") != recording_id:
        problems.append(f"{CUSTODY}: does not begin with the ingest of recording {recording_id}")
    return problems


def _custody_extract(data: bytes | None, report: BundleReport) -> Mapping[str, Any] | None:
    """The custody extract, its entries each an object with a whole-number seq; None (named)
    if not."""
    if data is None:
        return None
    try:
        value = parse_json(data, CUSTODY)
    except _JSONProblem as exc:
        report.fail(str(exc))
        return None
    if not isinstance(value, dict):
        report.fail(f"{CUSTODY}: cannot be read (no list of entries)")
        return None
    extract: dict[str, Any] = value
    entries = extract.get("entries")
    if not isinstance(entries, list):
        report.fail(f"{CUSTODY}: cannot be read (no list of entries)")
        return None
    for number, entry in enumerate(entries, start=1):
        if (
            not isinstance(entry, dict)
            or not _is_int(entry.get("seq"))
            or not isinstance(entry.get("detail", {}), dict)
        ):
            report.fail(f"{CUSTODY}: entry {number} is not an audit entry with a whole-number seq")
            return None
    return extract


def _statement_sha(data: bytes | None, report: BundleReport) -> str | None:
    if data is None:
        return None
    try:
        statement = parse_json(data, STATEMENT)
    except _JSONProblem as exc:
        report.fail(str(exc))
        return None
    value: Any = statement
    for key in ("content", "recording", "sha256"):
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str):
        report.fail(f"{STATEMENT}: cannot be read (no content.recording.sha256)")
        return None
    return value


def verify_bundle(
    path: Path, public_key_pem: bytes | None = None, *, trusted: KeySet | None = None
) -> BundleReport:
    """Check the bundle at `path` against the trusted keys: `trusted`, else the key(s) in
    `public_key_pem` (a PEM, or what `onrecord signing-key` prints), else this installation's
    configured key set (`configured_key_set`: empty on a machine with no OnRecord data)."""
    if trusted is None:
        trusted = (
            parse_key_set(public_key_pem.decode("utf-8", "replace"), "the public key given")
            if public_key_pem is not None
            else configured_key_set()
        )
    report = BundleReport()
    try:
        bundle = zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        report.fail(f"{show(path)}: not a readable zip file ({type(exc).__name__}: {show(exc)})")
        return report
    with bundle:
        z = _scan(bundle, report)
        if z is None:
            return report
        manifest_bytes = _read(z, MANIFEST, MAX_JSON_BYTES, report)
        signature = _signature(_read(z, SIGNATURE, MAX_SMALL_BYTES, report), report)
        carried = _read(z, PUBLIC_KEY, MAX_SMALL_BYTES, report) if PUBLIC_KEY in z.names else None
        if manifest_bytes is None:
            return report
        manifest: Manifest | None = None
        try:
            manifest = _parse_manifest(parse_json(manifest_bytes, MANIFEST), report)
        except _JSONProblem as exc:
            report.fail(str(exc))
        _check_signature(manifest_bytes, signature, manifest, carried, trusted, report)
        if manifest is None:
            return report
        matched = _check_files(z, manifest.files, report)
        recording = {"id": manifest.recording_id, "sha256": manifest.recording_sha256}
        audio = manifest.audio
        if audio in matched and matched[audio] != recording.get("sha256"):
            report.fail(f"{show(audio)}: SHA-256 is not the recording's SHA-256 in the manifest")
        if CUSTODY in matched:
            custody = _custody_extract(_read(z, CUSTODY, MAX_JSON_BYTES, report), report)
            if custody is not None:
                # The checkpoint must be signed by the key that signed the bundle: the trusted
                # one; with none trusted, the bundle's own key shows only that it is consistent;
                # with trusted keys that the signature failed, the bundle is refused already.
                signer_pem = (
                    public_pem(report.signer.key)
                    if report.signer is not None
                    else (carried if not len(trusted) else None)
                )
                if signer_pem is not None:
                    report.problems.extend(
                        check_custody(custody, str(recording.get("id")), signer_pem)
                    )
                entries = custody["entries"]
                ingest = entries[0] if entries else {}
                ingested = ingest.get("detail", {}).get("sha256") if "detail" in ingest else None
                if ingested is not None and ingested != recording.get("sha256"):
                    report.fail(
                        f"{CUSTODY}: the SHA-256 recorded at ingest is not the audio's SHA-256"
                    )
        if STATEMENT in matched:
            stated = _statement_sha(_read(z, STATEMENT, MAX_JSON_BYTES, report), report)
            if stated is not None and stated != recording.get("sha256"):
                report.fail(f"{STATEMENT}: names a different SHA-256 from the audio's")
    return report


# --- the command ------------------------------------------------------------------------------


def trusted_keys_from(public_keys: Sequence[Path], *, configured: bool) -> tuple[KeySet, str]:
    """The trusted key set for a run and where it came from: the files given (each a PEM or
    what `onrecord signing-key` prints), else this installation's configured set."""
    if public_keys:
        keys = KeySet()
        for file in public_keys:
            for key in read_key_set(file):
                keys = keys.with_key(key)
        return keys, ", ".join(str(f) for f in public_keys)
    if configured:
        return configured_key_set(), "this installation's configured signing keys"
    return KeySet(), "no trusted key"


def report_verdict(
    bundle: str, report: BundleReport, source: str, out: IO[str], err: IO[str]
) -> int:
    """Print the verdict; return the exit status (EXIT_*)."""
    for note in report.notes:
        print(f"note: {note}", file=out)
    if report.problems:
        for problem in report.problems:
            print(problem, file=err)
        count = len(report.problems)
        print(
            f"{show(bundle)}: NOT verified ({count} problem{'' if count == 1 else 's'})", file=err
        )
        return EXIT_BROKEN
    if report.signer is None:
        carried = f" (it carries the key {report.carried_key})" if report.carried_key else ""
        print(
            f"{show(bundle)}: NOT verified: the content is intact, but the signer is UNKNOWN"
            f"{carried}: {source}. Pass the authority's published keys: --trusted-keys FILE "
            "(what `onrecord signing-key` prints).",
            file=err,
        )
        return EXIT_SIGNER_UNKNOWN
    when = format_time(report.signed_at) if report.signed_at else "?"
    print(
        f"signed at {when} by the authority's key {report.signer.key_id} "
        f"({report.signer.period()}; from {source})",
        file=out,
    )
    print(f"{show(bundle)}: verified", file=out)
    return EXIT_VERIFIED


def run(
    bundle: str,
    public_keys: Sequence[Path],
    *,
    configured: bool,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """`verify-bundle`: never a traceback; exit 0 verified, 1 broken, 2 key-file error, 3
    signer unknown."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        trusted, source = trusted_keys_from(public_keys, configured=configured)
    except KeyConfigError as exc:
        print(f"trusted keys: {exc}", file=err)
        return EXIT_USAGE
    try:
        report = verify_bundle(Path(bundle), trusted=trusted)
    except RecursionError:
        report = BundleReport(problems=["the bundle is nested too deeply to check"])
    except Exception as exc:  # a verdict, never a traceback, for any input
        report = BundleReport(
            problems=[f"the verifier could not check it ({type(exc).__name__}: {show(exc)})"]
        )
    return report_verdict(bundle, report, source, out, err)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bundle", metavar="BUNDLE.zip")
    parser.add_argument(
        "--trusted-keys",
        "--public-key",
        dest="public_keys",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="the authority's published signing keys: what `onrecord signing-key` prints, or a "
        "single PEM public key (may be given more than once)",
    )


def main(argv: Sequence[str] | None = None, *, configured: bool = False) -> int:
    """The stand-alone verifier (`python -m onrecord.disclosure.verify`, or the one-file
    `onrecord-verify.pyz`): trusts only the keys given."""
    parser = argparse.ArgumentParser(
        prog="onrecord-verify",
        description="Check an OnRecord court bundle offline against the authority's published "
        "signing keys. Exit 0 verified, 1 broken, 2 usage or key-file error, 3 content intact "
        "but signer unknown.",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.bundle, args.public_keys, configured=configured)


if __name__ == "__main__":
    sys.exit(main())
