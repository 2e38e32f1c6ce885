"""Signed checkpoints of the audit trail, kept OUTSIDE the database (docs/AUDIT.md).

Whoever can write to the database can delete its newest audit entries, or rewrite one and
recompute every later hash: the chain alone still verifies. A checkpoint, the trail's Merkle
root at a tree size signed with the authority's key (tree_head.py), is written where the
database cannot reach: a directory of write-once files (ONRECORD_AUDIT_CHECKPOINTS, default
DATA_DIR/audit-checkpoints) and, when configured, a witness file on other storage
(ONRECORD_AUDIT_WITNESS) that each checkpoint is appended to with a consistency proof from the
one before. `verify-audit` then checks the trail against every checkpoint: fewer entries than
a checkpoint names is truncation; a different root for the same entries is a rewrite.

Checkpoints are written by the hourly `audit_checkpoint` job (services.write_checkpoint)
and by every bundle export (disclosure/bundle.py), each only after the transaction that added
the entries it covers has committed, so no checkpoint ever names an entry that rolled back.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction

from onrecord.audit.merkle import MerkleTree, leaf_hash, verify_consistency
from onrecord.audit.models import AuditEvent
from onrecord.audit.tree_head import Checkpoint, CheckpointError, now_stamp, open_signed, sign
from onrecord.authority_key import configured_key_set, load_signing_key
from onrecord.config import private_dir

SUFFIX = ".checkpoint"
_MAX_FILE = 16 * 1024


class CheckpointRefused(RuntimeError):
    """The trail does not match its last checkpoint (or its chain is broken): signing it now
    would vouch for what was changed. The message says what is wrong."""


@dataclass(frozen=True)
class Stored:
    """One checkpoint as found: where, its note, and what it says (None if it cannot be
    trusted: `problem` says why)."""

    where: str
    note: str
    checkpoint: Checkpoint | None
    problem: str = ""


def origin() -> str:
    return str(settings.ONRECORD_AUDIT_ORIGIN)


def signing_key() -> Ed25519PrivateKey:
    return load_signing_key(Path(settings.DATA_DIR))


def trusted_keys() -> list[Ed25519PublicKey]:
    """The keys a checkpoint may be signed with: every key of the authority's published key set
    (retired keys too, so checkpoints signed before a rotation still verify) and the current
    one; none, and none made, where no key is configured or was ever generated."""
    return [published.key for published in configured_key_set(Path(settings.DATA_DIR))]


def directory() -> Path:
    return private_dir(Path(settings.ONRECORD_AUDIT_CHECKPOINTS))


def witness_path() -> Path | None:
    configured = str(settings.ONRECORD_AUDIT_WITNESS)
    return Path(configured) if configured else None


def entry_leaf(stored_hash: str) -> bytes:
    """The Merkle leaf of an audit entry: SHA-256(0x00 || the entry's 32-byte hash). A stored
    hash that is not 64 hex digits (tampered) still gives a leaf, which then matches nothing."""
    try:
        raw = bytes.fromhex(stored_hash)
    except ValueError:
        raw = stored_hash.encode()
    return leaf_hash(raw if len(raw) == 32 else b"not a hash:" + stored_hash.encode())


def stored_leaves(upto: int | None = None) -> list[bytes]:
    """The leaves of the stored trail in order (of its first `upto` entries), read as they are
    in the database: the hashes column, not recomputed (chain.py recomputes them)."""
    rows = AuditEvent.objects.order_by("seq")
    if upto is not None:
        rows = rows.filter(seq__lte=upto)
    return [entry_leaf(h) for h in rows.values_list("hash", flat=True).iterator(chunk_size=5000)]


def _read(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(_MAX_FILE + 1)
    if len(data) > _MAX_FILE:
        raise CheckpointError("too large to be a checkpoint")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CheckpointError("not UTF-8 text") from exc


def _opened(where: str, note: str, keys: list[Ed25519PublicKey]) -> Stored:
    try:
        return Stored(where, note, open_signed(note, keys, origin()))
    except CheckpointError as exc:
        return Stored(where, note, None, str(exc))


def in_directory(keys: list[Ed25519PublicKey] | None = None) -> list[Stored]:
    """Every checkpoint file in the directory, its signature checked."""
    keys = trusted_keys() if keys is None else keys
    found: list[Stored] = []
    for path in sorted(directory().glob(f"*{SUFFIX}")):
        try:
            note = _read(path)
        except (OSError, CheckpointError) as exc:
            found.append(Stored(path.name, "", None, f"cannot be read ({exc})"))
            continue
        found.append(_opened(path.name, note, keys))
    return found


def _witness_records(path: Path) -> Iterator[tuple[int, dict[str, object] | None]]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
            except ValueError:
                yield number, None
                continue
            yield number, record if isinstance(record, dict) else None


def in_witness(keys: list[Ed25519PublicKey] | None = None) -> list[Stored]:
    """Every checkpoint in the witness file (when one is configured and exists), and a problem
    for each line that is not one, or whose consistency proof from the line before fails."""
    path = witness_path()
    if path is None or not path.exists():
        return []
    keys = trusted_keys() if keys is None else keys
    found: list[Stored] = []
    previous: Checkpoint | None = None
    for number, record in _witness_records(path):
        where = f"{path.name} line {number}"
        note = record.get("checkpoint") if record is not None else None
        if not isinstance(note, str):
            found.append(Stored(where, "", None, "not a witnessed checkpoint"))
            continue
        stored = _opened(where, note, keys)
        current = stored.checkpoint
        if current is not None and previous is not None and record is not None:
            problem = _witness_link(previous, current, record)
            if problem:
                stored = Stored(where, note, None, problem)
        found.append(stored)
        if stored.checkpoint is not None:
            previous = stored.checkpoint
    return found


def _witness_link(previous: Checkpoint, current: Checkpoint, record: dict[str, object]) -> str:
    """'' when the record's consistency proof shows `previous` is a prefix of `current`."""
    if current.size < previous.size:
        return f"names {current.size} entries, fewer than the {previous.size} witnessed before it"
    proof_text = record.get("consistency", [])
    try:
        proof = [base64.b64decode(str(p), validate=True) for p in list(proof_text)]  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "its consistency proof cannot be read"
    if record.get("from_size") != previous.size or not verify_consistency(
        previous.size, current.size, previous.root, current.root, proof
    ):
        return (
            f"is not consistent with the checkpoint of {previous.size} entries witnessed "
            "before it: the log was rewritten between them"
        )
    return ""


def all_checkpoints(keys: list[Ed25519PublicKey] | None = None) -> list[Stored]:
    keys = trusted_keys() if keys is None else keys
    return in_directory(keys) + in_witness(keys)


def latest(found: list[Stored]) -> Checkpoint | None:
    good = [s.checkpoint for s in found if s.checkpoint is not None]
    return max(good, key=lambda c: (c.size, c.timestamp), default=None)


def latest_stored(found: list[Stored]) -> Stored | None:
    good = [s for s in found if s.checkpoint is not None]
    return max(good, key=lambda s: (s.checkpoint.size, s.checkpoint.timestamp), default=None)  # type: ignore[union-attr]


def compare(tree: MerkleTree, found: list[Stored]) -> list[str]:
    """What the stored trail (as `tree`) contradicts: each checkpoint that cannot be trusted,
    the largest checkpoint naming more entries than there are (truncation), and the first
    checkpoint whose root its entries no longer give (a rewrite)."""
    problems = [
        f"checkpoint {s.where} cannot be trusted: {s.problem}"
        for s in found
        if s.checkpoint is None
    ]
    good = sorted(
        ((s.where, s.checkpoint) for s in found if s.checkpoint is not None),
        key=lambda pair: (pair[1].size, pair[1].timestamp),
    )
    beyond = [(where, c) for where, c in good if c.size > tree.size]
    if beyond:
        where, biggest = beyond[-1]
        problems.append(
            f"TRUNCATED: checkpoint {where} ({biggest.describe()}) vouches for "
            f"{biggest.size} entries but the trail now has {tree.size}: entries "
            f"{tree.size + 1} to {biggest.size} were deleted"
        )
    matched = 0
    for where, checkpoint in good:
        if checkpoint.size > tree.size:
            break
        if tree.root(checkpoint.size) == checkpoint.root:
            matched = max(matched, checkpoint.size)
            continue
        problems.append(
            f"REWRITTEN: the first {checkpoint.size} entries no longer give the root of "
            f"checkpoint {where} ({checkpoint.describe()}): an entry from {matched + 1} to "
            f"{checkpoint.size} was changed, replaced or removed and the later hashes recomputed"
        )
        break
    return problems


def _write_once(folder: Path, name: str, text: str) -> bool:
    """Write a complete file (0600) and link it into place; False if the name is taken."""
    tmp = folder / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, folder / name)
        except FileExistsError:
            return False
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return True


