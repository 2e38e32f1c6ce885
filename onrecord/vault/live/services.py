"""Live recording sessions: start, receive chunks into the shared database (encrypted, counted in
the same transaction, so any node takes any chunk), finish into the vault from any node, and
sweep the interrupted ones. The protocol's rules are in onrecord/vault/live/protocol.py (pure
Python, with why chunks are database rows).

Brent ("Local authority recording of meetings/case conferences"): "The Chair is responsible for
making an audio and digitally typed record of the meeting", so the recorder is for the meeting's
chair and the staff allocated to the case who run it (social worker, team manager); legal staff
read the record but do not add to it (as for uploads, vault/permissions.py).

Audited: the start (`vault.live_started`), the finish (`vault.live_finished`, naming the
recording; the ingest writes its own `vault.ingest`), a failed finish (`vault.live_finish_failed`)
and an abandoned session (`vault.live_abandoned`). Chunks are not audited one by one (a two-hour
meeting sends over a thousand); each one's number, size, SHA-256 and time is kept in LiveChunk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Meeting
from onrecord.vault import crypto
from onrecord.vault.ingest import IngestError, default_keyring, ingest, max_bytes
from onrecord.vault.keys import KeyRing
from onrecord.vault.live import protocol
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveChunk, LiveSession

log = logging.getLogger(__name__)

RECORD_ROLES = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
# An open session with no chunk for this long is surely dead (a browser records a chunk every
# few seconds): the sweep finishes it from what was received.
DEFAULT_ABANDON_AFTER = dt.timedelta(hours=6)
# A finish still "finalising" after this long crashed part-way; it may be taken up again.
FINALISING_STALE_AFTER = dt.timedelta(minutes=30)


class LiveError(Exception):
    """The action was refused; `status` is the HTTP status and the message says why."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def can_record(user: Any, meeting: Meeting) -> bool:
    return case_permissions.role_of(user) in RECORD_ROLES and case_permissions.can_run_meeting(
        user, meeting
    )


def spool_dir() -> Path:
    return Path(settings.FILE_UPLOAD_TEMP_DIR)


def spool_of(session: LiveSession) -> Path:
    return protocol.spool_path(spool_dir(), str(session.pk))


def chunk_limit() -> int:
    return int(getattr(settings, "ONRECORD_LIVE_CHUNK_MAX_BYTES", protocol.DEFAULT_CHUNK_MAX_BYTES))


def abandon_after() -> dt.timedelta:
    hours = getattr(settings, "ONRECORD_LIVE_ABANDON_HOURS", None)
    return dt.timedelta(hours=float(hours)) if hours else DEFAULT_ABANDON_AFTER


def start_session(meeting: Meeting, user: User, mime_type: str) -> LiveSession:
    try:
        mime = protocol.normalise_mime(mime_type)
    except ValueError as exc:
        raise LiveError(f"This browser cannot make the recording: {exc}.", 400) from None
    session_id = uuid.uuid4()
    # The session's own data key, wrapped under the vault's key-encryption key like a
    # recording's: only the wrapped key is stored, on the row every node reads.
    kek_id, wrapped = default_keyring().wrap(crypto.new_data_key(), session_id)
    with transaction.atomic():
        session = LiveSession.objects.create(
            id=session_id,
            meeting=meeting,
            started_by=user,
            mime_type=mime,
            kek_id=kek_id,
            wrapped_key=wrapped,
        )
        audit.record(
            "vault.live_started", session, detail={"meeting": str(meeting.pk), "mime": mime}
        )
    return session


@dataclass(frozen=True)
class ChunkResult:
    chunk_count: int
    bytes_received: int
    already_stored: bool
    first_missing: int


