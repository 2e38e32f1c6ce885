from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from onrecord.jobs.models import Job


class JobsConfig(AppConfig):
    name = "onrecord.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app's jobs.py registers its handlers with onrecord.jobs.queue.handler.
        autodiscover_modules("jobs")
        # The audit trail's hourly checkpoint and the daily clearing of sessions: audit and
        # accounts are below jobs, so their handlers live here.
        from onrecord.jobs import (
            audit_checkpoint,  # noqa: F401
            clear_sessions,  # noqa: F401
            queue,
        )

        queue.set_publisher(_publish_new)


def _publish_new(job: Job) -> None:
    """Celery mode's publisher for newly queued jobs. dispatch (and Celery with it) is imported
    only when a job is first published, as before: a server without a broker never loads it."""
    from onrecord.jobs import dispatch

    dispatch.publish_new(job)
