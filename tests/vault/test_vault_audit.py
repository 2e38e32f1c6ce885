"""Every ingest and every read of a recording is written to the audit trail: who, when, which
recording and why; a recording that fails its checks is audited and named too."""

from __future__ import annotations

import io

import pytest

from onrecord.accounts.models import User
from onrecord.audit import services as audit
from onrecord.audit.context import Actor, acting_as
from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Meeting
from onrecord.vault.ingest import ingest
from onrecord.vault.keys import KeyRing
from onrecord.vault.models import Recording
from onrecord.vault.services import RecordingUnreadable, open_recording, verify_recording
from onrecord.vault.storage import FileBlobStore
from tests.vault import audio


@pytest.fixture
def chair(db: None) -> User:
    return User.objects.create(username="priya", role="chair")


def _ingest(meeting: Meeting, store: FileBlobStore, ring: KeyRing, user: User) -> Recording:
    with acting_as(Actor(user.pk, user.username, user.role, "10.0.0.1")):
        return ingest(
            io.BytesIO(audio.wav(1.0)),
            meeting=meeting,
            kind="authority",
            provided_by=user,
            store=store,
            keyring=ring,
        )


def test_ingest_is_audited_with_the_hash(
    meeting: Meeting, store: FileBlobStore, ring: KeyRing, chair: User
) -> None:
    recording = _ingest(meeting, store, ring, chair)
    event = AuditEvent.objects.get(action="vault.ingest")
    assert event.object_type == "vault.recording"
    assert event.object_id == str(recording.pk)
    assert event.case_id == str(meeting.case_id)
    assert event.actor_username == "priya"
    assert event.ip_address == "10.0.0.1"
    assert event.detail["sha256"] == recording.sha256
    assert AuditEvent.objects.filter(action="create", object_id=str(recording.pk)).exists()
    assert audit.verify().ok


@pytest.mark.parametrize("purpose", ["play", "download"])
def test_every_open_is_audited(
    meeting: Meeting, store: FileBlobStore, ring: KeyRing, chair: User, purpose: str
) -> None:
    recording = _ingest(meeting, store, ring, chair)
    listener = Actor(chair.pk, "priya", "chair", "10.0.0.2")
    for _ in range(2):
        with (
            acting_as(listener),
            open_recording(recording, purpose=purpose, store=store, keyring=ring) as reader,
        ):
            reader.read(10)
    events = AuditEvent.objects.filter(action="vault.open", object_id=str(recording.pk))
    assert events.count() == 2
    assert all(e.detail["purpose"] == purpose and e.ip_address == "10.0.0.2" for e in events)


def test_a_damaged_recording_is_audited_and_named(
    meeting: Meeting, store: FileBlobStore, ring: KeyRing, chair: User
) -> None:
    recording = _ingest(meeting, store, ring, chair)
    path = store.root / recording.blob_name
    damaged = bytearray(path.read_bytes())
    damaged[-5] ^= 0xFF
    path.chmod(0o600)
    path.write_bytes(bytes(damaged))
    with pytest.raises(RecordingUnreadable, match=f"recording {recording.pk}: chunk 0"):
        open_recording(recording, purpose="play", store=store, keyring=ring)
    failure = AuditEvent.objects.get(action="vault.integrity_failure")
    assert "chunk 0" in failure.detail["problem"]
    result = verify_recording(recording, store=store, keyring=ring)
    assert not result.ok
    assert "chunk 0" in result.problem


def test_verify_recomputes_the_hash(
    meeting: Meeting, store: FileBlobStore, ring: KeyRing, chair: User
) -> None:
    recording = _ingest(meeting, store, ring, chair)
    assert verify_recording(recording, store=store, keyring=ring).ok
    assert AuditEvent.objects.get(action="vault.verify").detail == {"ok": True}


def test_an_unknown_purpose_is_refused(
    meeting: Meeting, store: FileBlobStore, ring: KeyRing, chair: User
) -> None:
    recording = _ingest(meeting, store, ring, chair)
    with pytest.raises(ValueError, match="purpose"):
        open_recording(recording, purpose="browse", store=store, keyring=ring)
