"""Building a court disclosure bundle (zip) for one recording: audited, signed, verifiable
offline with `onrecord verify-bundle` (verify.py). Layout in docs/VAULT.md.

    manifest = export_bundle(recording, out=Path("bundle.zip"), reason="C100 directions 3 March")

Who exported it and why is in the audit trail (`vault.export`, then `vault.open` with purpose
`export`, then `vault.exported` naming the manifest's SHA-256 once the bundle is complete).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from onrecord.audit import checkpoints
from onrecord.audit import services as audit
from onrecord.audit.merkle import MerkleTree
from onrecord.audit.models import AuditEvent
from onrecord.authority_key import fingerprint, load_signing_key, public_pem
from onrecord.disclosure.statement import current_statement, statement_json, statement_text
from onrecord.disclosure.verify import (
    BUNDLE_FORMAT,
    CUSTODY,
    CUSTODY_FORMAT,
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    STATEMENT,
)
from onrecord.minutes.bundle import approved_minutes_files
from onrecord.recording_requests.models import TimelineEntry
from onrecord.transcripts.bundle import transcript_files
from onrecord.vault.disposed import disposed_notice
from onrecord.vault.keys import KeyRing
from onrecord.vault.models import ExplanatoryStatement, Recording
from onrecord.vault.provenance.bundle import provenance_files
from onrecord.vault.services import RecordingUnreadable, open_recording
from onrecord.vault.storage import BlobStore

BUNDLE_VERSION = 1
AUDIO_EXTENSIONS = {
    "wav": "wav",
    "flac": "flac",
    "mp3": "mp3",
    "mov,mp4,m4a,3gp,3g2,mj2": "m4a",
    "ogg": "ogg",
    "matroska,webm": "webm",
    "aac": "aac",
}
_COPY = 1024 * 1024

README = """OnRecord court disclosure bundle
================================

audio/original.*   the recording exactly as it was stored (never edited)
statement.json/.txt  the explanatory statement (when, where, start and end, context, speakers)
minutes.json/.txt  the minutes entries of the meeting, when there are any
minutes/approved.json/.txt  the minutes the chair approved, when there are any
transcript/transcript.txt/.vtt/.json  the transcript, when there is one: made by speech-to-text
                   and corrected by people; words marked [?] have not been checked. The audio is
                   the record.
provenance.json/.txt  for a recording the family brought: who gave it, how it was obtained,
                   who received it, what the file says about itself, and where it sits on the
                   timeline of the council's own recording (what it covers, what it lacks, where
                   its audio is cut or joined out of order)
custody.json       the chain of custody: every audit entry about this recording since it was
                   taken in, each with a Merkle inclusion proof against a signed checkpoint of
                   the authority's whole audit trail (docs/AUDIT.md)
manifest.json      every file above with its SHA-256 and size
manifest.sig       Ed25519 signature (base64) over manifest.json by the authority's key
signing_key.pub    the signing key's public half, for reading only: never trust it; check
                   against the key set the council publishes (onrecord signing-key)

To check it: onrecord verify-bundle BUNDLE.zip --trusted-keys COUNCIL_KEYS.txt
(or python3 onrecord-verify.pyz BUNDLE.zip --trusted-keys COUNCIL_KEYS.txt). Exit 0 is
verified; 3 means the content is intact but the signer is unknown.
"""


class ExportError(RuntimeError):
    """The bundle could not be built; nothing is left at the output path."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest_sha256: str
    files: list[dict[str, Any]]


