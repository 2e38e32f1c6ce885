"""Records that are only ever added to: the audit trail and its neighbours (meeting events,
versions of statements, transcripts and minutes, speaker names, legal holds and their releases,
disposal certificates, decisions, issued declarations, finished case notes, a recording's
original). A correction is a new row that names the one it replaces; nothing is edited or
deleted in place.

Every layer refuses it, so no single slip rewrites the record:

- the model: `save()` of an existing row and `delete()` raise `ImmutableRecordError`, saying in
  plain English what to do instead (`refuse_change`, `refuse_delete`);
- the ORM's bulk paths: the default manager of every such model (and so its related managers,
  `meeting.events`) is built on
  `AppendOnlyQuerySet`, which refuses `update()`, `delete()`, `bulk_update()` and
  `bulk_create(update_conflicts=True)`, so `Model.objects.filter(...).update(...)` (which calls
  no `save()` and writes no audit entry) raises instead of rewriting rows. The few changes a
  record allows (a recording's key re-wrapped or destroyed at disposal, a case note while it
  is a draft) go through the model's `save()`, which checks them;
- the database: a trigger on each table refuses UPDATE and DELETE from raw SQL
  (`append_only_trigger.AppendOnlyTrigger`, on SQLite and PostgreSQL).

`append_only_models()` lists every model that says it is such a record (`append_only_record`);
tests/test_append_only_layers.py checks every layer for each of them, so a new one that lacks a
layer fails the suite.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

from django.apps import apps
from django.db import models


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete a record that may only be added to."""


def refusal_to_change(model: type[models.Model]) -> str:
    said: str = getattr(model, "refuse_change", "")
    return said or f"A {model._meta.verbose_name} is never changed; add a new one instead."


def refusal_to_delete(model: type[models.Model]) -> str:
    said: str = getattr(model, "refuse_delete", "")
    return said or f"A {model._meta.verbose_name} is never deleted."


_M = TypeVar("_M", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_M]):
    """A QuerySet that adds rows and never changes or deletes them: `update()`,
    `bulk_update()`, `bulk_create(update_conflicts=True)`, `delete()` (and `_raw_delete`, the
    fast path Django's deletion collector takes) raise the model's own refusal. A change the
    model allows goes through its `save()`, which checks it (`save()` writes through Django's
    internal `_update`, not through these)."""

    def update(self, **kwargs: Any) -> int:
        raise ImmutableRecordError(refusal_to_change(self.model))

    def bulk_update(
        self, objs: Iterable[_M], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        raise ImmutableRecordError(refusal_to_change(self.model))

    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        if kwargs.get("update_conflicts") or (len(args) >= 3 and args[2]):
            raise ImmutableRecordError(refusal_to_change(self.model))
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError(refusal_to_delete(self.model))

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def _raw_delete(self, using: Any) -> int:
        raise ImmutableRecordError(refusal_to_delete(self.model))


AppendOnlyManager = models.Manager.from_queryset(AppendOnlyQuerySet)


class WriteOnce(models.Model):
    """save() adds a row and refuses to change one, saying in plain English what to do
    instead. Alone it guards nothing else: a record uses AppendOnly, which also refuses
    deletion and the manager's bulk changes, and gets its triggers (tests/test_append_only_
    layers.py fails for a WriteOnce model that is not also AppendOnly)."""

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
    """save() adds a row and refuses to change one; delete() refuses, and so do the manager's
    update() and delete(). Each model says, in plain English, what to do instead."""

    append_only_record: ClassVar[bool] = True
    refuse_delete: ClassVar[str] = ""

    objects = AppendOnlyManager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError(
            self.refuse_delete or f"A {self._meta.verbose_name} is never deleted."
        )


def append_only_models() -> list[type[models.Model]]:
    """Every installed model that is a record only ever added to (`append_only_record`)."""
    return sorted(
        (model for model in apps.get_models() if getattr(model, "append_only_record", False)),
        key=lambda model: model._meta.label,
    )
