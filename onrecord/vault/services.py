"""Reading, verifying, re-wrapping and tidying the vault. Every read is audited.

with open_recording(recording, purpose="play") as audio:   # seekable, decrypted on the fly
    audio.seek(offset); audio.read(n)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from onrecord.audit import services as audit
from onrecord.audit.models import AuditEvent
from onrecord.vault import crypto
from onrecord.vault.disposed import check_readable
from onrecord.vault.ingest import ORPHAN_GRACE_SECONDS, default_keyring, default_store
from onrecord.vault.keys import KeyRing
from onrecord.vault.live import protocol as live_protocol
from onrecord.vault.live.services import adopt_local_spools, rewrap_live_sessions
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from onrecord.vault.storage import BlobStore, StorageError
from onrecord.vault.uploads import spool_dir

PURPOSES = frozenset({"play", "download", "verify", "export", "transcribe", "derive", "provenance"})


class RecordingUnreadable(crypto.VaultFormatError):
    """The stored recording failed a check; the message names the recording and the failure."""


def _reader(recording: Recording, store: BlobStore, keyring: KeyRing) -> crypto.DecryptingReader:
    # A disposed recording's key is gone: say so plainly (RecordingDisposed), not "damaged".
    check_readable(recording)
    data_key = keyring.unwrap(recording.kek_id, bytes(recording.wrapped_key), recording.id)
    source = store.open(recording.blob_name)
    try:
        return crypto.DecryptingReader(source, data_key, expected_recording_id=recording.id)
    except BaseException:
        source.close()
        raise


def open_recording(
    recording: Recording,
    *,
    purpose: str,
    playback: str = "",
    store: BlobStore | None = None,
    keyring: KeyRing | None = None,
) -> crypto.DecryptingReader:
    """The recording's original bytes as a seekable file, after an audit entry saying who opened
    it and why. A failed check is audited too, then raised naming what failed.

    `playback` names one listening (a player page's token): the entry carries it, and the
    further range requests of that same playback are served by `continue_playback`."""
    if purpose not in PURPOSES:
        raise ValueError(f"purpose must be one of {sorted(PURPOSES)}")
    store = store if store is not None else default_store()
    keyring = keyring if keyring is not None else default_keyring()
    try:
        reader = _reader(recording, store, keyring)
    except (crypto.VaultFormatError, StorageError) as exc:
        audit.record(
            "vault.integrity_failure", recording, detail={"purpose": purpose, "problem": str(exc)}
        )
        raise RecordingUnreadable(f"recording {recording.id}: {exc}") from exc
    detail = {"purpose": purpose, "sha256": recording.sha256}
    if playback:
        detail["playback"] = playback
    audit.record("vault.open", recording, detail=detail)
    return reader


def playback_audited(recording: Recording, playback: str, user_id: int, since: dt.datetime) -> bool:
    """Whether this user's playback `playback` of the recording was opened, audited, since then."""
    return AuditEvent.objects.filter(
        action="vault.open",
        object_id=str(recording.pk),
        actor_id=user_id,
        occurred_at__gte=since,
        detail__purpose="play",
        detail__playback=playback,
    ).exists()


def continue_playback(
    recording: Recording,
    *,
    playback: str,
    user_id: int,
    since: dt.datetime,
    store: BlobStore | None = None,
    keyring: KeyRing | None = None,
) -> crypto.DecryptingReader:
    """A further range of a playback already opened by `open_recording` (one audit entry per
    listening, not one per range request a player makes while seeking). Opens with a new,
    audited entry when there is no such playback for this user since `since`."""
    if not playback or not playback_audited(recording, playback, user_id, since):
        return open_recording(
            recording, purpose="play", playback=playback, store=store, keyring=keyring
        )
    store = store if store is not None else default_store()
    keyring = keyring if keyring is not None else default_keyring()
    try:
        return _reader(recording, store, keyring)
    except (crypto.VaultFormatError, StorageError) as exc:
        audit.record(
            "vault.integrity_failure", recording, detail={"purpose": "play", "problem": str(exc)}
        )
        raise RecordingUnreadable(f"recording {recording.id}: {exc}") from exc


@dataclass
class Verification:
    recording_id: str
    ok: bool
    problem: str = ""


def verify_recording(
    recording: Recording, *, store: BlobStore | None = None, keyring: KeyRing | None = None
) -> Verification:
    """Decrypt every chunk and compare size and SHA-256 with what was recorded at ingest."""
    store = store if store is not None else default_store()
    keyring = keyring if keyring is not None else default_keyring()
    problem = ""
    try:
        with _reader(recording, store, keyring) as reader:
            digest = hashlib.sha256()
            for plain in reader.iter_chunks():
                digest.update(plain)
            if reader.size != recording.size:
                problem = f"size is {reader.size} bytes, recorded as {recording.size}"
            elif digest.hexdigest() != recording.sha256:
                problem = "SHA-256 of the decrypted audio differs from the one recorded at ingest"
    except (crypto.VaultFormatError, StorageError) as exc:
        problem = str(exc)
    detail: dict[str, object] = {"ok": not problem}
    if problem:
        detail["problem"] = problem
    audit.record("vault.verify", recording, detail=detail)
    return Verification(str(recording.id), ok=not problem, problem=problem)


def rewrap_all(keyring: KeyRing | None = None) -> int:
    """Key rotation, step two: re-wrap every data key not under the active KEK.

    Only `wrapped_key` and `kek_id` change (each change is audited by the model signals); the
    encrypted audio is not read or written. Returns how many were re-wrapped.
    """
    keyring = keyring if keyring is not None else default_keyring()
    count = 0
    stale = (
        Recording.objects.exclude(kek_id=keyring.active_id)
        .filter(disposed_at__isnull=True)  # a disposed recording has no key left to re-wrap
        .values_list("pk", flat=True)
    )
    for pk in list(stale.iterator(chunk_size=500)):
        with transaction.atomic():
            recording = Recording.objects.select_for_update().get(pk=pk)
            if recording.kek_id == keyring.active_id or recording.disposed_at is not None:
                continue
            recording.kek_id, recording.wrapped_key = keyring.rewrap(
                recording.kek_id, bytes(recording.wrapped_key), recording.id
            )
            recording.save(update_fields=["kek_id", "wrapped_key"])
            count += 1
    # And the data keys of live recordings still open (their chunks wait in the database).
    return count + rewrap_live_sessions(keyring)


@dataclass
class SweepReport:
    temporaries_removed: int = 0
    orphans_removed: list[str] = field(default_factory=list)
    # Files removed from the upload spool directory (uploads.spool_dir()), by name.
    spool_removed: list[str] = field(default_factory=list)
    # Live recorder spools an older version kept on this node's disk, now moved into the
    # database (issue 15: any node takes any chunk).
    live_spools_moved: list[str] = field(default_factory=list)
    # Court bundles the bundle page built under <data dir>/bundles and never finished sending
    # (they hold the audio: the server was killed while making or sending one).
    bundles_removed: list[str] = field(default_factory=list)


def tidy_bundles(*, older_than_seconds: float) -> list[str]:
    """Remove what the bundle page left in <data dir>/bundles: a bundle is built there and
    deleted once sent, so a file that is still there after a crash (a finished zip, or a
    `.part` being written) is a leftover holding the audio. An export to a path the user chose
    (`onrecord export --out`) is theirs, not ours to remove. Returns the names removed."""
    directory = Path(settings.DATA_DIR) / "bundles"
    if not directory.is_dir():
        return []
    removed = []
    now = time.time()
    for path in sorted(directory.iterdir()):
        if path.is_dir() and not path.is_symlink():
            continue
        try:
            if now - path.lstat().st_mtime < older_than_seconds:
                continue
        except FileNotFoundError:
            continue
        path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def tidy_spool(*, older_than_seconds: float, live_grace_seconds: float) -> list[str]:
    """Remove every leftover in the upload spool directory; keep only the spools an older
    version wrote of live recordings still open that could not yet be moved into the database
    (live/services.adopt_local_spools). Returns the names removed.

    Nothing there is meant to have a name for longer than an instant but those live spools:
    uploads and derived copies use nameless encrypted scratch files (vault/scratch.py). What
    else is found is a leftover: plain temporary uploads (`tmp*.upload.*`) and `derive-*`
    copies written by older versions, the empty name of a scratch file whose process died
    between creating and unlinking it, a live spool whose session is finished or was never
    committed. Files younger than `older_than_seconds` are left (0 at start-up: nothing is in
    flight), and a live spool with no open session younger than `live_grace_seconds` (one being
    started now is made just before its session's row commits)."""
    directory = spool_dir()
    if not directory.is_dir():
        return []
    open_spools = {
        live_protocol.spool_path(directory, str(pk)).name
        for pk in LiveSession.objects.filter(
            status__in=[LiveSession.Status.OPEN, LiveSession.Status.FINALISING]
        ).values_list("pk", flat=True)
    }
    removed = []
    now = time.time()
    for path in sorted(directory.iterdir()):
        if path.is_dir() and not path.is_symlink():
            continue
        try:
            age = now - path.lstat().st_mtime
        except FileNotFoundError:
            continue
        if path.name in open_spools:
            continue
        grace = (
            live_grace_seconds
            if path.name.startswith(live_protocol.SPOOL_PREFIX)
            else older_than_seconds
        )
        if age < grace:
            continue
        path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def tidy_at_start() -> SweepReport:
    """At start-up (`onrecord serve`), before any request: move live spools an older version
    kept on this node into the database, and remove every other leftover of the upload spool
    directory whatever its age (a crash, kill -9, power cut). Blobs and orphans are left to
    `sweep`, whose grace period protects an ingest in progress on another host."""
    report = SweepReport(
        live_spools_moved=adopt_local_spools(),
        spool_removed=tidy_spool(older_than_seconds=0, live_grace_seconds=ORPHAN_GRACE_SECONDS),
        bundles_removed=tidy_bundles(older_than_seconds=0),
    )
    # The store's temporaries keep their grace: on shared storage another node may be writing
    # one now. A store that cannot be reached does not stop the node: its periodic sweep retries.
    try:
        report.temporaries_removed = default_store().remove_temporaries(ORPHAN_GRACE_SECONDS)
    except Exception:
        logging.getLogger(__name__).exception("start-up: the store's temporaries were not tidied")
    return report


def sweep_node(
    store: BlobStore | None = None, *, older_than_seconds: float = ORPHAN_GRACE_SECONDS
) -> SweepReport:
    """What this node's own disk holds and only this node can tidy: the store's `.tmp-`
    temporaries (encrypted), upload spool leftovers, unsent bundles. Every web node runs it at
    start-up and periodically (`onrecord serve`, issue 15), as well as the daily `vault_sweep`
    job on whichever node runs jobs; the orphan blobs of the shared store are the job's alone."""
    store = store if store is not None else default_store()
    report = SweepReport(temporaries_removed=store.remove_temporaries(older_than_seconds))
    report.live_spools_moved = adopt_local_spools()
    report.spool_removed = tidy_spool(
        older_than_seconds=older_than_seconds,
        live_grace_seconds=max(older_than_seconds, ORPHAN_GRACE_SECONDS),
    )
    # A bundle being sent is read through its open file, so removing its name does no harm.
    report.bundles_removed = tidy_bundles(older_than_seconds=older_than_seconds)
    return report


def sweep(
    store: BlobStore | None = None, *, older_than_seconds: float = ORPHAN_GRACE_SECONDS
) -> SweepReport:
    """Remove what crashed or failed ingests left behind: temporaries, and blobs with no row.

    Only files older than `older_than_seconds` are touched, so an ingest in progress is safe.
    """
    store = store if store is not None else default_store()
    report = sweep_node(store, older_than_seconds=older_than_seconds)
    batch: list[str] = []

    def flush() -> None:
        known = set(
            Recording.objects.filter(blob_name__in=batch).values_list("blob_name", flat=True)
        )
        for name in batch:
            if name not in known and store.age_seconds(name) >= older_than_seconds:
                store.delete(name)
                report.orphans_removed.append(name)
        batch.clear()

    for name in store.names():
        batch.append(name)
        if len(batch) >= 500:
            flush()
    if batch:
        flush()
    return report
