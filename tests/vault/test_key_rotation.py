"""Rotation adds a key-encryption key and re-wraps data keys under it; the encrypted audio is
not touched (byte for byte), and recordings stay readable, including ones not yet re-wrapped."""

from __future__ import annotations

import hashlib
import io
import os

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Meeting
from onrecord.vault.ingest import ingest
from onrecord.vault.keys import KeyRing
from onrecord.vault.models import Recording
from onrecord.vault.services import open_recording, rewrap_all, verify_recording
from onrecord.vault.storage import FileBlobStore
from tests.vault import audio


def _blob_digest(store: FileBlobStore, recording: Recording) -> tuple[str, float]:
    path = store.root / recording.blob_name
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime


def test_rotation_rewraps_without_touching_the_audio(
    meeting: Meeting, store: FileBlobStore
) -> None:
    old_key = os.urandom(32)
    old_ring = KeyRing(keys={"k2024": old_key}, active_id="k2024")
    originals = [audio.wav(0.5 + i / 4) for i in range(3)]
    recordings = [
        ingest(io.BytesIO(o), meeting=meeting, kind="authority", store=store, keyring=old_ring)
        for o in originals
    ]
    before = [_blob_digest(store, r) for r in recordings]

    new_ring = KeyRing(keys={"k2024": old_key, "k2026": os.urandom(32)}, active_id="k2026")
    # Before re-wrapping, the new ring still reads everything (old keys stay in the ring).
    with open_recording(recordings[0], purpose="verify", store=store, keyring=new_ring) as r:
        assert r.read() == originals[0]

    assert rewrap_all(new_ring) == 3
    assert rewrap_all(new_ring) == 0
    assert set(Recording.objects.values_list("kek_id", flat=True)) == {"k2026"}
    assert [_blob_digest(store, r) for r in recordings] == before

    # The old key can now be retired: a ring without it reads every recording.
    retired = KeyRing(keys={"k2026": new_ring.keys["k2026"]}, active_id="k2026")
    for recording, original in zip(
        Recording.objects.order_by("created_at"), originals, strict=True
    ):
        assert recording.wrapped_key != b""
        with open_recording(recording, purpose="verify", store=store, keyring=retired) as r:
            assert r.read() == original
        assert verify_recording(recording, store=store, keyring=retired).ok

    changes = AuditEvent.objects.filter(action="change", object_type="vault.recording")
    assert changes.count() == 3
    assert all(sorted(e.detail["fields"]) == ["kek_id", "wrapped_key"] for e in changes)
