"""When a family's recording is disposed of (retention), its receipt keeps none of the phone's
own tags (which may hold a place): they are removed in the disposal's transaction, with an audit
entry. What proves what was held and when stays: the recording's SHA-256 and size, who gave it,
how it was obtained, when it was received, the technical metadata, the SHA-256 of the tags
removed, and the audit chain. The receipt changes that once only, and never before disposal."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import av
import numpy as np
import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.append_only import ImmutableRecordError
from onrecord.audit.context import Actor, acting_as
from onrecord.audit.models import AuditEvent
from onrecord.audit.services import verify
from onrecord.cases.models import Meeting
from onrecord.retention.disposal import dispose
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from onrecord.vault.models.provenance import Receipt, tags_digest
from onrecord.vault.provenance.services import record_receipt
from tests.retention.conftest import warn
from tests.support.personas import World

PLACE = "+51.5074-000.1278/"


def phone_recording() -> bytes:
    """Two seconds of AAC in an M4A, tagged as a phone tags it: where and when it was made."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="ipod") as out:
        out.metadata["location"] = PLACE
        out.metadata["creation_time"] = "2023-03-27T14:30:00.000000Z"
        stream = out.add_stream("aac", rate=16000, layout="mono")
        assert isinstance(stream, av.AudioStream)
        t = np.arange(16000 * 2) / 16000
        pcm = (np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = 16000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return buffer.getvalue()


@pytest.fixture
def received(world: World, short_retention: Path) -> Receipt:
    """Dana's own recording of the conference, held three years ago, received with its
    receipt; due, and its owner warned long enough ago to dispose of it."""
    Meeting.objects.filter(pk=world.meeting.pk).update(
        scheduled_start=timezone.now() - dt.timedelta(days=3 * 365)
    )
    world.meeting.refresh_from_db()
    worker = world.users["social_worker"]
    with acting_as(Actor(worker.pk, worker.username, worker.role, "10.0.0.8")):
        recording = ingest(
            io.BytesIO(phone_recording()),
            meeting=world.meeting,
            kind=Recording.Kind.PARENT_COPY,
            provided_by=worker,
            original_filename="dana-phone.m4a",
        )
        receipt = record_receipt(
            recording, obtained="own_device", given_by="Dana Whitfield", received_by=worker
        )
    assert warn() == 1
    return receipt


def test_disposal_removes_the_tags_and_keeps_the_proof(
    received: Receipt, records_manager: User
) -> None:
    held = dict(received.metadata)
    assert held["tags"]["location"] == PLACE  # the phone's place, kept until disposal
    recording = received.recording
    dispose(recording, by=records_manager)

    receipt = Receipt.objects.get(pk=received.pk)
    assert "tags" not in receipt.metadata
    assert "stream_tags" not in receipt.metadata
    assert "creation_time" not in receipt.metadata
    assert PLACE not in str(receipt.metadata)
    assert receipt.tags_removed_at is not None
    assert receipt.removed_tags_sha256 == tags_digest(held)
    # What was held, and when, stays.
    for key in ("container", "codec", "duration_seconds", "sample_rate", "channels", "tool"):
        assert receipt.metadata[key] == held[key]
    assert (receipt.given_by, receipt.obtained) == ("Dana Whitfield", "own_device")
    assert receipt.received_at == received.received_at
    stored = Recording.objects.get(pk=recording.pk)
    assert (stored.sha256, stored.size) == (recording.sha256, recording.size)
    removed = AuditEvent.objects.get(action="vault.provenance_tags_removed")
    assert removed.detail == {
        "sha256": recording.sha256,
        "removed_tags_sha256": receipt.removed_tags_sha256,
    }
    assert AuditEvent.objects.filter(action="vault.provenance_received").exists()
    assert verify().chain.ok


def test_the_tags_stay_until_the_recording_is_disposed_of(received: Receipt) -> None:
    receipt = Receipt.objects.get(pk=received.pk)
    receipt.metadata = {k: v for k, v in receipt.metadata.items() if k != "tags"}
    receipt.removed_tags_sha256 = tags_digest(received.metadata)
    receipt.tags_removed_at = timezone.now()
    with pytest.raises(ImmutableRecordError, match="changes once only"):
        receipt.save()
    assert Receipt.objects.get(pk=received.pk).metadata["tags"]["location"] == PLACE


def test_after_removal_the_receipt_never_changes_again(
    received: Receipt, records_manager: User
) -> None:
    dispose(received.recording, by=records_manager)
    receipt = Receipt.objects.get(pk=received.pk)
    receipt.given_by = "Someone else"
    with pytest.raises(ImmutableRecordError):
        receipt.save()
    receipt = Receipt.objects.get(pk=received.pk)
    receipt.metadata = {**receipt.metadata, "tags": {"location": PLACE}}
    with pytest.raises(ImmutableRecordError):
        receipt.save()


def test_the_database_refuses_other_changes_and_a_second_removal(
    received: Receipt, records_manager: User
) -> None:
    """The trigger: before disposal only the tag columns may change (the model checks the
    rest); once tags_removed_at is set, nothing changes."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE vault_receipt SET given_by = 'Someone else' WHERE id = %s", [received.pk]
        )
    dispose(received.recording, by=records_manager)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE vault_receipt SET removed_tags_sha256 = '' WHERE id = %s", [received.pk]
        )
    assert Receipt.objects.get(pk=received.pk).removed_tags_sha256 != ""
