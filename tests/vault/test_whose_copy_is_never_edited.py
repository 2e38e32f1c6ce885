"""Whose recording a parent's copy is, and who provided it, are part of the original: never
changed, by the model or (on PostgreSQL) by a direct UPDATE."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from onrecord.cases.models import ImmutableRecordError
from onrecord.vault.models import Recording
from tests.support.parent_copies import Stored, person_of
from tests.support.personas import World


def test_the_family_member_cannot_be_changed(world: World, mothers_recording: Stored) -> None:
    recording = mothers_recording.recording
    recording.family_member = person_of(world, "father_of_jade")
    with pytest.raises(ImmutableRecordError, match="tried to change family_member"):
        recording.save()
    recording.refresh_from_db()
    recording.provided_by = world.users["social_worker"]
    with pytest.raises(ImmutableRecordError, match="tried to change provided_by"):
        recording.save()


@pytest.mark.postgres_only
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_changing_whose_copy_it_is(
    world: World, mothers_recording: Stored
) -> None:
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        QuerySet(Recording).filter(pk=mothers_recording.recording.pk).update(
            family_member=person_of(world, "father_of_jade")
        )
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        QuerySet(Recording).filter(pk=mothers_recording.recording.pk).update(family_member=None)
