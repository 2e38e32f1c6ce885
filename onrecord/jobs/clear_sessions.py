"""The daily clearing of ended sessions (accounts/sessions_cleanup.py), queued by
jobs/worker.py PERIODIC. Accounts is below jobs, so its handler lives here (as the audit
checkpoint's does)."""

from __future__ import annotations

from typing import Any

from onrecord.accounts.sessions_cleanup import clear_sessions
from onrecord.jobs.queue import RunningJob, handler


@handler("clear_sessions")
def clear_sessions_job(job: RunningJob) -> dict[str, Any]:
    """Django's expired sessions removed (as `clearsessions` does), and the identity
    provider's session ids kept for sessions that are gone."""
    cleared = clear_sessions()
    return {
        "sso_sessions_removed": cleared.sso_sessions_removed,
        "logout_tokens_removed": cleared.logout_tokens_removed,
    }
