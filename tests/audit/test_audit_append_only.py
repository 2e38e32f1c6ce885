"""The audit trail is append-only: on PostgreSQL the database refuses UPDATE and DELETE, and
changes to case data are recorded in the same transaction as the change."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from onrecord.audit import services
from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Person
from tests.support.personas import World

pytestmark = pytest.mark.django_db


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'forged' WHERE seq = %s",
        "DELETE FROM audit_auditevent WHERE seq = %s",
    ],
)
def test_postgresql_refuses_update_and_delete(sql: str) -> None:
    event = services.record("view", object_type="cases.case", object_id="x")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.seq])
    assert AuditEvent.objects.get(seq=event.seq).action == "view"


def test_creating_and_changing_case_data_is_audited_with_field_names_only(world: World) -> None:
    person = Person.objects.create(case=world.case, full_name="Aunt May", kind="family_member")
    created = AuditEvent.objects.latest("seq")
    assert (created.action, created.object_id, created.case_id) == (
        "create",
        str(person.pk),
        str(world.case.pk),
    )
    person.full_name = "May Whitfield"
    person.save()
    changed = AuditEvent.objects.latest("seq")
    assert changed.action == "change"
    assert changed.detail == {"fields": ["full_name"]}
    assert "May Whitfield" not in str(changed.detail)


def test_a_change_that_rolls_back_leaves_no_audit_entry(world: World) -> None:
    before = AuditEvent.objects.count()

    @transaction.atomic
    def add_then_crash() -> None:
        Person.objects.create(case=world.case, full_name="Ghost", kind="friend")
        raise RuntimeError("crash after the write")

    with pytest.raises(RuntimeError):
        add_then_crash()
    assert AuditEvent.objects.count() == before
    assert not Person.objects.filter(full_name="Ghost").exists()
    assert services.verify().ok
