"""On PostgreSQL the database itself allows only the disposal transition, once, and only with
no legal hold; the original stays fixed, and holds, releases, certificates and warnings are
append-only."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from onrecord.retention.disposal import dispose, place_hold
from onrecord.vault.models import (
    DisposalCertificate,
    LegalHold,
    Recording,
    RetentionWarning,
)
from tests.support.personas import World

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]


def _update(recording: Recording, **fields: Any) -> None:
    with transaction.atomic():
        QuerySet(Recording).filter(pk=recording.pk).update(**fields)


def test_the_original_is_still_fixed(warned_recording: Recording) -> None:
    with pytest.raises(DatabaseError, match="never changed"):
        _update(warned_recording, sha256="0" * 64)
    with (
        pytest.raises(DatabaseError, match="never deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM vault_recording WHERE id = %s", [warned_recording.pk])


def test_a_key_is_destroyed_only_with_disposed_at(warned_recording: Recording) -> None:
    with pytest.raises(DatabaseError, match="only by disposal"):
        _update(warned_recording, wrapped_key=b"")
    with pytest.raises(DatabaseError, match="changes nothing else"):
        _update(warned_recording, disposed_at=timezone.now())
    with pytest.raises(DatabaseError, match="changes nothing else"):
        _update(warned_recording, disposed_at=timezone.now(), wrapped_key=b"", kek_id="other")


def test_the_database_refuses_to_dispose_of_a_held_recording(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    place_hold(case=world.case, by=records_manager, reason="Proceedings", reference="ZC1")
    # Straight to the database, past every check in the service.
    with pytest.raises(DatabaseError, match="under legal hold"):
        _update(warned_recording, disposed_at=timezone.now(), wrapped_key=b"")


def test_a_disposed_row_never_changes_and_the_records_are_append_only(
    warned_recording: Recording, records_manager: Any
) -> None:
    certificate = dispose(warned_recording, by=records_manager)
    with pytest.raises(DatabaseError, match="never changed again"):
        _update(warned_recording, wrapped_key=b"\x01" * 61)
    with pytest.raises(DatabaseError, match="never changed again"):
        _update(warned_recording, disposed_at=None)
    for model, pk in [
        (DisposalCertificate, certificate.pk),
        (RetentionWarning, RetentionWarning.objects.get().pk),
    ]:
        table = model._meta.db_table
        with (
            pytest.raises(DatabaseError, match="only ever added"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
    hold = place_hold(
        case=warned_recording.meeting.case, by=records_manager, reason="R", reference="X"
    )
    with pytest.raises(DatabaseError, match="only ever added"), transaction.atomic():
        QuerySet(LegalHold).filter(pk=hold.pk).update(reason="edited")
