"""Disposal destroys the recording's wrapped data key: with the real vault (AES-256-GCM, files
on disk, the configured key ring) the audio can no longer be decrypted by anyone, even from a
copy of its file taken beforehand."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import ImmutableRecordError
from onrecord.retention.disposal import dispose
from onrecord.vault import crypto
from onrecord.vault.disposed import RecordingDisposed
from onrecord.vault.ingest import default_keyring, default_store
from onrecord.vault.keys import KeyRing, UnwrapError
from onrecord.vault.models import KEY_TOMBSTONE, Recording
from onrecord.vault.services import open_recording, rewrap_all
from tests.vault.conftest import make_ring


def test_the_key_is_destroyed_and_the_audio_cannot_be_decrypted(
    warned_recording: Recording, records_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    recording = warned_recording
    store, ring = default_store(), default_keyring()
    wrapped = bytes(recording.wrapped_key)
    with store.open(recording.blob_name) as blob:
        stolen = blob.read()  # a copy of the encrypted file taken before disposal
    with open_recording(recording, purpose="verify") as before:
        assert before.read(4) == b"RIFF"

    with django_capture_on_commit_callbacks(execute=True):
        dispose(recording, by=records_manager)

    stored = Recording.objects.get(pk=recording.pk)
    assert bytes(stored.wrapped_key) == KEY_TOMBSTONE
    assert stored.disposed_at is not None
    assert stored.kek_id == recording.kek_id
    assert not store.exists(stored.blob_name), "the encrypted file is deleted after the key"
    # Nothing left in the row can be unwrapped, by the real key ring…
    with pytest.raises(UnwrapError, match="damaged"):
        ring.unwrap(stored.kek_id, bytes(stored.wrapped_key), stored.id)
    # …and the stolen file does not open under any other key.
    with pytest.raises(crypto.TamperedError):
        crypto.DecryptingReader(
            io.BytesIO(stolen), make_ring("x").keys["x"], expected_recording_id=stored.id
        )
    # The old wrapped key is not kept anywhere in the audit trail either.
    assert not any(wrapped.hex() in str(e.detail) for e in AuditEvent.objects.all())


def test_the_vault_says_it_was_disposed_of_rather_than_damaged(
    warned_recording: Recording, records_manager: Any
) -> None:
    dispose(warned_recording, by=records_manager)
    stored = Recording.objects.get(pk=warned_recording.pk)
    with pytest.raises(RecordingDisposed, match=r"was disposed of on .* certificate \d+"):
        open_recording(stored, purpose="play")
    assert not AuditEvent.objects.filter(action="vault.integrity_failure").exists()


def test_nothing_about_a_disposed_recording_changes_again(
    warned_recording: Recording, records_manager: Any
) -> None:
    dispose(warned_recording, by=records_manager)
    stored = Recording.objects.get(pk=warned_recording.pk)
    stored.wrapped_key = b"\x01" * 61
    with pytest.raises(ImmutableRecordError, match="was disposed of"):
        stored.save()
    # Key rotation passes it by: there is no key left to re-wrap.
    ring = default_keyring()
    rotated = KeyRing(keys={**ring.keys, "k-new": os.urandom(32)}, active_id="k-new")
    assert rewrap_all(rotated) == 0
    assert bytes(Recording.objects.get(pk=stored.pk).wrapped_key) == KEY_TOMBSTONE


def test_a_key_is_destroyed_only_by_disposal(warned_recording: Recording) -> None:
    recording = Recording.objects.get(pk=warned_recording.pk)
    recording.wrapped_key = KEY_TOMBSTONE
    with pytest.raises(ImmutableRecordError, match="only by disposal"):
        recording.save()
    recording = Recording.objects.get(pk=warned_recording.pk)
    recording.disposed_at = recording.created_at
    with pytest.raises(ImmutableRecordError, match="Disposal destroys the data key"):
        recording.save()
