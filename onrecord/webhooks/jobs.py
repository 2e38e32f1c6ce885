"""The delivery job, found by the jobs app at start-up (onrecord/jobs/apps.py)."""

from __future__ import annotations

from typing import Any

from onrecord.jobs.queue import RunningJob, handler
from onrecord.webhooks import services


@handler(services.JOB_KIND)
def deliver_webhook(job: RunningJob) -> dict[str, Any]:
    return services.deliver(int(job.payload["delivery"]))
