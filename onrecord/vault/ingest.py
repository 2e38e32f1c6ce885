"""Taking a recording into the vault: stream, hash, encrypt, probe, then store blob and row.

    recording = ingest(upload, meeting=m, kind=Recording.Kind.AUTHORITY, provided_by=user)

The upload is read in pieces: the SHA-256 of the original bytes and the encrypted blob are made
as it arrives, so memory stays flat whatever its size. The encrypted temporary is then probed
with PyAV through the decrypting reader (plaintext never touches the disk). Only then are the
row, its audit entry and the blob committed together:

1. the row and its audit entry are inserted inside a transaction;
2. the blob is linked into place and its directory fsynced, still inside the transaction;
3. the transaction commits.

A crash before 2 leaves a temporary (removed by `sweep`); between 2 and 3, a blob with no row
(an orphan, removed by `sweep` once older than its grace period); never a row without its blob.
Call ingest outside any transaction (a view: `transaction.non_atomic_requests`) so the row is
committed when it returns; inside one, an outer rollback leaves an orphan for `sweep`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.db import transaction

from onrecord.audit import services as audit
from onrecord.cases.models import Meeting, Person
from onrecord.vault import crypto
from onrecord.vault.keys import KeyRing, load_keyring
from onrecord.vault.models import Recording
from onrecord.vault.probe import MediaInfo, ProbeError, probe
from onrecord.vault.storage import (
    BlobStore,
    FileBlobStore,
    PendingBlob,
    StorageError,
    StorageFullError,
    blob_name_for,
)

if TYPE_CHECKING:
    from onrecord.accounts.models import User

log = logging.getLogger(__name__)

READ_SIZE = 1024 * 1024
DEFAULT_MAX_BYTES = 4 * 1024**3
# An orphan blob younger than this may belong to an ingest that is about to commit its row.
ORPHAN_GRACE_SECONDS = 3600.0


class IngestError(Exception):
    """The upload was refused and nothing was stored; the message says why, in plain words."""


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def default_store() -> BlobStore:
    """The configured store (settings.ONRECORD_VAULT_STORAGE): files by default, or S3."""
    storage = dict(getattr(settings, "ONRECORD_VAULT_STORAGE", {"backend": "files"}))
    if storage.get("backend") == "s3":
        return _s3_store(tuple(sorted(storage.items())), str(settings.DATA_DIR))
    return FileBlobStore(settings.DATA_DIR / "vault")


@functools.lru_cache(maxsize=4)
def _s3_store(storage: tuple[tuple[str, str], ...], data_dir: str) -> BlobStore:
    # Imported here so boto3 loads only where S3 is configured; the client is made once.
    from onrecord.vault.s3_storage import S3BlobStore, S3Settings

    values = dict(storage)
    config = S3Settings(
        bucket=values["bucket"],
        prefix=values.get("prefix", ""),
        endpoint_url=values.get("endpoint_url") or None,
        region=values.get("region") or None,
    )
    return S3BlobStore(config, spool=Path(data_dir) / "vault-spool")


def default_keyring() -> KeyRing:
    return load_keyring(settings.DATA_DIR)


def max_bytes() -> int:
    return int(getattr(settings, "ONRECORD_VAULT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _describe_limit(limit: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if limit >= factor:
            return f"{limit / factor:g} {unit}"
    return f"{limit} bytes"


@dataclass(frozen=True)
class _Streamed:
    sha256: str
    size: int
    stored_size: int


def _stream(
    source: Readable, pending: PendingBlob, encryptor: crypto.Encryptor, limit: int
) -> _Streamed:
    digest = hashlib.sha256()
    size = 0
    stored = 0
    while True:
        block = source.read(READ_SIZE)
        if not block:
            break
        size += len(block)
        if size > limit:
            raise IngestError(
                f"the file is larger than the {_describe_limit(limit)} limit; nothing was stored"
            )
        digest.update(block)
        sealed = encryptor.update(block)
        if sealed:
            pending.write(sealed)
            stored += len(sealed)
    if size == 0:
        raise IngestError("the file is empty; nothing was stored")
    sealed = encryptor.finalize()
    pending.write(sealed)
    stored += len(sealed)
    return _Streamed(digest.hexdigest(), size, stored)


def ingest(
    source: Readable,
    *,
    meeting: Meeting,
    kind: str,
    provided_by: User | None = None,
    family_member: Person | None = None,
    original_filename: str = "",
    content_type: str = "",
    store: BlobStore | None = None,
    keyring: KeyRing | None = None,
    limit: int | None = None,
    chunk_size: int = crypto.DEFAULT_CHUNK_SIZE,
    derived_from: Recording | None = None,
    derivation: dict[str, Any] | None = None,
) -> Recording:
    """Store `source` (any binary file-like, e.g. a Django UploadedFile) as a new recording.

    The steps: refuse what is declared too big or empty; seal (a new data key, wrapped); stream,
    hash and encrypt into a pending blob; probe the stored copy; then the row, its audit entry
    and the blob's commit in one transaction. Anything that fails stores nothing."""
    store = store if store is not None else default_store()
    keyring = keyring if keyring is not None else default_keyring()
    limit = limit if limit is not None else max_bytes()
    _check_declared(source, kind, limit)
    sealing = _seal(keyring, chunk_size)
    pending = _begin(store, sealing.blob_name)
    committing = False
    try:
        streamed = _stream(source, pending, sealing.encryptor, limit)
        pending.finish_writing()
        info = _probe_stored(pending, sealing, streamed)
        with transaction.atomic():
            recording = _create_row(
                sealing,
                streamed,
                info,
                meeting=meeting,
                kind=kind,
                provided_by=provided_by,
                family_member=family_member,
                derived_from=derived_from,
                derivation=derivation or {},
                original_filename=original_filename[:255],
                content_type=content_type[:100],
            )
            _audit_ingest(recording, streamed, info, family_member, derived_from)
            committing = True
            pending.commit()
    except ProbeError as exc:
        raise IngestError(f"{exc}; nothing was stored") from None
    except StorageFullError:
        raise IngestError("the vault's storage is full; nothing was stored") from None
    except BaseException:
        if committing:
            _remove_if_orphan(store, sealing.blob_name, sealing.recording_id)
        raise
    finally:
        pending.abort()  # removes the temporary; a no-op once committed
    return recording