def receive_chunk(session_id: uuid.UUID, seq: int, data: bytes) -> ChunkResult:
    """Store chunk `seq` encrypted in its row and count it, in one transaction, or refuse it
    with protocol.ChunkRefused. Run outside any transaction: the session's row is locked while
    deciding, so two nodes taking the same chunk at once store it once."""
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session_id)
        if session.status != LiveSession.Status.OPEN:
            raise protocol.SessionClosed(
                f"this recording has been {session.get_status_display().lower()}; "
                "start a new recording to go on"
            )
        key = _session_key(session)
        stored = (
            LiveChunk.objects.filter(session=session, seq=seq)
            .values_list("sha256", flat=True)
            .first()
        )
        action = protocol.decide(
            seq=seq,
            first_missing=session.first_missing,
            size=len(data),
            sha256=digest,
            stored_sha256=stored,
            received=session.bytes_received,
            chunk_limit=chunk_limit(),
            total_limit=max_bytes(),
        )
        if action is protocol.Action.ALREADY_STORED:
            return ChunkResult(
                session.chunk_count, session.bytes_received, True, session.first_missing
            )
        # bulk_create and update() send no save signals, so a chunk makes no audit entry (one
        # every few seconds would flood the trail); its row is the record, and start/finish
        # are audited.
        now = timezone.now()
        LiveChunk.objects.bulk_create(
            [
                LiveChunk(
                    session=session,
                    seq=seq,
                    size=len(data),
                    sha256=digest,
                    received_at=now,
                    data=protocol.seal_chunk(key, session.pk, seq, data),
                )
            ]
        )
        first_missing = session.first_missing
        if seq == first_missing:
            first_missing = protocol.first_missing_after(
                seq,
                LiveChunk.objects.filter(
                    session=session, seq__gt=seq, seq__lte=seq + protocol.REORDER_WINDOW
                )
                .order_by("seq")
                .values_list("seq", flat=True),
            )
        count = session.chunk_count + 1
        length = session.bytes_received + len(data)
        LiveSession.objects.filter(pk=session.pk).update(
            chunk_count=count, bytes_received=length, last_chunk_at=now, first_missing=first_missing
        )
    return ChunkResult(count, length, False, first_missing)


def _session_key(session: LiveSession, keyring: KeyRing | None = None) -> bytes:
    """The session's data key, unwrapped in memory. A session started before chunks were kept
    in the database has its spool moved there first, if this node holds it; if not, the chunk
    is refused (409) and the node that holds the spool moves it when it starts or sweeps. Call
    with the session's row locked."""
    keyring = keyring if keyring is not None else default_keyring()
    if not session.kek_id or session.wrapped_key is None:
        _adopt_spool(session, keyring)
    assert session.wrapped_key is not None
    return keyring.unwrap(session.kek_id, bytes(session.wrapped_key), session.pk)


def _stored_records(session: LiveSession, seqs: list[int]) -> Iterator[tuple[int, bytes]]:
    """Each stored chunk's record in number order, one row read at a time (a chunk may be
    megabytes: never the whole recording in memory)."""
    for seq in seqs:
        record = (
            LiveChunk.objects.filter(session=session, seq=seq)
            .values_list("data", flat=True)
            .first()
        )
        if record is None:
            raise protocol.ChunkDamaged(f"chunk {seq} has no stored bytes")
        yield seq, bytes(record)


def stored_seqs(session: LiveSession) -> list[int]:
    return list(
        LiveChunk.objects.filter(session=session).order_by("seq").values_list("seq", flat=True)
    )


def open_chunks(session: LiveSession, keyring: KeyRing | None = None) -> protocol.ChunkStream:
    """The plaintext of every chunk the session holds, in number order, decrypted as it is
    read (from whichever node)."""
    key = _session_key(session, keyring)
    return protocol.ChunkStream(
        _stored_records(session, stored_seqs(session)), key, session.pk, session.bytes_received
    )


def _hash_chunks(session: LiveSession) -> str:
    digest = hashlib.sha256()
    with open_chunks(session) as reader:
        while block := reader.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _forget_chunk_bytes(session: LiveSession) -> None:
    """Delete the chunks' encrypted bytes (the recording holds them now, or nothing will);
    their receipts stay. And the spool of an older version, if this node holds one."""
    LiveChunk.objects.filter(session=session).update(data=None)
    protocol.remove_spool(spool_of(session))


def _filename(session: LiveSession) -> str:
    when = timezone.localtime(session.started_at)
    return f"meeting-recording-{when:%Y-%m-%d-%H%M}.{protocol.extension_for(session.mime_type)}"


def _abandon(session: LiveSession, reason: str) -> None:
    """Nothing usable: mark the session abandoned, audited, and remove its spool."""
    with transaction.atomic():
        session.status = LiveSession.Status.ABANDONED
        session.error = reason
        session.finished_at = timezone.now()
        session.save(update_fields=["status", "error", "finished_at"])
        audit.record(
            "vault.live_abandoned",
            session,
            detail={
                "reason": reason,
                "chunks": session.chunk_count,
                "bytes": session.bytes_received,
                "sha256": session.sha256,
            },
        )
        _forget_chunk_bytes(session)


