"""The background job that compares a family's recording with the council's (registered by
onrecord/vault/jobs.py, since autodiscovery only finds an app's own jobs.py). It runs as the
system: the audit trail shows the system opening both recordings, at the request of whoever
received the family's recording or asked to compare again (`requested_by`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onrecord.jobs.queue import RunningJob, handler

if TYPE_CHECKING:
    from onrecord.accounts.models import User
    from onrecord.jobs.models import Job
    from onrecord.vault.models import Recording

JOB_KIND = "align_recording"


def pending_alignment(recording: Recording) -> bool:
    from onrecord.jobs.models import Job

    return Job.objects.filter(
        kind=JOB_KIND,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        payload__recording_id=str(recording.pk),
    ).exists()


def queue_alignment(recording: Recording, *, by: User | None) -> Job | None:
    """Queue the comparison, unless one is already on its way (then None)."""
    from onrecord.audit import services as audit
    from onrecord.jobs import queue

    if pending_alignment(recording):
        return None
    job = queue.enqueue(
        JOB_KIND, {"recording_id": str(recording.pk), "user_id": by.pk if by else None}
    )
    if job is not None:
        audit.record("vault.provenance_queued", recording, detail={"job": job.pk})
    return job


# Reading an hour of audio takes a while between progress reports on two busy cores.
@handler(JOB_KIND, lease_seconds=300)
def align_recording_job(job: RunningJob) -> dict[str, Any]:
    from onrecord.accounts.models import User
    from onrecord.vault.models import Recording
    from onrecord.vault.provenance.services import ProvenanceError, align_recording

    payload = job.payload
    recording = Recording.objects.select_related("meeting").get(pk=payload["recording_id"])
    user_id = payload.get("user_id")
    requested_by = User.objects.filter(pk=user_id).first() if user_id else None
    job.progress(5, "Comparing with the council's recording")
    try:
        report = align_recording(recording, requested_by=requested_by, progress=job.progress)
    except ProvenanceError as refusal:
        return {"refused": str(refusal)}
    return {"report": report.pk, "outcome": report.outcome}
