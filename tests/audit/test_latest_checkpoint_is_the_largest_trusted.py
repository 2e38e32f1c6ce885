"""The checkpoint a bundle's consistency proof starts from (checkpoints.latest_stored) is the
trusted one naming the most entries, the later-signed of two of the same size; a checkpoint
that cannot be trusted is never chosen, and with none trusted there is none."""

from __future__ import annotations

import hashlib

from onrecord.audit.checkpoints import Stored, latest, latest_stored
from onrecord.audit.tree_head import Checkpoint


def _stored(where: str, size: int, stamp: str, trusted: bool = True) -> Stored:
    head = Checkpoint("onrecord/audit", size, hashlib.sha256(where.encode()).digest(), stamp)
    if trusted:
        return Stored(where, f"note {where}", head)
    return Stored(where, f"note {where}", None, "its signature does not verify")


def test_the_largest_trusted_checkpoint_is_chosen() -> None:
    found = [
        _stored("a", 10, "2026-03-01T10:00:00Z"),
        _stored("b", 40, "2026-03-02T10:00:00Z"),
        _stored("c", 25, "2026-03-03T10:00:00Z"),
        _stored("forged", 99, "2026-03-04T10:00:00Z", trusted=False),
    ]
    chosen = latest_stored(found)
    assert chosen is not None
    assert chosen.where == "b"
    assert chosen.note == "note b"
    assert latest(found) == chosen.checkpoint


def test_of_two_of_the_same_size_the_later_signed() -> None:
    found = [
        _stored("later", 40, "2026-03-05T10:00:00Z"),
        _stored("earlier", 40, "2026-03-02T10:00:00Z"),
    ]
    chosen = latest_stored(found)
    assert chosen is not None
    assert chosen.where == "later"


def test_none_when_none_is_trusted() -> None:
    assert latest_stored([]) is None
    assert latest_stored([_stored("forged", 5, "2026-03-01T10:00:00Z", trusted=False)]) is None
    assert latest([]) is None