def finish(
    session_id: uuid.UUID, by: User | None, *, give_up_on_failure: bool = False
) -> Recording:
    """Store what was received, in chunk number order, as the meeting's authority recording;
    delete the chunks' bytes only once it is committed. Any node may do it; safe to call again
    after a crash at any point (it picks up where it was). Chunks that never arrived are named
    in `missing_chunks` and in the audit entry (WebM plays on over the gap).

    `by` is who asked (None: the sweep). On an ingest failure the session stays open with the
    error, unless give_up_on_failure (the sweep), when it is abandoned. LiveError says why."""
    now = timezone.now()
    with transaction.atomic():
        session = (
            LiveSession.objects.select_for_update().select_related("meeting").get(pk=session_id)
        )
        status = session.status
        if status == LiveSession.Status.FINISHED and session.recording is not None:
            return session.recording
        if status == LiveSession.Status.ABANDONED:
            raise LiveError(f"This recording was abandoned: {session.error}")
        if (
            status == LiveSession.Status.FINALISING
            and session.finished_at is not None
            and now - session.finished_at < FINALISING_STALE_AFTER
        ):
            raise LiveError(
                "This recording is being stored already. Wait a minute and look again.", 503
            )
        if session.chunk_count == 0:
            nothing = True
        else:
            nothing = False
            try:
                session.missing_chunks = protocol.missing_chunks(stored_seqs(session))
                session.sha256 = _hash_chunks(session)
            except protocol.ChunkRefused as exc:
                raise LiveError(f"The recording's chunks cannot be read ({exc}).") from None
            session.status = LiveSession.Status.FINALISING
            # While finalising, finished_at is when it began (for the stale check above).
            session.finished_at = now
            session.finished_by = by
            session.save(
                update_fields=["sha256", "missing_chunks", "status", "finished_at", "finished_by"]
            )
    if nothing:
        _abandon(session, "nothing was received")
        raise LiveError("Nothing was received, so there is no recording to keep.")

    # A crash after ingest committed but before the session named its recording: find it.
    recording = Recording.objects.filter(
        meeting=session.meeting,
        kind=Recording.Kind.AUTHORITY,
        sha256=session.sha256,
        size=session.bytes_received,
        provided_by=session.started_by_id,
        live_session__isnull=True,
        created_at__gte=session.started_at,
    ).first()
    if recording is None:
        try:
            with open_chunks(session) as reader:
                recording = ingest(
                    reader,
                    meeting=session.meeting,
                    kind=Recording.Kind.AUTHORITY,
                    provided_by=session.started_by,
                    original_filename=_filename(session),
                    content_type=session.mime_type,
                )
        except (IngestError, protocol.ChunkRefused) as exc:
            reason = str(exc)
            if give_up_on_failure:
                _abandon(session, reason)
            else:
                with transaction.atomic():
                    session.status = LiveSession.Status.OPEN
                    session.error = reason
                    session.finished_at = None
                    session.save(update_fields=["status", "error", "finished_at"])
                    audit.record("vault.live_finish_failed", session, detail={"reason": reason})
            raise LiveError(f"The recording could not be stored: {reason}", 422) from None
    with transaction.atomic():
        session.recording = recording
        session.status = LiveSession.Status.FINISHED
        session.finished_at = timezone.now()
        session.error = ""
        session.save(update_fields=["recording", "status", "finished_at", "error"])
        audit.record(
            "vault.live_finished",
            session,
            detail={
                "recording": str(recording.pk),
                "chunks": session.chunk_count,
                "bytes": session.bytes_received,
                "sha256": session.sha256,
                "missing_chunks": session.missing_chunks,
                "by": "sweep" if by is None else by.username,
            },
        )
        _forget_chunk_bytes(session)
    return recording


@dataclass(frozen=True)
class SweepResult:
    finished: list[Recording]
    failed: dict[str, str]


def sweep_interrupted(*, now: dt.datetime | None = None) -> SweepResult:
    """Finish every session left open (or stuck finalising) longer than abandon_after(): the
    browser crashed or was closed and nobody pressed "finish". What arrived is kept."""
    cutoff = (now or timezone.now()) - abandon_after()
    idle = LiveSession.objects.filter(
        status__in=[LiveSession.Status.OPEN, LiveSession.Status.FINALISING]
    ).order_by("started_at")
    finished: list[Recording] = []
    failed: dict[str, str] = {}
    for session in idle:
        last = session.finished_at if session.status == LiveSession.Status.FINALISING else None
        if (last or session.last_chunk_at or session.started_at) > cutoff:
            continue
        try:
            finished.append(finish(session.pk, None, give_up_on_failure=True))
        except LiveError as exc:
            failed[str(session.pk)] = str(exc)
            log.warning("live session %s not finished: %s", session.pk, exc)
    return SweepResult(finished, failed)


def interrupted_sessions(meeting: Meeting) -> list[LiveSession]:
    """Sessions of this meeting that are still open: recording now, or interrupted."""
    return list(
        LiveSession.objects.filter(
            meeting=meeting,
            status__in=[LiveSession.Status.OPEN, LiveSession.Status.FINALISING],
        ).select_related("started_by")
    )


