"""A finished case note is never edited or deleted, only added to (issue 2, Mosaic's
'appendments'); on PostgreSQL the database itself refuses."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.utils import DatabaseError

from onrecord.cases.models import CaseNote, ImmutableRecordError
from onrecord.cases.services import append_to_case_note, write_case_note
from tests.support.personas import World


def test_finished_note_cannot_be_changed_through_the_model(world: World) -> None:
    note = write_case_note(world.case, world.users["social_worker"], "Visit", "Seen at home.")
    note.body = "Rewritten history"
    with pytest.raises(ImmutableRecordError):
        note.save()
    assert CaseNote.objects.get(pk=note.pk).body == "Seen at home."


def test_note_cannot_be_deleted(world: World) -> None:
    note = write_case_note(world.case, world.users["social_worker"], "Visit", "Seen.")
    with pytest.raises(ImmutableRecordError):
        note.delete()
    assert CaseNote.objects.filter(pk=note.pk).exists()


def test_appendment_names_the_note_it_adds_to(world: World) -> None:
    note = write_case_note(world.case, world.users["social_worker"], "Visit", "Seen.")
    added = append_to_case_note(note, world.users["chair"], "Chair's comment.")
    assert added.appends == note
    assert added.is_finished
    assert list(note.appendments.all()) == [added]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_to_change_or_delete_a_finished_note(world: World) -> None:
    note = write_case_note(world.case, world.users["social_worker"], "Visit", "Seen.")
    for sql in (
        "UPDATE cases_casenote SET body = 'x' WHERE id = %s",
        "DELETE FROM cases_casenote WHERE id = %s",
    ):
        with (
            pytest.raises((DatabaseError, IntegrityError, InternalError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [note.pk])
    assert CaseNote.objects.get(pk=note.pk).body == "Seen."
