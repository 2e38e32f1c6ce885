"""A stored row of any model, made from its fields alone: for tests that check something of
every model of a kind (tests/test_append_only_layers.py), so that a model added later is
checked without anyone writing it a fixture. Foreign keys point at a row already there (the
personas' world) or at one made the same way; a one-to-one gets a row of its own."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from django.db import models
from django.utils import timezone

_counter = itertools.count(1_000_000)

# Values a field's type cannot guess: a check constraint, or what makes a row a finished record.
KNOWN: dict[str, Any] = {
    "sha256": "0" * 64,
}


def _value(field: models.Field[Any, Any]) -> Any:
    if field.name in KNOWN:
        return KNOWN[field.name]
    if field.choices:
        return next(iter(field.flatchoices))[0]
    n = next(_counter)
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return dt.date.today()
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.FloatField):
        return 1.0
    if isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField):
        return n % 32_000
    if isinstance(field, models.IntegerField):
        return n
    if isinstance(field, models.BinaryField):
        return b"stored"
    if isinstance(field, models.JSONField):
        return {"made": n}
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.CharField | models.TextField):
        text = f"r{n}-{uuid.uuid4().hex}"
        return text[: field.max_length] if field.max_length else text
    raise TypeError(f"no value for {field!r}: add it to KNOWN")


def make_row(model: type[models.Model], **given: Any) -> models.Model:
    """A new stored row of `model`: `given` values, else one for every field that needs one."""
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name in given or (field.primary_key and field.has_default()) or field.auto_created:
            continue
        if isinstance(field, models.AutoField):
            continue
        if field.is_relation:
            if field.null:
                continue
            related = field.related_model
            assert isinstance(related, type)
            existing = None if field.one_to_one else related._default_manager.first()
            values[field.name] = existing or make_row(related)
        elif field.has_default() or field.null:
            continue
        else:
            values[field.name] = _value(field)
    values.update(given)
    return model._default_manager.create(**values)
