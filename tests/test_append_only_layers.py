"""Every record that is only ever added to (onrecord/append_only.py) is guarded at every layer:
the model's save() and delete(), the manager's update(), delete(), bulk_update() and upserting
bulk_create(), and a database trigger against raw SQL (SQLite here; PostgreSQL in the suite's
PostgreSQL pass). The tests run over the registry, `append_only_models()`, so a new append-only
model that lacks any layer fails here (issue 16, failure 2)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from onrecord.append_only import (
    AppendOnly,
    ImmutableRecordError,
    WriteOnce,
    append_only_models,
    refusal_to_change,
    refusal_to_delete,
)
from tests.support.append_only_rows import make_row
from tests.support.personas import World

MODELS = append_only_models()
LABELS = [model._meta.label for model in MODELS]

# The records the issue names, at the least: the registry may grow, never lose one of these.
KNOWN_RECORDS = {
    "audit.AuditEvent",
    "cases.CaseNote",
    "meetings.MeetingEvent",
    "minutes.MinutesDraft",
    "minutes.MinutesVersion",
    "recording_requests.Decision",
    "recording_requests.DeclarationDocument",
    "recording_requests.Revocation",
    "recording_requests.TimelineEntry",
    "transcripts.SpeakerLabel",
    "transcripts.TranscriptVersion",
    "vault.DisposalCertificate",
    "vault.ExplanatoryStatement",
    "vault.LegalHold",
    "vault.LegalHoldRelease",
    "vault.Recording",
    "vault.RetentionWarning",
}

# What makes a stored row a finished record (a case note is a draft until it is finished).
FINISHED: dict[str, dict[str, Any]] = {"cases.CaseNote": {"finished_at": timezone.now()}}

every_model = pytest.mark.parametrize("model", MODELS, ids=LABELS)


def _stored(model: type[models.Model]) -> models.Model:
    return make_row(model, **FINISHED.get(model._meta.label, {}))


def _rewrite(model: type[models.Model], row: models.Model) -> tuple[models.Field[Any, Any], Any]:
    """A column of the record's content that no rule lets change (a recording's key wrapping
    may change; its file name may not), and a different value for it."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not field.is_relation
        and not field.unique
        and field.name not in {"wrapped_key", "kek_id", "disposed_at", "finished_at"}
    ]
    for kind, changed in (
        (models.CharField | models.TextField, lambda old: f"{old}-rewritten"),
        (models.DateTimeField, lambda old: old + dt.timedelta(days=1)),
        (models.JSONField, lambda old: {"rewritten": True}),
    ):
        for field in fields:
            if isinstance(field, kind) and not field.choices:
                return field, changed(getattr(row, field.attname))
    raise AssertionError(f"{model._meta.label} has no column to try to rewrite")


def _as_stored(row: models.Model) -> dict[str, Any]:
    model = type(row)
    values = model._base_manager.filter(pk=row.pk).values().get()
    return {
        key: bytes(value) if isinstance(value, memoryview) else value
        for key, value in values.items()
    }


def test_the_registry_holds_every_record_the_issue_names() -> None:
    assert set(LABELS) >= KNOWN_RECORDS


def test_every_write_once_model_is_registered() -> None:
    from django.apps import apps

    subclasses = {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, WriteOnce | AppendOnly)
    }
    assert subclasses <= set(LABELS)


@every_model
def test_saving_a_stored_record_again_is_refused(model: type[models.Model], world: World) -> None:
    row = _stored(model)
    before = _as_stored(row)
    field, value = _rewrite(model, row)
    setattr(row, field.attname, value)
    with pytest.raises(ImmutableRecordError), transaction.atomic():
        row.save()
    assert _as_stored(row) == before


@every_model
def test_deleting_a_record_is_refused(model: type[models.Model], world: World) -> None:
    row = _stored(model)
    with pytest.raises(ImmutableRecordError, match=re.escape(refusal_to_delete(model))):
        row.delete()
    assert model._base_manager.filter(pk=row.pk).exists()


@every_model
def test_the_manager_refuses_to_update(model: type[models.Model], world: World) -> None:
    row = _stored(model)
    before = _as_stored(row)
    field, value = _rewrite(model, row)
    manager = model._default_manager
    attempts: list[Callable[[], object]] = [
        lambda: manager.filter(pk=row.pk).update(**{field.name: value}),
        lambda: manager.update(**{field.name: value}),
        lambda: manager.select_for_update().filter(pk=row.pk).update(**{field.name: value}),
        lambda: manager.bulk_update([row], [field.name]),
        lambda: manager.bulk_create(
            [row], update_conflicts=True, update_fields=[field.name], unique_fields=["pk"]
        ),
    ]
    for attempt in attempts:
        with (
            pytest.raises(ImmutableRecordError, match=re.escape(refusal_to_change(model))),
            transaction.atomic(),
        ):
            attempt()
    assert _as_stored(row) == before


@every_model
def test_the_manager_refuses_to_delete(model: type[models.Model], world: World) -> None:
    row = _stored(model)
    manager = model._default_manager
    attempts: list[Callable[[], object]] = [
        lambda: manager.filter(pk=row.pk).delete(),
        lambda: manager.all().delete(),
        lambda: manager.select_for_update().filter(pk=row.pk).delete(),
    ]
    for attempt in attempts:
        with (
            pytest.raises(ImmutableRecordError, match=re.escape(refusal_to_delete(model))),
            transaction.atomic(),
        ):
            attempt()
    assert manager.filter(pk=row.pk).exists()


def _raw(sql: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@every_model
def test_the_database_refuses_an_update_in_sql(model: type[models.Model], world: World) -> None:
    row = _stored(model)
    before = _as_stored(row)
    table, pk = model._meta.db_table, model._meta.pk
    assert pk is not None
    field, value = _rewrite(model, row)
    with pytest.raises(DatabaseError):
        _raw(
            f'UPDATE "{table}" SET "{field.column}" = %s WHERE "{pk.column}" = %s',  # noqa: S608
            [field.get_db_prep_value(value, connection), pk.get_db_prep_value(row.pk, connection)],
        )
    assert _as_stored(row) == before


@every_model
def test_the_database_refuses_a_delete_in_sql(model: type[models.Model], world: World) -> None:
    row = _stored(model)
    table, pk = model._meta.db_table, model._meta.pk
    assert pk is not None
    with pytest.raises(DatabaseError):
        _raw(
            f'DELETE FROM "{table}" WHERE "{pk.column}" = %s',  # noqa: S608
            [pk.get_db_prep_value(row.pk, connection)],
        )
    with pytest.raises(DatabaseError):
        _raw(f'DELETE FROM "{table}"', [])  # noqa: S608
    assert model._base_manager.filter(pk=row.pk).exists()
