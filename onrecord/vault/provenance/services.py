"""Receiving a family's recording and placing it on the meeting's timeline.

    receipt = record_receipt(recording, obtained="covert_found", given_by="Mary Mother",
                             received_by=social_worker)         # inside the caller's transaction
    report = align_recording(recording, requested_by=social_worker)  # the job's work

On receipt the stored original is read once for its technical metadata (an audited open, purpose
"provenance"), and the receipt row, its audit entry and the comparison job are written in the
caller's transaction. The comparison decodes the family's recording and the council's own
recording of the meeting (each an audited open), aligns them (alignment.py) and stores the
report with its audit entry in one transaction. With no council recording, the report says the
comparison was not possible, and the receipt's metadata and hash are what there is.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import av
import numpy as np
from django.db import transaction
from django.utils import timezone

from onrecord.audit import services as audit
from onrecord.jobs import queue
from onrecord.jobs.models import Job
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.types import SpeechError
from onrecord.vault.disposed import RecordingDisposed
from onrecord.vault.models import Recording
from onrecord.vault.models.provenance import (
    TAG_REMOVAL_FIELDS,
    AlignmentReport,
    Receipt,
    tags_digest,
    without_tags,
)
from onrecord.vault.provenance import alignment
from onrecord.vault.provenance.media_tags import MetadataError, read_metadata
from onrecord.vault.services import RecordingUnreadable, open_recording

if TYPE_CHECKING:
    from onrecord.accounts.models import User
    from onrecord.cases.models import Meeting

PURPOSE = "provenance"
JOB_KIND = "align_recording"  # jobs.py runs it
DECODE_SECONDS = 60.0
MAX_GIVEN_BY = 200
MAX_DETAILS = 2000
NO_REFERENCE = (
    "The council has no recording of this meeting, so this recording could not be placed on "
    "the meeting's timeline. Its fingerprint (SHA-256) and what the file says about itself are "
    "recorded."
)


class ProvenanceError(ValueError):
    """What was given about a recording's provenance is not acceptable; nothing was stored.
    `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def method() -> str:
    """What compares the recordings, with versions, for the report and the court."""
    return (
        f"OnRecord alignment: {alignment.BANDS}-band log-mel features every "
        f"{1000 // alignment.FRAMES_PER_SECOND} ms, {alignment.WINDOW_SECONDS:g} s windows "
        f"every {alignment.STEP_SECONDS:g} s, normalised cross-correlation; "
        f"PyAV {av.__version__}, NumPy {np.__version__}, OnRecord {_own_version()}"
    )[:200]


def _own_version() -> str:
    try:
        return version("onrecord")
    except Exception:  # not installed as a package (a checkout)
        return "checkout"


def check_receipt(obtained: str, obtained_details: str, given_by: str) -> tuple[str, str, str]:
    """The three answers, cleaned; ProvenanceError names the first one at fault."""
    if obtained not in Receipt.Obtained.values:
        raise ProvenanceError("obtained", "Select how the recording was obtained")
    details = obtained_details.strip()
    if obtained == Receipt.Obtained.OTHER and not details:
        raise ProvenanceError("obtained_details", "Say how the recording was obtained")
    if len(details) > MAX_DETAILS:
        raise ProvenanceError(
            "obtained_details",
            f"How it was obtained must be {MAX_DETAILS:,} characters or fewer",
        )
    giver = " ".join(given_by.split())
    if not giver:
        raise ProvenanceError("given_by", "Enter the name of who handed the recording over")
    if len(giver) > MAX_GIVEN_BY:
        raise ProvenanceError(
            "given_by", f"Who handed it over must be {MAX_GIVEN_BY} characters or fewer"
        )
    return obtained, details, giver


def record_receipt(
    recording: Recording,
    *,
    obtained: str,
    given_by: str,
    received_by: User,
    obtained_details: str = "",
) -> Receipt:
    """The receipt of a family's recording (a parent's copy), with its metadata read from the
    stored original, its audit entry, and the comparison queued; in one transaction."""
    obtained, details, giver = check_receipt(obtained, obtained_details, given_by)
    if recording.kind != Recording.Kind.PARENT_COPY:
        raise ProvenanceError("recording", "Only a recording a family brings has a receipt")
    with transaction.atomic():
        metadata = _metadata(recording)
        receipt = Receipt.objects.create(
            recording=recording,
            obtained=obtained,
            obtained_details=details,
            given_by=giver,
            received_by=received_by,
            received_at=timezone.now(),
            metadata=metadata,
        )
        audit.record(
            "vault.provenance_received",
            recording,
            detail={
                "obtained": obtained,
                "given_by": giver,
                "received_by": received_by.pk,
                "sha256": recording.sha256,
            },
        )
        queue_alignment(recording, by=received_by)
    return receipt


def pending_alignment(recording: Recording) -> bool:
    return Job.objects.filter(
        kind=JOB_KIND,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        payload__recording_id=str(recording.pk),
    ).exists()


def queue_alignment(recording: Recording, *, by: User | None) -> Job | None:
    """Queue the comparison, unless one is already on its way (then None)."""
    if pending_alignment(recording):
        return None
    job = queue.enqueue(
        JOB_KIND, {"recording_id": str(recording.pk), "user_id": by.pk if by else None}
    )
    if job is not None:
        audit.record("vault.provenance_queued", recording, detail={"job": job.pk})
    return job


def _metadata(recording: Recording) -> dict[str, Any]:
    try:
        with open_recording(recording, purpose=PURPOSE) as source:
            return read_metadata(source)
    except (MetadataError, RecordingUnreadable) as problem:
        return {"unreadable": str(problem)}


def council_recording(meeting: Meeting) -> Recording | None:
    """The council's own recording of the meeting to compare with: the longest still held."""
    return (
        Recording.objects.filter(
            meeting=meeting, kind=Recording.Kind.AUTHORITY, disposed_at__isnull=True
        )
        .order_by("-duration_seconds", "created_at")
        .first()
    )


Progress = Callable[[int, str], None]


def _features(
    recording: Recording, progress: Progress, percent: int, what: str
) -> alignment.Features:
    with open_recording(recording, purpose=PURPOSE) as source:
        # The decrypting reader is a seekable binary file: all PyAV needs.
        windows = DecodedWindows(cast(BinaryIO, source), seconds=DECODE_SECONDS, overlap=0.0)
        stream = alignment.FeatureStream()
        for _, start, samples in windows(0):
            progress(percent, f"Reading {what}: {start / 60:.0f} minutes in")
            stream.feed(samples)
        return stream.finish()


def _quiet(percent: int, note: str) -> None:
    """No progress to report (outside a job)."""


def align_recording(
    recording: Recording, *, requested_by: User | None, progress: Progress = _quiet
) -> AlignmentReport:
    """Compare the family's recording with the council's and store the report (a new one each
    time: earlier reports stay)."""
    if recording.kind != Recording.Kind.PARENT_COPY:
        raise ProvenanceError("recording", "Only a recording a family brings is compared")
    reference = council_recording(recording.meeting)
    result: dict[str, Any]
    if reference is None:
        outcome, result = AlignmentReport.Outcome.NO_REFERENCE, {"reason": NO_REFERENCE}
    else:
        try:
            copy = _features(recording, progress, 10, "the family's recording")
            council = _features(reference, progress, 30, "the council's recording")
            found = alignment.align(
                copy,
                council,
                progress=lambda share: progress(50 + round(45 * share), "Comparing"),
            )
        except (RecordingUnreadable, RecordingDisposed, SpeechError, alignment.AlignmentError) as e:
            outcome, result = AlignmentReport.Outcome.FAILED, {"reason": _failure(e)}
        else:
            outcome = (
                AlignmentReport.Outcome.ALIGNED
                if found.status is alignment.Status.ALIGNED
                else AlignmentReport.Outcome.NO_MATCH
            )
            result = found.as_dict()
    with transaction.atomic():
        report = AlignmentReport.objects.create(
            recording=recording,
            reference=reference,
            outcome=outcome,
            result=result,
            method=method(),
            requested_by=requested_by,
            made_at=timezone.now(),
        )
        audit.record(
            "vault.provenance_aligned",
            recording,
            detail={
                "report": report.pk,
                "outcome": outcome,
                "reference": str(reference.pk) if reference else None,
                "reference_sha256": reference.sha256 if reference else None,
                "requested_by": requested_by.pk if requested_by else None,
            },
        )
    return report


def _failure(problem: Exception) -> str:
    return f"The recordings could not be compared: {problem}"[:1000]


def latest_report(recording: Recording) -> AlignmentReport | None:
    return recording.alignment_reports.order_by("-made_at", "-id").first()


def receipt_of(recording: Recording) -> Receipt | None:
    try:
        return recording.receipt
    except Receipt.DoesNotExist:
        return None


def remove_receipt_tags(recording: Recording) -> Receipt | None:
    """When a family's recording is disposed of, its receipt keeps no tags from the file
    (a phone's tags may hold a place): the metadata without them, when they were removed and
    their SHA-256, with an audit entry, in the caller's transaction (retention's `dispose`).
    What proves what was held and when stays: the recording's SHA-256 and size, who gave it,
    how it was obtained, when it was received, the technical metadata, and the audit chain's
    entries. None where there is no receipt, or its tags are already gone."""
    receipt = Receipt.objects.select_for_update().filter(recording=recording).first()
    if receipt is None or receipt.tags_removed_at is not None:
        return None
    held = receipt.metadata
    receipt.metadata = without_tags(held)
    receipt.removed_tags_sha256 = tags_digest(held)
    receipt.tags_removed_at = timezone.now()
    receipt.recording = recording
    receipt.save(update_fields=sorted(TAG_REMOVAL_FIELDS))
    audit.record(
        "vault.provenance_tags_removed",
        recording,
        detail={"sha256": recording.sha256, "removed_tags_sha256": receipt.removed_tags_sha256},
    )
    return receipt
