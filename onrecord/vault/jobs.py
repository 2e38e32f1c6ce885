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
