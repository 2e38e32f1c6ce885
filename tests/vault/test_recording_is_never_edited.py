"""No code path alters a stored original: the model refuses changes to content fields and
deletion; only the key wrapping may change. On PostgreSQL a trigger refuses it too."""

from __future__ import annotations

import io

import pytest
from django.db import DatabaseError, connection, transaction

from onrecord.cases.models import ImmutableRecordError, Meeting
from onrecord.vault.ingest import ingest
from onrecord.vault.keys import KeyRing
from onrecord.vault.models import Recording
from onrecord.vault.storage import FileBlobStore
from tests.vault import audio


@pytest.fixture
def recording(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> Recording:
    return ingest(
        io.BytesIO(audio.wav(1.0)), meeting=meeting, kind="authority", store=store, keyring=ring
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sha256", "0" * 64),
        ("size", 1),
        ("blob_name", "00/00000000-0000-0000-0000-000000000000.orv"),
        ("duration_seconds", 99.0),
        ("original_filename", "renamed.wav"),
        ("kind", "parent_copy"),
    ],
)
def test_content_fields_cannot_be_changed(recording: Recording, field: str, value: object) -> None:
    setattr(recording, field, value)
    with pytest.raises(ImmutableRecordError, match=f"never changed \\(tried to change {field}\\)"):
        recording.save()


def test_a_recording_cannot_be_deleted(recording: Recording) -> None:
    with pytest.raises(ImmutableRecordError, match="destroys the key"):
        recording.delete()
    assert Recording.objects.filter(pk=recording.pk).exists()


def test_the_key_wrapping_may_change(recording: Recording, ring: KeyRing) -> None:
    recording.kek_id, recording.wrapped_key = ring.rewrap(
        recording.kek_id, bytes(recording.wrapped_key), recording.id
    )
    recording.save(update_fields=["kek_id", "wrapped_key"])


@pytest.mark.postgres_only
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_a_direct_update_or_delete(recording: Recording) -> None:
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        Recording.objects.filter(pk=recording.pk).update(sha256="0" * 64)
    with (
        pytest.raises(DatabaseError, match="never deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM vault_recording WHERE id = %s", [recording.pk])
    with transaction.atomic():
        Recording.objects.filter(pk=recording.pk).update(kek_id="other")
