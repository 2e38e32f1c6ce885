"""Background jobs of the vault: the daily sweep (issue 6), the copies' job, and the comparison
of a family's recording with the council's (provenance/jobs.py). Retention's
daily run is onrecord/retention/jobs.py."""

from __future__ import annotations

from typing import Any

from onrecord.jobs.queue import RunningJob, handler
from onrecord.vault.copies import jobs as copies_jobs  # noqa: F401  (registers derive_recording)
from onrecord.vault.live.services import sweep_interrupted
from onrecord.vault.provenance import jobs as provenance_jobs  # noqa: F401  (align_recording)
from onrecord.vault.resumable.services import sweep_stale
from onrecord.vault.services import sweep


@handler("vault_sweep")
def vault_sweep_job(job: RunningJob) -> dict[str, Any]:
    """Remove what crashed uploads left behind (temporaries, and blobs whose row was never
    committed), once they are older than the grace period that protects uploads in progress;
    finish interrupted browser recordings."""
    report = sweep()
    # And recordings the browser's recorder left open (a crashed laptop, a closed tab): idle
    # for ONRECORD_LIVE_ABANDON_HOURS, they are finished from what arrived (live/services.py).
    interrupted = sweep_interrupted()
    # And resumable uploads nobody has added to for a day (a phone that gave up).
    dropped = sweep_stale()
    return {
        "temporaries_removed": report.temporaries_removed,
        "orphans_removed": report.orphans_removed,
        "spool_removed": report.spool_removed,
        "live_spools_moved": report.live_spools_moved,
        "bundles_removed": report.bundles_removed,
        "live_recordings_finished": [str(r.pk) for r in interrupted.finished],
        "live_recordings_not_finished": interrupted.failed,
        "resumable_uploads_dropped": dropped,
    }