def _custody(
    recording: Recording, statement_ids: list[str], key: Ed25519PrivateKey
) -> dict[str, Any]:
    """Every audit entry about the recording (and its statement) from its ingest on, each with
    a Merkle inclusion proof against a checkpoint of the whole trail signed now (published
    outside the database once this transaction commits), and a consistency proof from the
    latest checkpoint published before: bounded in size, checkable offline (verify.py)."""
    about = Q(object_type="vault.recording", object_id=str(recording.pk)) | Q(
        object_type="vault.explanatorystatement", object_id__in=statement_ids
    )
    ingest = AuditEvent.objects.filter(
        action="vault.ingest", object_type="vault.recording", object_id=str(recording.pk)
    ).first()
    if ingest is None:
        raise ExportError(f"recording {recording.pk} has no ingest entry in the audit trail")
    size = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    leaves = checkpoints.stored_leaves(upto=size)
    if len(leaves) != size:
        raise ExportError("the audit trail has gaps: run onrecord verify-audit; no bundle was made")
    tree = MerkleTree(leaves)
    found = checkpoints.all_checkpoints()
    try:
        note = checkpoints.prepare(tree, key=key, found=found)
    except checkpoints.CheckpointRefused as exc:
        raise ExportError(
            f"the audit trail does not match its signed checkpoints ({exc}); no bundle was made"
        ) from exc
    checkpoints.publish_on_commit(note, tree)
    entries: list[dict[str, Any]] = []
    related = AuditEvent.objects.filter(about, seq__gte=ingest.seq, seq__lte=size).order_by("seq")
    for event in related.iterator(chunk_size=2000):
        fields = event.hashed_fields()
        fields["hash"] = event.hash
        proof = tree.inclusion_proof(event.seq - 1)
        fields["inclusion_proof"] = [base64.b64encode(p).decode() for p in proof]
        entries.append(fields)
    custody: dict[str, Any] = {"checkpoint": note, "entries": entries}
    previous = checkpoints.latest_stored(found)
    earlier = previous.checkpoint if previous is not None else None
    if previous is not None and earlier is not None and 0 < earlier.size < tree.size:
        custody["previous_checkpoint"] = previous.note
        custody["consistency_proof"] = [
            base64.b64encode(p).decode() for p in tree.consistency_proof(earlier.size)
        ]
    return custody


def _minutes(recording: Recording) -> list[dict[str, Any]]:
    entries = TimelineEntry.objects.filter(meeting=recording.meeting, for_minutes=True).order_by(
        "at", "id"
    )
    return [
        {
            "at": timezone.localtime(e.at).isoformat(timespec="seconds"),
            "kind": e.kind,
            "summary": e.summary,
            "body": e.body,
        }
        for e in entries
    ]


def _minutes_text(minutes: list[dict[str, Any]]) -> str:
    lines = ["MINUTES ENTRIES", ""]
    for entry in minutes:
        lines.append(f"{entry['at']}  {entry['summary']}")
        if entry["body"]:
            lines += [f"    {line}" for line in str(entry["body"]).splitlines()]
    return "\n".join(lines) + "\n"


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


