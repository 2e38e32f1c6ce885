"""Background jobs of the vault: the daily retention run and the daily sweep (issue 6)."""

from __future__ import annotations

from typing import Any

from onrecord.jobs.queue import RunningJob, handler
from onrecord.vault.disposal import purge_disposed_blobs
from onrecord.vault.live_services import sweep_interrupted
from onrecord.vault.services import sweep
from onrecord.vault.warnings import send_retention_warnings


@handler("retention_warnings")
def retention_warnings_job(job: RunningJob) -> dict[str, Any]:
    """Warn record owners of recordings coming up for disposal; delete any encrypted file a
    disposal could not delete at the time. Disposal itself is never done here."""
    return {"warned": send_retention_warnings(), "files_deleted": purge_disposed_blobs()}


@handler("vault_sweep")
def vault_sweep_job(job: RunningJob) -> dict[str, Any]:
    """Remove what crashed uploads left behind (temporaries, and blobs whose row was never
    committed), once they are older than the grace period that protects uploads in progress;
    finish interrupted browser recordings."""
    report = sweep()
    # And recordings the browser's recorder left open (a crashed laptop, a closed tab): idle
    # for ONRECORD_LIVE_ABANDON_HOURS, they are finished from what arrived (live_services.py).
    interrupted = sweep_interrupted()
    return {
        "temporaries_removed": report.temporaries_removed,
        "orphans_removed": report.orphans_removed,
        "live_recordings_finished": [str(r.pk) for r in interrupted.finished],
        "live_recordings_not_finished": interrupted.failed,
    }


@handler("derive_recording")
def derive_recording_job(job: RunningJob) -> dict[str, Any]:
    """A redacted or playback copy asked for on the player page, made as the person who asked.
    A refusal (a copy of a copy, a disposed original) is the job's result, not a retry."""
    from onrecord.accounts.models import User
    from onrecord.audit.context import Actor, acting_as
    from onrecord.vault.derived import DerivationError, make_playback_copy, make_redacted_copy
    from onrecord.vault.models import Recording
    from onrecord.vault.spans import Span

    payload = job.payload
    recording = Recording.objects.get(pk=payload["recording_id"])
    user = User.objects.get(pk=payload["user_id"])
    job.progress(5, "Converting the recording")
    try:
        with acting_as(Actor(user.pk, user.username, user.role, payload.get("ip", ""))):
            if payload["kind"] == Recording.Kind.REDACTED_COPY:
                spans = [Span(s["start"], s["end"], s["reason"]) for s in payload["spans"]]
                copy = make_redacted_copy(recording, spans=spans, reason=payload["reason"], by=user)
            else:
                copy = make_playback_copy(recording, by=user)
    except DerivationError as refusal:
        return {"refused": str(refusal)}
    return {"copy": str(copy.pk)}
