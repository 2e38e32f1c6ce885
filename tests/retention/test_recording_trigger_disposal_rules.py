"""The recording's own trigger lets raw SQL do no more than disposal does: a data key is
destroyed only with disposed_at set, never under a legal hold, and a disposed recording never
changes again. PostgreSQL has had it since vault/0005; SQLite since vault/0008 (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from onrecord.retention.disposal import dispose, place_hold
from onrecord.vault.models import Recording
from tests.support.personas import World

pytestmark = pytest.mark.django_db


def _set(recording: Recording, assignments: str, params: list[Any]) -> None:
    pk = recording.id.hex if connection.vendor == "sqlite" else recording.id
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE vault_recording SET {assignments} WHERE id = %s",  # noqa: S608
            [*params, pk],
        )


def test_a_key_is_destroyed_only_by_disposal(warned_recording: Recording) -> None:
    with pytest.raises(DatabaseError, match="destroyed only by disposal"):
        _set(warned_recording, "wrapped_key = %s", [b""])
    assert bytes(Recording.objects.get(pk=warned_recording.pk).wrapped_key) != b""


def test_no_disposal_in_sql_under_a_legal_hold(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    place_hold(case=world.case, by=records_manager, reason="Proceedings", reference="P1")
    with pytest.raises(DatabaseError, match="legal hold"):
        _set(warned_recording, "wrapped_key = %s, disposed_at = %s", [b"", "2030-01-01"])
    assert Recording.objects.get(pk=warned_recording.pk).disposed_at is None


def test_a_disposed_recording_never_changes_again(
    warned_recording: Recording, records_manager: Any
) -> None:
    dispose(warned_recording, by=records_manager)
    with pytest.raises(DatabaseError, match="never changed"):
        _set(warned_recording, "kek_id = %s", ["other"])
    assert Recording.objects.get(pk=warned_recording.pk).kek_id == warned_recording.kek_id