class _Writer:
    """Adds members to the zip and remembers each one's SHA-256 and size for the manifest."""

    def __init__(self, bundle: zipfile.ZipFile, when: dt.datetime) -> None:
        self.bundle = bundle
        self.stamp = when.timetuple()[:6]
        self.files: list[dict[str, Any]] = []

    def _info(self, name: str, compress: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = compress
        info.external_attr = 0o600 << 16
        return info

    def add(self, name: str, data: bytes, *, listed: bool = True) -> None:
        self.bundle.writestr(self._info(name, zipfile.ZIP_DEFLATED), data)
        if listed:
            self.files.append(
                {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            )

    def add_stream(self, name: str, source: Any) -> tuple[str, int]:
        digest = hashlib.sha256()
        size = 0
        with self.bundle.open(self._info(name, zipfile.ZIP_STORED), "w", force_zip64=True) as out:
            while piece := source.read(_COPY):
                digest.update(piece)
                size += len(piece)
                out.write(piece)
        self.files.append({"path": name, "sha256": digest.hexdigest(), "size": size})
        return digest.hexdigest(), size


def export_bundle(
    recording: Recording,
    *,
    out: Path,
    reason: str = "",
    signing_key: Ed25519PrivateKey | None = None,
    store: BlobStore | None = None,
    keyring: KeyRing | None = None,
) -> ExportResult:
    """Write the bundle to `out` (mode 0600, put in place only when complete). Audited with the
    current actor and the reason; the audio's SHA-256 must equal the one recorded at ingest."""
    if recording.disposed_at is not None:
        raise ExportError(disposed_notice(recording))
    out = out.resolve()
    if out.exists():
        raise ExportError(f"{out} already exists: choose another name")
    tmp = out.parent / f".{out.name}.{os.getpid()}.{secrets.token_hex(4)}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            written = write_bundle(
                recording,
                handle,
                sent_as=out.name,
                reason=reason,
                signing_key=signing_key,
                store=store,
                keyring=keyring,
                before_audited=lambda: _link(handle, tmp, out),
            )
    finally:
        tmp.unlink(missing_ok=True)
    return ExportResult(out, written.manifest_sha256, written.files)


def _link(handle: BinaryIO, tmp: Path, out: Path) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    try:
        os.link(tmp, out)
    except FileExistsError as exc:
        raise ExportError(f"{out} already exists: choose another name") from exc


@dataclass(frozen=True)
class WrittenBundle:
    manifest_sha256: str
    files: list[dict[str, Any]]


def write_bundle(
    recording: Recording,
    handle: BinaryIO,
    *,
    sent_as: str,
    reason: str = "",
    signing_key: Ed25519PrivateKey | None = None,
    store: BlobStore | None = None,
    keyring: KeyRing | None = None,
    before_audited: Callable[[], None] | None = None,
) -> WrittenBundle:
    """Write the bundle as a zip into `handle` (a file, or an encrypted scratch file that the
    web page streams from: no plaintext copy of the audio is ever named on a node's disk,
    issue 15). `sent_as` names it in the audit trail; `before_audited` runs once the zip is
    complete, before `vault.exported` is recorded (the export command puts its file in place)."""
    if recording.disposed_at is not None:
        raise ExportError(disposed_notice(recording))
    key = signing_key if signing_key is not None else load_signing_key(settings.DATA_DIR)
    now = timezone.now()
    statement = current_statement(recording)
    audit.record(
        "vault.export",
        recording,
        detail={"reason": reason or "(none given)", "statement_version": statement.version},
    )
    try:
        with zipfile.ZipFile(handle, "w") as bundle:
            writer = _Writer(bundle, timezone.localtime(now))
            audio_name = _add_audio(writer, recording, store=store, keyring=keyring)
            _add_statement(writer, statement)
            _add_meeting_record(writer, recording)
            custody_head = _add_custody(writer, recording, key)
            writer.add("README.txt", README.encode())
            manifest = _manifest(
                recording, statement, now, audio_name, custody_head, writer.files, key
            )
            _sign(writer, manifest, key)
        if before_audited is not None:
            before_audited()
    except RecordingUnreadable as exc:
        raise ExportError(str(exc)) from exc
    manifest_sha = hashlib.sha256(manifest).hexdigest()
    audit.record(
        "vault.exported",
        recording,
        detail={"manifest_sha256": manifest_sha, "file": sent_as, "files": len(writer.files)},
    )
    return WrittenBundle(manifest_sha, writer.files)


def _add_audio(
    writer: _Writer, recording: Recording, *, store: BlobStore | None, keyring: KeyRing | None
) -> str:
    """Stream the decrypted original in; refuse the bundle if it is not what ingest recorded."""
    audio_name = f"audio/original.{AUDIO_EXTENSIONS.get(recording.container, 'bin')}"
    with open_recording(recording, purpose="export", store=store, keyring=keyring) as audio:
        sha, size = writer.add_stream(audio_name, audio)
    if sha != recording.sha256 or size != recording.size:
        audit.record(
            "vault.integrity_failure",
            recording,
            detail={"purpose": "export", "problem": "SHA-256 differs from ingest"},
        )
        raise ExportError(
            f"recording {recording.pk}: the decrypted audio's SHA-256 is not the one "
            "recorded at ingest; no bundle was made"
        )
    return audio_name


def _add_statement(writer: _Writer, statement: ExplanatoryStatement) -> None:
    writer.add(STATEMENT, _json(statement_json(statement)))
    writer.add(
        "statement.txt", statement_text(statement.content, version=statement.version).encode()
    )


def _add_meeting_record(writer: _Writer, recording: Recording) -> None:
    """The minutes entries, the approved minutes, the transcript and, for a recording a family
    brought, its provenance, when there are any."""
    minutes = _minutes(recording)
    if minutes:
        writer.add(
            "minutes.json", _json({"meeting": str(recording.meeting_id), "entries": minutes})
        )
        writer.add("minutes.txt", _minutes_text(minutes).encode())
    for name, data in approved_minutes_files(recording.meeting):
        writer.add(name, data)
    for name, data in transcript_files(recording):
        writer.add(name, data)
    for name, data in provenance_files(recording):
        writer.add(name, data)


def _add_custody(writer: _Writer, recording: Recording, key: Ed25519PrivateKey) -> str:
    """The chain of custody; returns the hash of its last entry, which the manifest names."""
    statement_ids = [
        str(pk)
        for pk in ExplanatoryStatement.objects.filter(recording=recording).values_list(
            "pk", flat=True
        )
    ]
    custody = _custody(recording, statement_ids, key)
    writer.add(
        CUSTODY,
        _json(
            {
                "recording": str(recording.pk),
                "format": CUSTODY_FORMAT,
                "about": "every audit entry about this recording since its ingest, each with "
                "an RFC 6962 inclusion proof (leaf index seq - 1) against the signed "
                "checkpoint of the whole audit trail (C2SP signed note); with the checkpoint "
                "published before it and a consistency proof from it, when there is one",
                "hash": "an entry's hash is SHA-256 of the canonical JSON of the fields named "
                "in onrecord.audit.chain.HASHED_FIELDS; its Merkle leaf is "
                "SHA-256(0x00 || those 32 bytes)",
                **custody,
            }
        ),
    )
    return str(custody["entries"][-1]["hash"])


def _manifest(
    recording: Recording,
    statement: ExplanatoryStatement,
    now: dt.datetime,
    audio_name: str,
    custody_head: str,
    files: list[dict[str, Any]],
    key: Ed25519PrivateKey,
) -> bytes:
    """The signed manifest. `created_at` is when it was signed: a verifier trusts the signature
    only with a published key valid at that time; `signing_key` names that key, so a bundle
    re-signed by another key cannot pass for the authority's."""
    return _json(
        {
            "format": BUNDLE_FORMAT,
            "version": BUNDLE_VERSION,
            "created_at": now.astimezone(dt.UTC).isoformat(),
            "signing_key": {"algorithm": "Ed25519", "id": fingerprint(key.public_key())},
            "authority": recording.meeting.case.authority.name,
            "recording": {
                "id": str(recording.pk),
                "sha256": recording.sha256,
                "size": recording.size,
                "audio": audio_name,
            },
            "statement_version": statement.version,
            "custody_head": custody_head,
            "files": files,
        }
    )


def _sign(writer: _Writer, manifest: bytes, key: Ed25519PrivateKey) -> None:
    """The manifest, its Ed25519 signature and the public key (outside the manifest's list).
    The key inside is for reading only: a verifier never trusts it (disclosure/verify.py)."""
    writer.add(MANIFEST, manifest, listed=False)
    writer.add(SIGNATURE, base64.b64encode(key.sign(manifest)) + b"\n", listed=False)
    writer.add(PUBLIC_KEY, public_pem(key.public_key()), listed=False)
