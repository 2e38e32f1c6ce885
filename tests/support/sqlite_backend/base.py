"""The test settings' SQLite backend: Django's own, but a flush (between transactional tests,
where Django empties every table with `DELETE FROM`) lifts the append-only triggers for its
transaction and puts them back (tests/support/append_only.py). Nothing else differs: every
other statement meets the triggers exactly as the application's connection does."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.backends.sqlite3 import base, operations

from tests.support.append_only import append_only_triggers_lifted


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list: Iterable[str]) -> None:
        with append_only_triggers_lifted(self.connection):
            super().execute_sql_flush(sql_list)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
