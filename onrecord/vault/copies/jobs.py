"""The background job that makes a copy asked for on the player page (registered by
onrecord/vault/jobs.py, since autodiscovery only finds an app's own jobs.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onrecord.jobs.queue import RunningJob, handler

if TYPE_CHECKING:
    from onrecord.accounts.models import User
    from onrecord.jobs.models import Job
    from onrecord.vault.models import Recording

JOB_KIND = "derive_recording"
SEEKABLE_JOB = "seekable"  # payload["kind"] of a seekable playback copy (derive.py)


def request_seekable_copy(recording: Recording, *, by: User | None) -> Job | None:
    """Queue a seekable playback copy of a browser (WebM) recording, made as `by` (who
    recorded it); None when it needs none, has one, or one is on its way. Called when a live
    recording is finished (vault/live/services.py)."""
    from onrecord.audit import services as audit
    from onrecord.jobs import queue
    from onrecord.jobs.models import Job
    from onrecord.vault.copies.derive import needs_seekable_copy, seekable_copy_of

    if by is None or not needs_seekable_copy(recording) or seekable_copy_of(recording):
        return None
    if Job.objects.filter(
        kind=JOB_KIND,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        payload__recording_id=str(recording.pk),
        payload__kind=SEEKABLE_JOB,
    ).exists():
        return None
    job = queue.enqueue(
        JOB_KIND,
        {"recording_id": str(recording.pk), "user_id": by.pk, "ip": "", "kind": SEEKABLE_JOB},
    )
    if job is not None:
        audit.record(
            "vault.copy_requested", recording, detail={"job": job.pk, "kind": SEEKABLE_JOB}
        )
    return job


@handler(JOB_KIND)
def derive_recording_job(job: RunningJob) -> dict[str, Any]:
    """A redacted or playback copy asked for on the player page, made as the person who asked.
    A refusal (a copy of a copy, a disposed original) is the job's result, not a retry."""
    from onrecord.accounts.models import User
    from onrecord.audit.context import Actor, acting_as
    from onrecord.vault.copies.derive import (
        DerivationError,
        make_playback_copy,
        make_redacted_copy,
        make_seekable_copy,
    )
    from onrecord.vault.copies.spans import Span
    from onrecord.vault.models import Recording

    payload = job.payload
    recording = Recording.objects.get(pk=payload["recording_id"])
    user = User.objects.get(pk=payload["user_id"])
    job.progress(5, "Converting the recording")
    try:
        with acting_as(Actor(user.pk, user.username, user.role, payload.get("ip", ""))):
            if payload["kind"] == Recording.Kind.REDACTED_COPY:
                spans = [Span(s["start"], s["end"], s["reason"]) for s in payload["spans"]]
                copy = make_redacted_copy(recording, spans=spans, reason=payload["reason"], by=user)
            elif payload["kind"] == SEEKABLE_JOB:
                copy = make_seekable_copy(recording, by=user)
            else:
                copy = make_playback_copy(recording, by=user)
    except DerivationError as refusal:
        return {"refused": str(refusal)}
    return {"copy": str(copy.pk)}
