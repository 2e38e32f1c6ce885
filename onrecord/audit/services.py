"""Appending to and verifying the audit trail.

record() must run inside the same transaction as the change it describes (warehouse's rule):
if the change rolls back, so does its audit entry, and vice versa.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction

from onrecord.audit import checkpoints
from onrecord.audit.chain import GENESIS_HASH, ChainReport, verify_chain
from onrecord.audit.context import Actor, current_actor
from onrecord.audit.merkle import MerkleTree
from onrecord.audit.models import AuditEvent
from onrecord.audit.storable import storable, storable_text
from onrecord.audit.tree_head import Checkpoint

# Any constant will do: it names the one lock that serialises appends on PostgreSQL.
_PG_CHAIN_LOCK = 0x0A0D17


def describe_object(obj: models.Model) -> tuple[str, str, str]:
    """(object_type, object_id, case_id) for a model instance."""
    meta = obj._meta
    case_id = getattr(obj, "audit_case_id", "") or ""
    return f"{meta.app_label}.{meta.model_name}", str(obj.pk), str(case_id)


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: str = "",
    case_id: str = "",
    detail: dict[str, Any] | None = None,
    actor: Actor | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type, object_id, case_id = describe_object(obj)
    who = actor or current_actor()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
        # On SQLite the transaction already holds the write lock (transaction_mode IMMEDIATE).
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        event = AuditEvent(
            seq=seq,
            occurred_at=dt.datetime.now(dt.UTC),
            actor_id=who.user_id,
            actor_username=who.username,
            actor_role=who.role,
            action=storable_text(action),
            object_type=storable_text(object_type),
            object_id=storable_text(object_id),
            case_id=storable_text(case_id),
            ip_address=who.ip_address,
            detail=storable(detail or {}),
            prev_hash=prev_hash,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


def _stored_entries() -> Iterator[dict[str, Any]]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        fields = event.hashed_fields()
        fields["hash"] = event.hash
        yield fields


@dataclass
class AuditReport:
    """The chain recomputed (`chain`), and the trail checked against its signed checkpoints."""

    chain: ChainReport
    tree: MerkleTree
    found: list[checkpoints.Stored] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems

    @property
    def checked(self) -> int:
        return self.chain.checked

    @property
    def broken_seq(self) -> int | None:
        return self.chain.broken_seq

    @property
    def problem(self) -> str:
        return self.chain.problem or (self.problems[0] if self.problems else "")

    def describe(self) -> str:
        lines = [] if self.chain.ok and self.problems else [self.chain.describe()]
        if self.problems:
            lines.insert(
                0, f"audit trail BROKEN: {len(self.problems)} problem(s) with its checkpoints"
            )
            lines += [f"  {problem}" for problem in self.problems]
            if self.chain.ok:
                lines.append(
                    f"  (the hash chain of the {self.checked} entries left is itself intact: "
                    "it was recomputed after the change)"
                )
            return "\n".join(lines)
        newest = checkpoints.latest(self.found)
        if newest is None:
            lines.append(
                "no signed checkpoint found: truncation or a recomputed chain cannot be ruled "
                "out until one is written (onrecord audit-checkpoint; hourly by the worker)"
            )
        elif self.chain.ok:
            count = sum(1 for s in self.found if s.checkpoint is not None)
            lines.append(
                f"matches its {count} signed checkpoint(s); the latest vouches for "
                f"{newest.size} entries (signed {newest.timestamp or 'at an unknown time'})"
            )
        return "\n".join(lines)


def verify() -> AuditReport:
    """Recompute the chain, then check the stored trail against every signed checkpoint kept
    outside the database (checkpoints.py): truncation and rewriting are named."""
    chain = verify_chain(_stored_entries())
    tree = MerkleTree(checkpoints.stored_leaves())
    found = checkpoints.all_checkpoints()
    return AuditReport(chain, tree, found, checkpoints.compare(tree, found))


def write_checkpoint() -> Checkpoint | None:
    """The periodic checkpoint: verify the whole chain, check it against the checkpoints so far,
    sign its head and store it. None when nothing was added since the latest checkpoint."""
    report = verify()
    if not report.ok:
        raise checkpoints.CheckpointRefused(report.describe())
    tree = report.tree
    newest = checkpoints.latest(report.found)
    if tree.size == 0 or (newest is not None and newest.size == tree.size):
        return None
    note = checkpoints.prepare(tree, found=report.found)
    checkpoints.publish_on_commit(note, tree)
    return checkpoints.parse_own(note)
