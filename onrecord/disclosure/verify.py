"""Verifying a court disclosure bundle OFFLINE: no Django, no database, no network.

    report = verify_bundle(Path("bundle.zip"), public_key_pem=None)
    report.ok, report.problems      # each problem names the file and what is wrong

Checks, in order (docs/VAULT.md, "Court bundles"):

1. `manifest.sig` is a valid Ed25519 signature over the exact bytes of `manifest.json`, by the
   key given (`--public-key`, the one the council publishes) or else the bundle's own
   `signing_key.pub` (then the fingerprint must be compared by hand).
2. Every file the manifest lists is there with its SHA-256 and size; nothing else is there
   (only `manifest.json`, `manifest.sig` and `signing_key.pub` are outside the manifest).
3. `custody.json`, the audit extract: the audit entries about the recording, each hash
   recomputed from its fields and proved (RFC 6962 inclusion proof) to be at its place in the
   whole audit trail as a checkpoint signed by the same key vouches for it; the checkpoint
   published before, when given, is a prefix of it (consistency proof); the first entry is the
   recording's ingest (check_custody, docs/AUDIT.md).
4. The audio's SHA-256 is the one recorded at ingest (in the custody extract and the statement).

This module imports only the standard library, `cryptography` and the pure
`onrecord.audit.chain`, `.merkle` and `.tree_head`, so a court can run it on any machine with
Python.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from onrecord.audit.chain import entry_hash
from onrecord.audit.merkle import leaf_hash, verify_consistency, verify_inclusion
from onrecord.audit.tree_head import CheckpointError, open_signed

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "signing_key.pub"
CUSTODY = "custody.json"
CUSTODY_FORMAT = "onrecord-custody-2"
STATEMENT = "statement.json"
UNLISTED = frozenset({MANIFEST, SIGNATURE, PUBLIC_KEY})
BUNDLE_FORMAT = "onrecord-court-bundle"
_READ = 1024 * 1024


@dataclass
class BundleReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

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
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, 64, 4))


def _hash_member(bundle: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with bundle.open(name) as member:
        while piece := member.read(_READ):
            digest.update(piece)
            size += len(piece)
    return digest.hexdigest(), size


def _check_signature(
    bundle: zipfile.ZipFile, names: set[str], public_key_pem: bytes | None, report: BundleReport
) -> bytes | None:
    """The manifest's bytes if they are there (whether or not the signature verifies)."""
    for required in (MANIFEST, SIGNATURE):
        if required not in names:
            report.fail(f"{required}: missing from the bundle")
    if MANIFEST not in names:
        return None
    manifest = bundle.read(MANIFEST)
    if public_key_pem is not None:
        key = load_public_key(public_key_pem, "the public key given")
        if PUBLIC_KEY in names and bundle.read(PUBLIC_KEY).strip() != public_key_pem.strip():
            report.notes.append(
                f"{PUBLIC_KEY} in the bundle differs from the public key given; "
                "the signature is checked with the key given"
            )
    elif PUBLIC_KEY in names:
        try:
            key = load_public_key(bundle.read(PUBLIC_KEY), PUBLIC_KEY)
        except ValueError as exc:
            report.fail(str(exc))
            return manifest
        report.notes.append(
            f"signature checked with the bundle's own {PUBLIC_KEY} (fingerprint "
            f"{_fingerprint(key)}): compare it with the key the council publishes, "
            "or pass --public-key"
        )
    else:
        report.fail(f"{PUBLIC_KEY}: missing from the bundle (or pass --public-key)")
        return manifest
    if SIGNATURE in names:
        try:
            signature = base64.b64decode(bundle.read(SIGNATURE).strip(), validate=True)
            key.verify(signature, manifest)
        except (InvalidSignature, binascii.Error, ValueError):
            report.fail(f"{MANIFEST}: signature does not verify")
    return manifest


def _check_files(
    bundle: zipfile.ZipFile, names: set[str], files: list[Mapping[str, Any]], report: BundleReport
) -> dict[str, str]:
    """Check each listed file; return the SHA-256 of each file that matched."""
    matched: dict[str, str] = {}
    listed: set[str] = set()
    for entry in files:
        path, want_sha, want_size = str(entry["path"]), str(entry["sha256"]), int(entry["size"])
        listed.add(path)
        if path not in names:
            report.fail(f"{path}: missing from the bundle")
            continue
        try:
            sha, size = _hash_member(bundle, path)
        except (zipfile.BadZipFile, OSError) as exc:
            report.fail(f"{path}: cannot be read from the zip ({exc})")
            continue
        if sha != want_sha:
            report.fail(f"{path}: SHA-256 does not match the manifest")
        elif size != want_size:
            report.fail(f"{path}: size is {size} bytes, the manifest says {want_size}")
        else:
            matched[path] = sha
    for extra in sorted(names - listed - UNLISTED):
        report.fail(f"{extra}: not listed in the manifest")
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


def verify_bundle(path: Path, public_key_pem: bytes | None = None) -> BundleReport:
    report = BundleReport()
    try:
        bundle = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        report.fail(f"{path}: not a readable zip file ({exc})")
        return report
    with bundle:
        all_names = [info.filename for info in bundle.infolist()]
        names = set(all_names)
        for name in sorted({n for n in all_names if all_names.count(n) > 1}):
            report.fail(f"{name}: appears more than once in the zip")
        manifest_bytes = _check_signature(bundle, names, public_key_pem, report)
        if manifest_bytes is None:
            return report
        try:
            manifest = json.loads(manifest_bytes)
            files = list(manifest["files"])
            recording = manifest["recording"]
            if manifest.get("format") != BUNDLE_FORMAT:
                raise ValueError("not an OnRecord court bundle")
        except (ValueError, KeyError, TypeError) as exc:
            report.fail(f"{MANIFEST}: cannot be read ({exc})")
            return report
        matched = _check_files(bundle, names, files, report)
        audio = str(recording.get("audio", ""))
        if audio in matched and matched[audio] != recording.get("sha256"):
            report.fail(f"{audio}: SHA-256 is not the recording's SHA-256 in the manifest")
        if CUSTODY in matched:
            try:
                custody = json.loads(bundle.read(CUSTODY))
                entries = list(custody["entries"])
            except (ValueError, KeyError, TypeError) as exc:
                report.fail(f"{CUSTODY}: cannot be read ({exc})")
            else:
                signer = public_key_pem or (
                    bundle.read(PUBLIC_KEY) if PUBLIC_KEY in names else None
                )
                report.problems.extend(check_custody(custody, str(recording.get("id")), signer))
                ingest = entries[0] if entries and isinstance(entries[0], dict) else {}
                ingested = ingest.get("detail", {}).get("sha256") if "detail" in ingest else None
                if ingested is not None and ingested != recording.get("sha256"):
                    report.fail(
                        f"{CUSTODY}: the SHA-256 recorded at ingest is not the audio's SHA-256"
                    )
        if STATEMENT in matched:
            try:
                statement = json.loads(bundle.read(STATEMENT))
                stated = statement["content"]["recording"]["sha256"]
            except (ValueError, KeyError, TypeError) as exc:
                report.fail(f"{STATEMENT}: cannot be read ({exc})")
            else:
                if stated != recording.get("sha256"):
                    report.fail(f"{STATEMENT}: names a different SHA-256 from the audio's")
    return report
