"""Bundles built without Django or a database, in the shape `onrecord export` writes: for the
key-set, malformed-bundle and fuzzing tests, which need many bundles fast and a key of their own.

    members = genuine_members(key, created_at=...)   # name -> bytes, a bundle that verifies
    write_zip(path, members)
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.audit.chain import GENESIS_HASH, entry_hash
from onrecord.audit.merkle import MerkleTree, leaf_hash
from onrecord.audit.tree_head import Checkpoint
from onrecord.audit.tree_head import sign as sign_checkpoint
from onrecord.authority_key import fingerprint, public_pem

AUDIO = b"RIFF" + bytes(range(256)) * 8
RECORDING = "3f2a9c1e-0000-4000-8000-000000000001"
WHEN = dt.datetime(2025, 3, 4, 12, 0, tzinfo=dt.UTC)


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True) + "\n").encode()


def _entry(seq: int, prev: str, action: str, detail: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "seq": seq,
        "occurred_at": "2025-03-04T11:00:00+00:00",
        "actor_id": 7,
        "actor_username": "grace.owusu",
        "actor_role": "team_manager",
        "action": action,
        "object_type": "vault.recording",
        "object_id": RECORDING,
        "case_id": 1,
        "ip_address": "10.0.0.8",
        "detail": detail,
        "prev_hash": prev,
    }
    fields["hash"] = entry_hash(fields)
    return fields


def custody(audio: bytes, key: Ed25519PrivateKey) -> dict[str, Any]:
    """The extract `onrecord export` writes: the entries about the recording, each with its
    inclusion proof against a checkpoint of the whole trail signed by `key`. Entry 2 is about
    something else, so it is in the tree but not disclosed."""
    ingest = _entry(1, GENESIS_HASH, "vault.ingest", {"sha256": hashlib.sha256(audio).hexdigest()})
    other_hash = hashlib.sha256(b"x").hexdigest()
    export = _entry(3, other_hash, "vault.export", {"reason": "Directions"})
    hashes = [ingest["hash"], other_hash, export["hash"]]
    tree = MerkleTree([leaf_hash(bytes.fromhex(h)) for h in hashes])
    head = Checkpoint("onrecord/audit", tree.size, tree.root(), "2025-03-04T12:00:00Z")
    entries = []
    for entry in (ingest, export):
        proof = tree.inclusion_proof(entry["seq"] - 1)
        entries.append({**entry, "inclusion_proof": [base64.b64encode(p).decode() for p in proof]})
    return {"recording": RECORDING, "checkpoint": sign_checkpoint(head, key), "entries": entries}


def manifest_for(
    members: dict[str, bytes], key: Ed25519PrivateKey, created_at: dt.datetime, audio: bytes
) -> dict[str, Any]:
    listed = sorted(n for n in members if n not in {"manifest.json", "manifest.sig"})
    return {
        "format": "onrecord-court-bundle",
        "version": 1,
        "created_at": created_at.isoformat(),
        "signing_key": {"algorithm": "Ed25519", "id": fingerprint(key.public_key())},
        "authority": "Example Council",
        "recording": {
            "id": RECORDING,
            "sha256": hashlib.sha256(audio).hexdigest(),
            "size": len(audio),
            "audio": "audio/original.wav",
        },
        "statement_version": 1,
        "custody_head": "",
        "files": [
            {"path": n, "sha256": hashlib.sha256(members[n]).hexdigest(), "size": len(members[n])}
            for n in listed
            if n != "signing_key.pub"
        ],
    }


def sign(members: dict[str, bytes], key: Ed25519PrivateKey, manifest: Any) -> None:
    """Put `manifest` in (any JSON value, or bytes as they are) and sign it with `key`."""
    data = manifest if isinstance(manifest, bytes) else _json(manifest)
    members["manifest.json"] = data
    members["manifest.sig"] = base64.b64encode(key.sign(data)) + b"\n"
    members["signing_key.pub"] = public_pem(key.public_key())


def genuine_members(
    key: Ed25519PrivateKey, *, created_at: dt.datetime = WHEN, audio: bytes = AUDIO
) -> dict[str, bytes]:
    extract = custody(audio, key)
    members: dict[str, bytes] = {
        "audio/original.wav": audio,
        "statement.json": _json(
            {"content": {"recording": {"sha256": hashlib.sha256(audio).hexdigest()}}}
        ),
        "statement.txt": b"Explanatory statement\n",
        "custody.json": _json(extract),
        "README.txt": b"OnRecord court disclosure bundle\n",
    }
    manifest = manifest_for(members, key, created_at, audio)
    manifest["custody_head"] = extract["entries"][-1]["hash"]
    sign(members, key, manifest)
    return members


def manifest_of(members: dict[str, bytes]) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(members["manifest.json"])
    return value


def write_zip(
    path: Path,
    members: dict[str, bytes] | Iterable[tuple[str, bytes]],
    compress: int = zipfile.ZIP_DEFLATED,
) -> Path:
    items = members.items() if isinstance(members, dict) else members
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression=compress) as bundle:
        warnings.simplefilter("ignore")  # a name twice, on purpose
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=(2025, 3, 4, 12, 0, 0))
            info.compress_type = compress
            bundle.writestr(info, data)
    return path
