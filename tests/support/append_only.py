"""Lifting the append-only triggers for a moment, as only DDL can (tests only): to flush the
test database between transactional tests on SQLite (Django's flush there is `DELETE FROM`,
which the triggers refuse), and to tamper with a table as a malicious database administrator
could, so a test can check what detects it.

On PostgreSQL the table owner switches the table's triggers off (`ALTER TABLE … DISABLE
TRIGGER USER`); on SQLite the triggers are dropped and created again from the SQL SQLite keeps
for them. Either is DDL the application never runs outside migrations.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def append_only_triggers_lifted(connection: Any, *tables: str) -> Iterator[None]:
    """Within one transaction, the append-only triggers of `tables` (all tables when none is
    named) are off; they are back when it ends, whether it commits or rolls back."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
            try:
                yield
            finally:
                for table in tables:
                    cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
            return
        cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = [
            (name, sql)
            for name, table, sql in cursor.fetchall()
            if "_append_only_" in name and (not tables or table in tables)
        ]
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)
