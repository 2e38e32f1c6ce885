"""The database's own guard for an append-only table, for NEW migrations: a trigger refusing
UPDATE and DELETE, so raw SQL cannot do what `AppendOnly` refuses in Python. It is written for
the database the migration runs on (PostgreSQL or SQLite). Older migrations keep the triggers
they wrote themselves; they are applied history and stay as they are.

    operations = [
        migrations.CreateModel(...),
        AppendOnlyTrigger("minutes_minutesversion"),
        AppendOnlyTrigger("vault_recording", mutable_columns=("wrapped_key", "kek_id")),
    ]

`mutable_columns` may change (as key rotation re-wraps a recording's key); an UPDATE that
changes any other column is refused. On PostgreSQL every other column is compared, including
columns added later; on SQLite the columns are those the table has when the migration runs.

`sealed_by="disposed_at"`: once that column is set, nothing changes again, not even the
mutable columns (a disposed recording). `draft_until="finished_at"`: while that column is
empty the row is a draft and may change; once it is set, nothing changes (a case note).
DELETE is always refused.

`on_postgresql=False` writes the SQLite trigger only, where an older migration's PostgreSQL
trigger already guards the table (they stay: applied history, and some check more than this
helper can say, such as a legal hold blocking disposal).

On SQLite, Django rebuilds a table to alter it (a new table, rows copied, the old one dropped),
and the old table's triggers go with it: a migration that alters an append-only table must add
its AppendOnlyTrigger again. tests/test_append_only_layers.py fails until it does.

The triggers have no way round them that a connection can switch on: there is no session flag
they read. Removing one takes DDL (DROP TRIGGER; on PostgreSQL, being the table's owner), which
the application never runs outside migrations. Tests flush SQLite tables with DELETE, so the
test settings' database backend (tests/support/sqlite_backend/) lifts the triggers around a
flush and puts them back, as any DDL could; PostgreSQL flushes with TRUNCATE, which row
triggers do not see (the application's role should not hold TRUNCATE: docs/DEPLOYMENT.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_PG_MAX_NAME = 63  # PostgreSQL truncates longer identifiers


def _checked(name: str) -> str:
    if not _NAME.match(name) or len(name) + len("_append_only") > _PG_MAX_NAME:
        raise ValueError(f"{name!r} is not a plain table or column name")
    return name


def postgresql_forward(
    table: str,
    mutable_columns: Sequence[str] = (),
    *,
    sealed_by: str | None = None,
    draft_until: str | None = None,
) -> list[str]:
    name = f"{table}_append_only"
    if draft_until:
        changed = f"OLD.{draft_until} IS NOT NULL"
    elif mutable_columns:
        keep = "ARRAY[" + ", ".join(f"'{c}'" for c in mutable_columns) + "]::text[]"
        changed = f"(to_jsonb(NEW) - {keep}) IS DISTINCT FROM (to_jsonb(OLD) - {keep})"
    else:
        changed = "TRUE"
    if sealed_by:
        changed = (
            f"({changed}) OR (OLD.{sealed_by} IS NOT NULL "
            "AND to_jsonb(NEW) IS DISTINCT FROM to_jsonb(OLD))"
        )
    return [
        f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% is append-only: rows are never deleted', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF {changed} THEN
        RAISE EXCEPTION '% is append-only: rows are never changed', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql""",
        f"""
CREATE TRIGGER {name}
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}()""",
    ]


def postgresql_backward(table: str) -> list[str]:
    name = f"{table}_append_only"
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]


def sqlite_forward(
    table: str,
    columns: Sequence[str],
    mutable_columns: Sequence[str] = (),
    *,
    sealed_by: str | None = None,
    draft_until: str | None = None,
) -> list[str]:
    fixed = [c for c in columns if c not in mutable_columns]
    when = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in fixed) if mutable_columns else ""
    if draft_until:
        when = f'OLD."{draft_until}" IS NOT NULL'
    if sealed_by:
        any_change = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns)
        sealed = f'(OLD."{sealed_by}" IS NOT NULL AND ({any_change}))'
        when = f"({when}) OR {sealed}" if when else sealed
    return [
        f"""
CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON "{table}"
{f"FOR EACH ROW WHEN {when}" if when else "FOR EACH ROW"}
BEGIN
    SELECT RAISE(ABORT, '{table} is append-only: rows are never changed');
END""",
        f"""
CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON "{table}"
FOR EACH ROW
BEGIN
    SELECT RAISE(ABORT, '{table} is append-only: rows are never deleted');
END""",
    ]


def sqlite_backward(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only_update",
        f"DROP TRIGGER IF EXISTS {table}_append_only_delete",
    ]


class AppendOnlyTrigger(Operation):
    """A migration operation: the append-only trigger on `table` (see the module docstring).
    Other databases get none, as before; the models still refuse in Python."""

    reversible = True
    reduces_to_sql = False

    def __init__(
        self,
        table: str,
        *,
        mutable_columns: Sequence[str] = (),
        sealed_by: str | None = None,
        draft_until: str | None = None,
        on_postgresql: bool = True,
    ) -> None:
        self.table = _checked(table)
        self.mutable_columns = tuple(_checked(c) for c in mutable_columns)
        self.sealed_by = _checked(sealed_by) if sealed_by else None
        self.draft_until = _checked(draft_until) if draft_until else None
        if self.draft_until and (self.mutable_columns or self.sealed_by):
            raise ValueError("a draft may change any column until it is finished: name no others")
        self.on_postgresql = on_postgresql

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs: dict[str, Any] = {}
        if self.mutable_columns:
            kwargs["mutable_columns"] = self.mutable_columns
        if self.sealed_by:
            kwargs["sealed_by"] = self.sealed_by
        if self.draft_until:
            kwargs["draft_until"] = self.draft_until
        if not self.on_postgresql:
            kwargs["on_postgresql"] = False
        return (self.__class__.__qualname__, [self.table], kwargs)

    def _applies_to(self, vendor: str) -> bool:
        return vendor == "sqlite" or (vendor == "postgresql" and self.on_postgresql)

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass  # a trigger is not part of Django's model state

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        connection = schema_editor.connection
        if not self._applies_to(connection.vendor):
            return
        rules = {"sealed_by": self.sealed_by, "draft_until": self.draft_until}
        if connection.vendor == "postgresql":
            statements = postgresql_forward(self.table, self.mutable_columns, **rules)
        else:
            with connection.cursor() as cursor:
                described = connection.introspection.get_table_description(cursor, self.table)
            columns = [column.name for column in described]
            statements = sqlite_forward(self.table, columns, self.mutable_columns, **rules)
        for sql in statements:
            schema_editor.execute(sql, params=None)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        vendor = schema_editor.connection.vendor
        if not self._applies_to(vendor):
            return
        if vendor == "postgresql":
            statements = postgresql_backward(self.table)
        else:
            statements = sqlite_backward(self.table)
        for sql in statements:
            schema_editor.execute(sql, params=None)

    def describe(self) -> str:
        allowed = f" (but {', '.join(self.mutable_columns)})" if self.mutable_columns else ""
        if self.draft_until:
            allowed = f" (while {self.draft_until} is empty)"
        if self.sealed_by:
            allowed += f" (nothing once {self.sealed_by} is set)"
        where = "" if self.on_postgresql else " (SQLite; PostgreSQL keeps its own trigger)"
        return f"Refuse UPDATE{allowed} and DELETE on {self.table}{where}"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.table}_append_only"
