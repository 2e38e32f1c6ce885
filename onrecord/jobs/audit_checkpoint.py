"""The hourly signed checkpoint of the audit trail (onrecord/audit/checkpoints.py, docs/AUDIT.md).

Registered here, in the jobs app, because the audit trail sits below the job queue in the layers
and cannot import it; the jobs app imports it at start-up (apps.py)."""

from __future__ import annotations

from typing import Any

from onrecord.audit.services import write_checkpoint
from onrecord.jobs.queue import RunningJob, handler


@handler("audit_checkpoint")
def audit_checkpoint_job(job: RunningJob) -> dict[str, Any]:
    """Verify the trail and sign its head; fail (and so be seen, and retried) if it no longer
    matches the checkpoints already written: a rewritten trail is never signed."""
    written = write_checkpoint()
    if written is None:
        return {"written": False}
    return {"written": True, "size": written.size, "timestamp": written.timestamp}
