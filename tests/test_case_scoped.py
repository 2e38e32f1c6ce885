"""Every model whose rows the audit trail files under a case resolves `audit_case_id` from its
`case_path`: each step of the path is a link to another model, and the last is the case's id."""

from __future__ import annotations

import uuid

import pytest
from django.apps import apps
from django.db import models

from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Case

CASE_SCOPED = sorted(
    (m for m in apps.get_models() if hasattr(m, "audit_case_id")), key=lambda m: m._meta.label
)


def _linked(model: type[models.Model], path: list[str], case_id: uuid.UUID) -> models.Model:
    """An unsaved row of `model` whose `path` leads, through unsaved related rows, to case_id."""
    row = model()
    name, *rest = path
    if not rest:
        field = model._meta.get_field(name.removesuffix("_id"))
        is_pk = model is Case and getattr(field, "primary_key", False)
        assert is_pk or field.related_model is Case, f"{model._meta.label}.{name}: not a case id"
        setattr(row, name, case_id)
        return row
    related = model._meta.get_field(name).related_model
    assert isinstance(related, type), f"{model._meta.label}.{name} is not a link"
    assert issubclass(related, models.Model)
    setattr(row, name, _linked(related, rest, case_id))
    return row


def test_the_hand_written_properties_are_all_replaced() -> None:
    assert len(CASE_SCOPED) >= 37
    assert all(issubclass(m, CaseScoped) for m in CASE_SCOPED)


@pytest.mark.parametrize("model", CASE_SCOPED, ids=lambda m: m._meta.label)
def test_each_model_resolves_its_case(model: type[models.Model]) -> None:
    assert issubclass(model, CaseScoped)
    case_id = uuid.uuid4()
    row = _linked(model, model.case_path.split("."), case_id)
    assert row.audit_case_id == str(case_id)  # type: ignore[attr-defined]
