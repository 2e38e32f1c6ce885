"""Changing the audit trail behind the application's back, as whoever holds the database could:
the append-only triggers are switched off first (PostgreSQL: ALTER TABLE ... DISABLE TRIGGER,
which needs the table's owner; SQLite: the triggers are dropped and put back, which needs write
access to the file), so these helpers work whichever triggers a migration has added."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from onrecord.audit.chain import entry_hash
from onrecord.audit.models import AuditEvent

TABLE = "audit_auditevent"


@contextmanager
def triggers_off() -> Iterator[Any]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
            try:
                yield cursor
            finally:
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [TABLE],
        )
        saved = cursor.fetchall()
        for name, _ in saved:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield cursor
        finally:
            for _, sql in saved:
                cursor.execute(sql)


def execute(sql: str, params: Sequence[Any] = ()) -> None:
    with triggers_off() as cursor:
        cursor.execute(sql, list(params))


def delete_newest(count: int) -> list[int]:
    """Delete the newest `count` entries; returns their seqs."""
    seqs = list(AuditEvent.objects.order_by("-seq").values_list("seq", flat=True)[:count])
    with triggers_off() as cursor:
        for seq in seqs:
            cursor.execute(f"DELETE FROM {TABLE} WHERE seq = %s", [seq])  # noqa: S608 (a constant)
    return sorted(seqs)


def rechain_from(seq: int, **changes: Any) -> None:
    """Rewrite entry `seq` with `changes`, then recompute its hash and every later entry's link
    and hash, so the chain on its own verifies again."""
    events = list(AuditEvent.objects.filter(seq__gte=seq).order_by("seq"))
    previous = (
        AuditEvent.objects.filter(seq__lt=seq)
        .order_by("-seq")
        .values_list("hash", flat=True)
        .first()
    )
    with triggers_off() as cursor:
        for event in events:
            if event.seq == seq:
                for name, value in changes.items():
                    setattr(event, name, value)
            if previous is not None:
                event.prev_hash = previous
            event.hash = entry_hash(event.hashed_fields())
            cursor.execute(
                f"UPDATE {TABLE} SET action = %s, object_id = %s, ip_address = %s, detail = %s, "  # noqa: S608
                "actor_username = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                [
                    event.action,
                    event.object_id,
                    event.ip_address,
                    json.dumps(event.detail),
                    event.actor_username,
                    event.prev_hash,
                    event.hash,
                    event.seq,
                ],
            )
            previous = event.hash
