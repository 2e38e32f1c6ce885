"""Resumable uploads: made, appended to from any node, read back in order, dropped, swept. The
tus rules are in protocol.py beside this; the pages that take a parent's copy this way are in
onrecord/recording_requests/resumable_copies.py.

Each piece of a PATCH body is sealed (AES-256-GCM under the upload's own data key, the upload id,
part number and length authenticated: the live recorder's record format,
vault/live/protocol.py) and committed as one row with the upload's new offset, so the offset any
node reports with HEAD is exactly what is stored, and a connection cut mid-request keeps every
byte that arrived before the cut. Nothing touches a node's disk.

Audited: the upload made (`vault.upload_started`), dropped (`vault.upload_terminated`, by the
person or by the sweep) and refused by the vault (`vault.upload_failed`); the recording it
becomes is audited by the feature that stores it. Parts are not audited one by one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.audit import services as audit
from onrecord.cases.models import Meeting, Person
from onrecord.vault import crypto
from onrecord.vault.ingest import default_keyring
from onrecord.vault.live import protocol as records
from onrecord.vault.models.resumable import ResumablePart, ResumableUpload
from onrecord.vault.resumable.protocol import PART_BYTES, TusRefused, check_patch

# An upload nobody has added to for this long is dropped by the daily sweep (a phone that
# gave up); a day leaves time to come back to it the next morning.
STALE_AFTER = dt.timedelta(hours=24)
# A piece is read from the request this much at a time: a connection lost mid-piece loses only
# the read in flight (gunicorn drops a read a reset interrupts), the rest of the piece is stored.
READ_BYTES = 64 * 1024


def create(
    *,
    purpose: str,
    meeting: Meeting,
    created_by: User,
    family_member: Person | None,
    length: int,
    filename: str,
    content_type: str,
) -> ResumableUpload:
    upload_id = uuid.uuid4()
    kek_id, wrapped = default_keyring().wrap(crypto.new_data_key(), upload_id)
    with transaction.atomic():
        upload = ResumableUpload.objects.create(
            id=upload_id,
            purpose=purpose,
            meeting=meeting,
            created_by=created_by,
            family_member=family_member,
            length=length,
            filename=filename[:255],
            content_type=content_type[:100],
            kek_id=kek_id,
            wrapped_key=wrapped,
        )
        audit.record(
            "vault.upload_started",
            upload,
            detail={"meeting": str(meeting.pk), "length": length, "purpose": purpose},
        )
    return upload


def _key(upload: ResumableUpload) -> bytes:
    return default_keyring().unwrap(upload.kek_id, bytes(upload.wrapped_key), upload.pk)


def append(
    upload_id: uuid.UUID,
    *,
    offset: int,
    content_type: str | None,
    declared: int,
    read: Callable[[int], bytes],
) -> int:
    """Append a PATCH body of `declared` bytes at `offset`, read piece by piece with `read`;
    each piece is committed with the new offset before the next is read. Returns the offset
    held at the end; TusRefused (nothing stored) if the request does not fit. A connection cut
    part-way leaves what arrived stored, and the error propagates."""
    with transaction.atomic():
        upload = ResumableUpload.objects.get(pk=upload_id)
        if upload.status != ResumableUpload.Status.RECEIVING:
            raise TusRefused(f"this upload is {upload.get_status_display().lower()}", 409)
        check_patch(
            content_type=content_type,
            offset=offset,
            held=upload.offset,
            length=upload.length,
            body=declared,
        )
        key = _key(upload)
    expected = offset
    left = declared
    while left > 0:
        piece, cut = _read_piece(read, min(PART_BYTES, left))
        if piece:
            left -= len(piece)
            expected = _store_piece(upload_id, key, expected, piece)
        if cut is not None:
            raise cut  # the connection died: what arrived is stored
        if not piece:
            break  # the body ended early: what arrived is stored
    return expected


def _read_piece(read: Callable[[int], bytes], size: int) -> tuple[bytes, Exception | None]:
    """Up to `size` bytes, read READ_BYTES at a time, and the error that cut the connection, if
    one did: a reset loses only the read in flight, not the piece gathered so far."""
    gathered = bytearray()
    while len(gathered) < size:
        try:
            data = read(min(READ_BYTES, size - len(gathered)))
        except Exception as exc:  # gunicorn's and Django's errors for a lost client vary
            return bytes(gathered), exc
        if not data:
            break
        gathered += data
    return bytes(gathered), None


def _store_piece(upload_id: uuid.UUID, key: bytes, expected: int, piece: bytes) -> int:
    """Seal `piece` as the next part and commit it with the new offset; returns the offset."""
    with transaction.atomic():
        locked = ResumableUpload.objects.select_for_update().get(pk=upload_id)
        if locked.offset != expected or locked.status != ResumableUpload.Status.RECEIVING:
            raise TusRefused(
                f"another request changed this upload (it holds {locked.offset} bytes)", 409
            )
        ResumablePart.objects.bulk_create(
            [
                ResumablePart(
                    upload=locked,
                    index=locked.parts,
                    offset=expected,
                    size=len(piece),
                    data=records.seal_chunk(key, locked.pk, locked.parts, piece),
                )
            ]
        )
        ResumableUpload.objects.filter(pk=upload_id).update(
            offset=expected + len(piece), parts=locked.parts + 1, updated_at=timezone.now()
        )
    return expected + len(piece)


def _records(upload: ResumableUpload) -> Iterator[tuple[int, bytes]]:
    for index in range(upload.parts):
        data = (
            ResumablePart.objects.filter(upload=upload, index=index)
            .values_list("data", flat=True)
            .first()
        )
        if data is None:
            raise records.ChunkDamaged(f"part {index} of the upload is missing")
        yield index, bytes(data)


class UploadStream(records.ChunkStream):
    """The whole file, decrypted part by part as it is read, with its name and type (what the
    vault's ingest reads; never written down)."""

    def __init__(self, upload: ResumableUpload) -> None:
        super().__init__(_records(upload), _key(upload), upload.pk, upload.offset)
        self.name = upload.filename
        self.content_type = upload.content_type


def finished(upload: ResumableUpload) -> bool:
    return upload.offset == upload.length


def mark_stored(upload: ResumableUpload, recording: Any) -> None:
    """The file is in the vault: link it, delete the parts. In the caller's transaction."""
    ResumableUpload.objects.filter(pk=upload.pk).update(
        status=ResumableUpload.Status.STORED, recording=recording, updated_at=timezone.now()
    )
    ResumablePart.objects.filter(upload=upload).delete()


def mark_failed(upload: ResumableUpload, reason: str) -> None:
    with transaction.atomic():
        ResumableUpload.objects.filter(pk=upload.pk).update(
            status=ResumableUpload.Status.FAILED, error=reason, updated_at=timezone.now()
        )
        ResumablePart.objects.filter(upload=upload).delete()
        audit.record("vault.upload_failed", upload, detail={"reason": reason})


def terminate(upload: ResumableUpload, *, by: str) -> None:
    with transaction.atomic():
        ResumableUpload.objects.filter(pk=upload.pk).update(
            status=ResumableUpload.Status.TERMINATED, updated_at=timezone.now()
        )
        ResumablePart.objects.filter(upload=upload).delete()
        audit.record(
            "vault.upload_terminated",
            upload,
            detail={"offset": upload.offset, "length": upload.length, "by": by},
        )


def sweep_stale(*, now: dt.datetime | None = None) -> list[str]:
    """Drop every upload nobody has added to for STALE_AFTER. Returns their ids."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    dropped = []
    for upload in ResumableUpload.objects.filter(
        status=ResumableUpload.Status.RECEIVING, updated_at__lt=cutoff
    ):
        terminate(upload, by="sweep")
        dropped.append(str(upload.pk))
    return dropped
