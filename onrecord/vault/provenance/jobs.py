"""The background job that compares a family's recording with the council's (registered by
onrecord/vault/jobs.py, since autodiscovery only finds an app's own jobs.py). It runs as the
system: the audit trail shows the system opening both recordings, at the request of whoever
received the family's recording or asked to compare again (`requested_by`)."""

from __future__ import annotations

from typing import Any

from onrecord.jobs.queue import RunningJob, handler
from onrecord.vault.provenance.services import JOB_KIND


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