def _check_declared(source: Readable, kind: str, limit: int) -> None:
    """Refuse before storing anything: an unknown kind, or an upload whose declared size is
    empty or over the limit (what is actually read is checked again while streaming)."""
    if kind not in Recording.Kind.values:
        raise IngestError(f"unknown recording kind {kind!r}")
    declared = getattr(source, "size", None)
    if isinstance(declared, int):
        if declared == 0:
            raise IngestError("the file is empty; nothing was stored")
        if declared > limit:
            raise IngestError(
                f"the file is larger than the {_describe_limit(limit)} limit; nothing was stored"
            )


@dataclass(frozen=True)
class _Sealing:
    """A new recording's identity and keys: its data key, wrapped under the active KEK."""

    recording_id: uuid.UUID
    blob_name: str
    data_key: bytes
    kek_id: str
    wrapped_key: bytes
    chunk_size: int
    encryptor: crypto.Encryptor


def _seal(keyring: KeyRing, chunk_size: int) -> _Sealing:
    recording_id = uuid.uuid4()
    data_key = crypto.new_data_key()
    kek_id, wrapped = keyring.wrap(data_key, recording_id)
    return _Sealing(
        recording_id=recording_id,
        blob_name=blob_name_for(str(recording_id)),
        data_key=data_key,
        kek_id=kek_id,
        wrapped_key=wrapped,
        chunk_size=chunk_size,
        encryptor=crypto.Encryptor(data_key, recording_id, chunk_size=chunk_size),
    )


def _begin(store: BlobStore, name: str) -> PendingBlob:
    try:
        return store.begin(name)
    except StorageError as exc:
        raise IngestError(
            f"the vault cannot store files right now ({exc}); nothing was stored"
        ) from exc


def _probe_stored(pending: PendingBlob, sealing: _Sealing, streamed: _Streamed) -> MediaInfo:
    """Probe what was stored, decrypted back, not the upload: the vault keeps only audio it can
    read again."""
    reader = crypto.DecryptingReader(
        pending.open_written(),
        sealing.data_key,
        expected_recording_id=sealing.recording_id,
        stored_size=streamed.stored_size,
    )
    with reader:
        if reader.size != streamed.size:  # pragma: no cover - a bug, not an input
            raise IngestError("the stored copy does not match the upload; nothing was stored")
        return probe(reader, size=streamed.size)


def _create_row(
    sealing: _Sealing, streamed: _Streamed, info: MediaInfo, **provenance: Any
) -> Recording:
    """The recording's row: who provided it and what it is (`provenance`), its hash and size,
    how it is sealed, and what the probe found."""
    return Recording.objects.create(
        id=sealing.recording_id,
        **provenance,
        size=streamed.size,
        sha256=streamed.sha256,
        blob_name=sealing.blob_name,
        stored_size=streamed.stored_size,
        format_version=sealing.encryptor.header.version,
        chunk_size=sealing.chunk_size,
        kek_id=sealing.kek_id,
        wrapped_key=sealing.wrapped_key,
        container=info.container,
        codec=info.codec,
        duration_seconds=info.duration_seconds,
        channels=info.channels,
        sample_rate=info.sample_rate,
        bit_rate=info.bit_rate,
    )


def _audit_ingest(
    recording: Recording,
    streamed: _Streamed,
    info: MediaInfo,
    family_member: Person | None,
    derived_from: Recording | None,
) -> None:
    audit.record(
        "vault.ingest",
        recording,
        detail={
            "kind": recording.kind,
            "sha256": streamed.sha256,
            "size": streamed.size,
            "duration_seconds": info.duration_seconds,
            "codec": info.codec,
            **({"family_member": str(family_member.pk)} if family_member else {}),
            **({"derived_from": str(derived_from.pk)} if derived_from else {}),
        },
    )


def _remove_if_orphan(store: BlobStore, name: str, recording_id: uuid.UUID) -> None:
    """After a failed commit: delete the blob only if its row is surely absent."""
    try:
        # Inside an outer transaction ours was a savepoint, now rolled back: the row is gone.
        # Outside one, the commit itself may have failed after reaching the database: look.
        if (
            transaction.get_connection().in_atomic_block
            or not Recording.objects.filter(pk=recording_id).exists()
        ):
            store.delete(name)
    except Exception:  # the database may be the thing that failed: leave it to sweep()
        log.warning("could not check recording %s after a failed commit", recording_id)
