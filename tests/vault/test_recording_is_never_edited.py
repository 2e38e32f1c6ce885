"""No code path alters a stored original: the model refuses changes to content fields and
deletion; only the key wrapping may change. On PostgreSQL a trigger refuses it too."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from onrecord.cases.models import ImmutableRecordError, Meeting
from onrecord.vault.crypto import decrypt_bytes
from onrecord.vault.ingest import ingest
from onrecord.vault.keys import KeyRing
from onrecord.vault.models import Recording
from onrecord.vault.storage import FileBlobStore
from tests.vault import audio


@pytest.fixture
def stored_original(meeting: Meeting, store: FileBlobStore, ring: KeyRing) -> Recording:
    """A recording of the vault tests' own meeting, in their own store and key ring."""
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
def test_content_fields_cannot_be_changed(
    stored_original: Recording, field: str, value: object
) -> None:
    setattr(stored_original, field, value)
    with pytest.raises(ImmutableRecordError, match=f"never changed \\(tried to change {field}\\)"):
        stored_original.save()


def test_a_recording_cannot_be_deleted(stored_original: Recording) -> None:
    with pytest.raises(ImmutableRecordError, match="destroys the key"):
        stored_original.delete()
    assert Recording.objects.filter(pk=stored_original.pk).exists()


def test_the_key_wrapping_may_change(
    stored_original: Recording, ring: KeyRing, store: FileBlobStore
) -> None:
    content = {f: getattr(stored_original, f) for f in ("sha256", "size", "blob_name", "kind")}
    old_wrapped = bytes(stored_original.wrapped_key)
    rotated = KeyRing(keys={**ring.keys, "k2": os.urandom(32)}, active_id="k2")
    stored_original.kek_id, stored_original.wrapped_key = rotated.rewrap(
        stored_original.kek_id, old_wrapped, stored_original.id
    )
    stored_original.save(update_fields=["kek_id", "wrapped_key"])

    stored = Recording.objects.get(pk=stored_original.pk)
    assert stored.kek_id == "k2"
    assert bytes(stored.wrapped_key) == bytes(stored_original.wrapped_key) != old_wrapped
    assert {f: getattr(stored, f) for f in content} == content
    # The new wrapping opens the same audio: only the key's wrapping changed.
    data_key = rotated.unwrap(stored.kek_id, bytes(stored.wrapped_key), stored.id)
    with store.open(stored.blob_name) as blob:
        plain = decrypt_bytes(blob.read(), data_key, expected_recording_id=stored.id)
    assert hashlib.sha256(plain).hexdigest() == stored.sha256


@pytest.mark.postgres_only
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_a_direct_update_or_delete(stored_original: Recording) -> None:
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        QuerySet(Recording).filter(pk=stored_original.pk).update(sha256="0" * 64)
    with (
        pytest.raises(DatabaseError, match="never deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM vault_recording WHERE id = %s", [stored_original.pk])
    with transaction.atomic():
        QuerySet(Recording).filter(pk=stored_original.pk).update(kek_id="other")
