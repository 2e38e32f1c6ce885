"""Background jobs of the request workflow."""

from __future__ import annotations

from typing import Any

from onrecord.jobs.queue import RunningJob, handler
from onrecord.recording_requests.services import send_reminders


@handler("send_reminders")
def send_reminders_job(job: RunningJob) -> dict[str, Any]:
    return {"sent": send_reminders()}
