"""The background job that makes a copy asked for on the player page (registered by
onrecord/vault/jobs.py, since autodiscovery only finds an app's own jobs.py)."""

from __future__ import annotations

from typing import Any

from onrecord.jobs.queue import RunningJob, handler


@handler("derive_recording")
def derive_recording_job(job: RunningJob) -> dict[str, Any]:
    """A redacted or playback copy asked for on the player page, made as the person who asked.
    A refusal (a copy of a copy, a disposed original) is the job's result, not a retry."""
    from onrecord.accounts.models import User
    from onrecord.audit.context import Actor, acting_as
    from onrecord.vault.copies.derive import DerivationError, make_playback_copy, make_redacted_copy
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
            else:
                copy = make_playback_copy(recording, by=user)
    except DerivationError as refusal:
        return {"refused": str(refusal)}
    return {"copy": str(copy.pk)}
