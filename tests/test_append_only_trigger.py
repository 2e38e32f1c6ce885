"""The append-only trigger that new migrations add (onrecord/append_only_trigger.py), applied
to a scratch table: rows can be added, never changed or deleted, except the columns named as
mutable. Runs on SQLite and, in the suite's PostgreSQL pass, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.state import ProjectState

from onrecord.append_only_trigger import AppendOnlyTrigger

# The schema editor cannot run inside a test's transaction on SQLite.
pytestmark = pytest.mark.django_db(transaction=True)

TABLE = "scratch_append_only"


def _sql(statement: str) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
        return int(cursor.rowcount)


def _apply(operation: AppendOnlyTrigger, *, forwards: bool = True) -> None:
    with connection.schema_editor() as editor:
        if forwards:
            operation.database_forwards("tests", editor, ProjectState(), ProjectState())
        else:
            operation.database_backwards("tests", editor, ProjectState(), ProjectState())


@pytest.fixture
def scratch() -> Iterator[str]:
    _sql("CREATE TABLE scratch_append_only (id integer PRIMARY KEY, body text, wrapped_key text)")
    _sql("INSERT INTO scratch_append_only (id, body, wrapped_key) VALUES (1, 'said', 'k1')")
    yield TABLE
    _apply(AppendOnlyTrigger(TABLE), forwards=False)
    _sql("DROP TABLE scratch_append_only")


def _body(row: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, wrapped_key FROM scratch_append_only WHERE id = %s", [row])
        found = cursor.fetchone()
    assert found is not None
    return found[0], found[1]


def test_rows_are_added_but_never_changed_or_deleted(scratch: str) -> None:
    _apply(AppendOnlyTrigger(scratch))
    added = _sql("INSERT INTO scratch_append_only (id, body, wrapped_key) VALUES (2, 'more', 'k')")
    assert added == 1
    with pytest.raises(DatabaseError, match="append-only: rows are never changed"):
        _sql("UPDATE scratch_append_only SET body = 'forged' WHERE id = 1")
    with pytest.raises(DatabaseError, match="append-only: rows are never changed"):
        _sql("UPDATE scratch_append_only SET wrapped_key = 'k2' WHERE id = 1")
    with pytest.raises(DatabaseError, match="append-only: rows are never deleted"):
        _sql("DELETE FROM scratch_append_only WHERE id = 1")
    assert _body(1) == ("said", "k1")


def test_named_columns_may_change_and_nothing_else(scratch: str) -> None:
    _apply(AppendOnlyTrigger(scratch, mutable_columns=("wrapped_key",)))
    assert _sql("UPDATE scratch_append_only SET wrapped_key = 'k2' WHERE id = 1") == 1
    with pytest.raises(DatabaseError, match="append-only: rows are never changed"):
        _sql("UPDATE scratch_append_only SET body = 'forged', wrapped_key = 'k3' WHERE id = 1")
    with pytest.raises(DatabaseError, match="append-only: rows are never deleted"):
        _sql("DELETE FROM scratch_append_only WHERE id = 1")
    assert _body(1) == ("said", "k2")


def test_unapplying_removes_the_guard(scratch: str) -> None:
    operation = AppendOnlyTrigger(scratch)
    _apply(operation)
    _apply(operation, forwards=False)
    assert _sql("UPDATE scratch_append_only SET body = 'changed' WHERE id = 1") == 1
    assert _sql("DELETE FROM scratch_append_only WHERE id = 1") == 1


def test_names_that_are_not_plain_identifiers_are_refused() -> None:
    with pytest.raises(ValueError, match="not a plain table or column name"):
        AppendOnlyTrigger("x; DROP TABLE audit_auditevent")
    with pytest.raises(ValueError, match="not a plain table or column name"):
        AppendOnlyTrigger("minutes_minutesversion", mutable_columns=("a'b",))


def test_it_is_written_into_migrations_like_any_operation() -> None:
    operation = AppendOnlyTrigger("vault_recording", mutable_columns=("wrapped_key", "kek_id"))
    assert operation.deconstruct() == (
        "AppendOnlyTrigger",
        ["vault_recording"],
        {"mutable_columns": ("wrapped_key", "kek_id")},
    )
    assert operation.describe() == (
        "Refuse UPDATE (but wrapped_key, kek_id) and DELETE on vault_recording"
    )


def test_a_draft_may_change_until_it_is_finished(scratch: str) -> None:
    _sql("ALTER TABLE scratch_append_only ADD COLUMN finished_at text")
    _apply(AppendOnlyTrigger(scratch, draft_until="finished_at"))
    assert _sql("UPDATE scratch_append_only SET body = 'redrafted' WHERE id = 1") == 1
    assert _sql("UPDATE scratch_append_only SET finished_at = 'now' WHERE id = 1") == 1
    with pytest.raises(DatabaseError, match="append-only: rows are never changed"):
        _sql("UPDATE scratch_append_only SET body = 'forged' WHERE id = 1")
    with pytest.raises(DatabaseError, match="append-only: rows are never deleted"):
        _sql("DELETE FROM scratch_append_only WHERE id = 1")
    assert _body(1) == ("redrafted", "k1")


def test_once_sealed_not_even_the_mutable_columns_change(scratch: str) -> None:
    _sql("ALTER TABLE scratch_append_only ADD COLUMN disposed_at text")
    operation = AppendOnlyTrigger(
        scratch, mutable_columns=("wrapped_key", "disposed_at"), sealed_by="disposed_at"
    )
    _apply(operation)
    assert _sql("UPDATE scratch_append_only SET wrapped_key = 'k2' WHERE id = 1") == 1
    assert _sql("UPDATE scratch_append_only SET wrapped_key = '', disposed_at = 'now'") == 1
    with pytest.raises(DatabaseError, match="append-only: rows are never changed"):
        _sql("UPDATE scratch_append_only SET wrapped_key = 'k3' WHERE id = 1")
    assert _body(1) == ("said", "")


def test_where_postgresql_keeps_its_own_trigger_only_sqlite_gets_one(scratch: str) -> None:
    _apply(AppendOnlyTrigger(scratch, on_postgresql=False))
    if connection.vendor == "sqlite":
        with pytest.raises(DatabaseError, match="append-only"):
            _sql("UPDATE scratch_append_only SET body = 'forged' WHERE id = 1")
    else:
        assert _sql("UPDATE scratch_append_only SET body = 'changed' WHERE id = 1") == 1