def adopt_local_spools() -> list[str]:
    """Move the spool of every open session that an older version kept on this node's disk
    into the database (encrypting one written in the clear first), so any node can go on with
    it. Run at start-up and by each node's sweep. Returns the spools' names."""
    done = []
    for pk in LiveSession.objects.filter(
        status__in=[LiveSession.Status.OPEN, LiveSession.Status.FINALISING], kek_id=""
    ).values_list("pk", flat=True):
        with transaction.atomic():
            session = LiveSession.objects.select_for_update().get(pk=pk)
            path = spool_of(session)
            if session.kek_id or not path.exists():
                continue
            try:
                _adopt_spool(session, default_keyring())
            except protocol.ChunkRefused as exc:
                log.warning("live session %s: spool not moved to the database: %s", pk, exc)
                continue
            done.append(path.name)
    return done


def _adopt_spool(session: LiveSession, keyring: KeyRing) -> None:
    """An older version's spool of this session, on this node, into the chunks' rows: each
    recorded chunk decrypted with the spool's key and sealed again into its row, the wrapped
    key onto the session. The file goes once that commits. Call with the row locked."""
    path = spool_of(session)
    if not path.exists():
        raise protocol.SpoolDamaged(
            "this recording was started before chunks were kept in the database, and its "
            "spool is on another server; that server moves it when it next starts or sweeps"
        )
    header = protocol.read_spool_header(path)
    if header is None:
        header = _encrypt_plain_spool(session, path, keyring)
    key = keyring.unwrap(header.kek_id, header.wrapped_key, session.pk)
    chunks = LiveChunk.objects.filter(session=session, seq__lt=session.chunk_count).order_by("seq")
    with protocol.SpoolReader(
        path, key, session.pk, session.chunk_count, session.bytes_received
    ) as reader:
        for seq, size in chunks.values_list("seq", "size"):
            plain = reader.read(size)
            if len(plain) != size:
                raise protocol.SpoolDamaged(f"the spool file ends inside chunk {seq}")
            chunks.filter(seq=seq).update(data=protocol.seal_chunk(key, session.pk, seq, plain))
    session.kek_id, session.wrapped_key = header.kek_id, header.wrapped_key
    session.save(update_fields=["kek_id", "wrapped_key"])
    transaction.on_commit(lambda: protocol.remove_spool(path))
    log.info("live session %s: its spool was moved into the database", session.pk)


def _encrypt_plain_spool(
    session: LiveSession, path: Path, keyring: KeyRing
) -> protocol.SpoolHeader:
    """A spool from before spools were encrypted (plain audio): rewrite its recorded chunks as
    encrypted records into a new file, fsynced, and put it in the old one's place."""
    key = crypto.new_data_key()
    kek_id, wrapped = keyring.wrap(key, session.pk)
    header = protocol.new_spool_header(kek_id, wrapped)
    chunks = LiveChunk.objects.filter(session=session).order_by("seq").values_list("seq", "size")
    converting = path.with_name(path.name + ".encrypting")
    converting.unlink(missing_ok=True)
    protocol.create_spool(converting, header.pack())
    committed = header.length
    with path.open("rb") as plain:
        for seq, size in chunks:
            if seq >= session.chunk_count:
                break
            data = plain.read(size)
            if len(data) != size:
                converting.unlink(missing_ok=True)
                raise protocol.SpoolDamaged(f"the spool file ends inside chunk {seq}")
            committed = protocol.append_durably(
                converting, committed, protocol.seal_chunk(key, session.pk, seq, data)
            )
    converting.replace(path)
    protocol.remove_spool(converting)  # only fsyncs the directory: the name is gone already
    log.info("live session %s: its plain spool was encrypted", session.pk)
    return header


def rewrap_live_sessions(keyring: KeyRing) -> int:
    """Key rotation: re-wrap the data key of every open session not under the active KEK (a
    finished one's chunks are gone). Returns how many."""
    count = 0
    stale = (
        LiveSession.objects.filter(
            status__in=[LiveSession.Status.OPEN, LiveSession.Status.FINALISING]
        )
        .exclude(kek_id="")
        .exclude(kek_id=keyring.active_id)
        .values_list("pk", flat=True)
    )
    for pk in list(stale):
        with transaction.atomic():
            session = LiveSession.objects.select_for_update().get(pk=pk)
            if session.kek_id == keyring.active_id or session.wrapped_key is None:
                continue
            session.kek_id, session.wrapped_key = keyring.rewrap(
                session.kek_id, bytes(session.wrapped_key), session.pk
            )
            session.save(update_fields=["kek_id", "wrapped_key"])
            count += 1
    return count
