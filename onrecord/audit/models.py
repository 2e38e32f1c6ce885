from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from onrecord.append_only import AppendOnly
from onrecord.audit.chain import entry_hash


class AuditEvent(AppendOnly):
    """One entry of the append-only, hash-chained audit trail.

    The actor is copied, not linked: removing a user account must never cascade into the
    trail or change what it says happened. An entry is never changed or deleted: not by
    save() or delete(), not by the manager's update() or delete(), and not by raw SQL (a
    trigger on SQLite and on PostgreSQL).
    """

    refuse_change = (
        "An audit entry is never changed; what happened since is recorded as a new entry."
    )
    refuse_delete = "Audit entries are never deleted."

    seq = models.PositiveBigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    case_id = models.CharField(max_length=36, blank=True, db_index=True)
    ip_address = models.CharField(max_length=45, blank=True)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_id}"

    def hashed_fields(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.astimezone(dt.UTC).isoformat(),
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "actor_role": self.actor_role,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "case_id": self.case_id,
            "ip_address": self.ip_address,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        return entry_hash(self.hashed_fields())
