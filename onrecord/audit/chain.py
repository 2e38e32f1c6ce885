"""The hash chain behind the audit trail: pure functions, no Django.

Each entry's hash covers its own fields, its sequence number and the previous entry's hash, so
editing a row changes its hash, deleting one breaks the next row's link, and reordering rows
breaks both. Verification walks the chain once, in order, in constant memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64

# The fields an entry's hash covers, in a fixed order. Changing this list is a format change.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "case_id",
    "ip_address",
    "detail",
    "prev_hash",
)


def canonical(fields: Mapping[str, Any]) -> bytes:
    """A byte form of the entry that is the same whichever database stored it."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"audit trail intact: {self.checked} entries verified"
        return f"audit trail BROKEN at entry {self.broken_seq}: {self.problem}"


def verify_chain(entries: Iterable[Mapping[str, Any]]) -> ChainReport:
    """Check entries (in ascending seq order, each with its stored 'hash') and name the first
    broken one."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in entries:
        seq = entry["seq"]
        if seq != expected_seq:
            return ChainReport(
                False,
                checked,
                expected_seq,
                f"entry {expected_seq} is missing (next stored entry is {seq}): "
                "an entry was deleted or reordered",
            )
        if entry["prev_hash"] != expected_prev:
            return ChainReport(
                False,
                checked,
                seq,
                "its link to the previous entry does not match: "
                "an earlier entry was deleted, replaced or reordered",
            )
        if entry_hash(entry) != entry["hash"]:
            return ChainReport(
                False, checked, seq, "its contents do not match its hash: the entry was edited"
            )
        expected_prev = entry["hash"]
        expected_seq += 1
        checked += 1
    return ChainReport(True, checked)
