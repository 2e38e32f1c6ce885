"""Records that are only ever added to: the audit trail's neighbours (meeting events, decisions'
versions, statements, transcripts, minutes, legal holds). A correction is a new row that names
the one it replaces; nothing is edited or deleted in place. On PostgreSQL each table also has a
trigger refusing UPDATE and DELETE (in its app's migrations), so raw SQL cannot do it either.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete a record that may only be added to."""


class WriteOnce(models.Model):
    """save() adds a row and refuses to change one, saying in plain English what to do
    instead. Deleting is left to the model: see AppendOnly for records never deleted."""

    refuse_change: ClassVar[str] = ""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableRecordError(
                self.refuse_change or f"A {self._meta.verbose_name} is never edited."
            )
        super().save(*args, **kwargs)


class AppendOnly(WriteOnce):
    """save() adds a row and refuses to change one; delete() refuses. Each model says, in plain
    English, what to do instead."""

    refuse_delete: ClassVar[str] = ""

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError(
            self.refuse_delete or f"A {self._meta.verbose_name} is never deleted."
        )
