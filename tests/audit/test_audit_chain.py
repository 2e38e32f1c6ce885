"""The audit trail is a hash chain: editing, deleting or reordering any entry is detected and
the first broken entry is named (issue 2)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from django.db import connection

from onrecord.audit import services
from onrecord.audit.chain import GENESIS_HASH, entry_hash, verify_chain
from onrecord.audit.models import AuditEvent
from tests.support.append_only import append_only_triggers_lifted
from tests.support.processes import env_for_test_database, run_child


def _append(n: int) -> list[AuditEvent]:
    return [
        services.record("view", object_type="cases.case", object_id=f"c{i}", detail={"i": i})
        for i in range(n)
    ]


def _tamper(sql: str, params: list[str | int]) -> None:
    """Change rows behind the application's back, as a malicious DBA could: the append-only
    triggers must be lifted first, by DDL (on PostgreSQL as the table's owner)."""
    with (
        append_only_triggers_lifted(connection, "audit_auditevent"),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


# Transactional: it starts from an empty trail (the first entry links to the genesis hash), not
# after the audit entries of the personas' world built for the session.
@pytest.mark.django_db(transaction=True)
def test_chain_links_each_entry_to_the_previous(db: None) -> None:
    events = _append(3)
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    report = services.verify()
    assert report.ok
    assert report.checked == 3


def test_stored_entries_verify_after_a_round_trip_through_the_database(db: None) -> None:
    _append(5)
    for event in AuditEvent.objects.all():
        assert event.compute_hash() == event.hash


def test_edited_entry_is_named(db: None) -> None:
    events = _append(5)
    _tamper("UPDATE audit_auditevent SET object_id = %s WHERE seq = %s", ["forged", events[2].seq])
    report = services.verify()
    assert not report.ok
    assert report.broken_seq == events[2].seq
    assert "edited" in report.problem


def test_edit_that_recomputes_the_hash_is_still_caught_by_the_next_link(db: None) -> None:
    events = _append(4)
    target = AuditEvent.objects.get(seq=events[1].seq)
    target.detail = {"i": 999}
    forged_hash = target.compute_hash()
    _tamper(
        "UPDATE audit_auditevent SET detail = %s, hash = %s WHERE seq = %s",
        ['{"i": 999}', forged_hash, target.seq],
    )
    report = services.verify()
    assert not report.ok
    assert report.broken_seq == events[2].seq


def test_deleted_entry_is_named(db: None) -> None:
    events = _append(5)
    _tamper("DELETE FROM audit_auditevent WHERE seq = %s", [events[2].seq])
    report = services.verify()
    assert not report.ok
    assert report.broken_seq == events[2].seq
    assert "deleted" in report.problem


def test_reordered_entries_are_named(db: None) -> None:
    events = _append(5)
    a, b = events[1], events[3]
    # Swap the contents of two entries, keeping each row's position: the order of history.
    _tamper("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [1000, a.seq])
    _tamper("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [a.seq, b.seq])
    _tamper("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [b.seq, 1000])
    report = services.verify()
    assert not report.ok
    assert report.broken_seq == a.seq


def test_pure_verifier_detects_each_kind_of_tampering() -> None:
    entries: list[dict[str, Any]] = []
    prev = GENESIS_HASH
    for seq in range(1, 5):
        entry: dict[str, Any] = {
            "seq": seq,
            "occurred_at": f"2026-11-24T10:0{seq}:00+00:00",
            "actor_id": 1,
            "actor_username": "priya.shah",
            "actor_role": "chair",
            "action": "view",
            "object_type": "cases.case",
            "object_id": "x",
            "case_id": "x",
            "ip_address": "127.0.0.1",
            "detail": {},
            "prev_hash": prev,
        }
        entry["hash"] = entry_hash(entry)
        prev = entry["hash"]
        entries.append(entry)
    assert verify_chain(entries).ok
    edited = [dict(e) for e in entries]
    edited[1]["actor_username"] = "someone.else"
    assert verify_chain(edited).broken_seq == 2
    assert verify_chain(entries[:1] + entries[2:]).broken_seq == 2
    assert verify_chain([entries[0], entries[2], entries[1], entries[3]]).broken_seq == 2


@pytest.mark.django_db(transaction=True)
def test_verify_audit_command_exits_nonzero_and_names_the_entry() -> None:
    events = _append(3)
    ok = run_child([sys.executable, "-m", "onrecord", "verify-audit"], env=env_for_test_database())
    assert ok.returncode == 0, ok.stderr
    assert "3 entries verified" in ok.stdout
    _tamper("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["forged", events[1].seq])
    broken = run_child(
        [sys.executable, "-m", "onrecord", "verify-audit"], env=env_for_test_database()
    )
    assert broken.returncode == 1
    assert f"entry {events[1].seq}" in broken.stderr