def _append_witness(path: Path, note: str, tree: MerkleTree, checkpoint: Checkpoint) -> None:
    keys = trusted_keys()
    witnessed = [s.checkpoint for s in in_witness(keys) if s.checkpoint is not None]
    previous = witnessed[-1] if witnessed else None
    record: dict[str, object] = {"checkpoint": note}
    if previous is not None and previous.size <= checkpoint.size:
        proof = tree.consistency_proof(previous.size, checkpoint.size)
        record["from_size"] = previous.size
        record["consistency"] = [base64.b64encode(p).decode() for p in proof]
    line = json.dumps(record, sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def store(note: str, tree: MerkleTree) -> Path | None:
    """Put a signed checkpoint outside the database: a new file in the directory, and a line
    in the witness file when one is configured. Returns the file (None if it was there)."""
    checkpoint = parse_own(note)
    name = f"{checkpoint.size:012d}-{checkpoint.timestamp.replace(':', '')}{SUFFIX}"
    folder = directory()
    written = _write_once(folder, name, note)
    witness = witness_path()
    if witness is not None and written:
        _append_witness(witness, note, tree, checkpoint)
    return folder / name if written else None


def parse_own(note: str) -> Checkpoint:
    return open_signed(note, trusted_keys(), origin())


def prepare(
    tree: MerkleTree, *, key: Ed25519PrivateKey | None = None, found: list[Stored] | None = None
) -> str:
    """Sign a checkpoint of `tree`, after checking that the tree matches every checkpoint
    already stored (CheckpointRefused otherwise: a rewritten trail is never vouched for)."""
    found = all_checkpoints() if found is None else found
    problems = compare(tree, found)
    if problems:
        raise CheckpointRefused("; ".join(problems))
    head = Checkpoint(origin(), tree.size, tree.root(), now_stamp())
    return sign(head, signing_key() if key is None else key)


def publish_on_commit(note: str, tree: MerkleTree) -> None:
    """Store the checkpoint once the transaction that wrote its entries commits (at once when
    there is none); if it rolls back, the checkpoint is never published."""
    transaction.on_commit(lambda: store(note, tree))
