"""Background jobs of retention: the daily warnings run (found by onrecord.jobs' autodiscovery)."""

from __future__ import annotations

from typing import Any

from onrecord.jobs.queue import RunningJob, handler
from onrecord.retention.disposal import purge_disposed_blobs
from onrecord.retention.owner_warnings import send_retention_warnings


@handler("retention_warnings")
def retention_warnings_job(job: RunningJob) -> dict[str, Any]:
    """Warn record owners of recordings coming up for disposal; delete any encrypted file a
    disposal could not delete at the time. Disposal itself is never done here."""
    return {"warned": send_retention_warnings(), "files_deleted": purge_disposed_blobs()}
