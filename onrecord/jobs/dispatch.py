"""Celery as a delivery mechanism for the database job queue (docs/JOBS.md).

The Job row stays the single source of truth. A Celery message only says "job N may be ready";
the worker that receives it claims job N with the same atomic conditional UPDATE the embedded
worker uses (queue.claim_job), so a message delivered twice, late, or to two workers at once
runs the job at most once at a time, and only the lease holder can finish it. A message that is
lost costs nothing either: sweep() publishes again every job that is due but was not published
since it became due, or whose worker's lease ran out.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from celery import Celery
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from onrecord.audit.context import Actor, acting_as
from onrecord.config import ConfigError
from onrecord.jobs import queue
from onrecord.jobs.models import Job

log = logging.getLogger(__name__)

TASK_NAME = "onrecord.jobs.run_job"


@functools.cache
def celery_app(broker_url: str, queue_name: str) -> Celery:
    """One Celery app per broker and queue, for publishing and for workers alike."""
    app = Celery("onrecord", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=queue_name,
        # Acknowledge a message only after its task has run, and give it back to the broker if
        # the worker process dies, so a killed worker's message is delivered again.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # Jobs are long (transcription): hold no extra messages a busy worker cannot start.
        worker_prefetch_multiplier=1,
        # State and results live in the Job row, not in a Celery result backend.
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        enable_utc=True,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        # Publishing happens after a web request's commit: fail fast, the sweep publishes later.
        task_publish_retry_policy={
            "max_retries": 2,
            "interval_start": 0.2,
            "interval_step": 0.5,
            "interval_max": 1,
        },
        worker_send_task_events=False,
        task_send_sent_event=False,
    )
    return app


def app() -> Celery:
    if not settings.ONRECORD_JOBS_BROKER:
        raise ConfigError("ONRECORD_JOBS_BROKER is not set: Celery mode needs a broker URL")
    return celery_app(settings.ONRECORD_JOBS_BROKER, settings.ONRECORD_JOBS_QUEUE)


def send(job_id: int) -> None:
    """The port to the broker: publish "run job N", raising if the broker cannot take it."""
    app().send_task(TASK_NAME, args=[job_id])


def publish(job_id: int) -> bool:
    try:
        send(job_id)
    except Exception:  # the broker is down: the job is safe in the database, sweep() retries
        log.exception("could not publish job %s to the broker; the sweep will retry", job_id)
        return False
    return True


def publish_new(job: Job) -> None:
    """Publish a job just committed by enqueue (a job due later is left to the sweep)."""
    now = timezone.now()
    if job.run_after > now:
        return
    if Job.objects.filter(pk=job.pk, dispatched_at__isnull=True).update(dispatched_at=now):
        _publish_stamped(job.pk, now)


def _publish_stamped(job_id: int, stamp: dt.datetime) -> bool:
    if publish(job_id):
        return True
    # Not published after all: clear the stamp so the next sweep tries again at once.
    Job.objects.filter(pk=job_id, dispatched_at=stamp).update(dispatched_at=None)
    return False


def redispatch_after() -> dt.timedelta:
    """How long a published message may wait before the job is published again, in case the
    message was lost. A duplicate is harmless (the claim refuses it), only wasteful."""
    return 5 * queue.lease()


def _needs_publishing(now: dt.datetime) -> Q:
    stale = Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - redispatch_after())
    # Due, and not published since it became due (new, retried after a failure, or lost).
    due = Q(status=Job.Status.QUEUED, run_after__lte=now) & (
        stale | Q(dispatched_at__lt=F("run_after"))
    )
    # Its worker stopped renewing the lease (killed, or the machine died): not published
    # since the lease ran out.
    abandoned = Q(status=Job.Status.RUNNING, lease_expires_at__lt=now) & (
        stale | Q(dispatched_at__lt=F("lease_expires_at"))
    )
    return due | abandoned


def sweep(*, now: dt.datetime | None = None, limit: int = 200) -> list[int]:
    """Publish every job a worker should pick up but may have no message for. Each job is
    stamped with one conditional UPDATE first, so sweepers running side by side (one per
    Celery worker) publish it once between them. Returns the ids published."""
    now = now or timezone.now()
    published: list[int] = []
    candidates = (
        Job.objects.filter(_needs_publishing(now))
        .order_by("run_after", "id")
        .values_list("id", flat=True)[:limit]
    )
    for job_id in list(candidates):
        if not Job.objects.filter(Q(pk=job_id) & _needs_publishing(now)).update(dispatched_at=now):
            continue  # another sweeper took it
        if not _publish_stamped(job_id, now):
            break  # the broker is unreachable; try again next sweep
        published.append(job_id)
    return published


def run_delivered(job_id: object, worker: str) -> str:
    """What a Celery worker does with "run job N": claim that job and run it, or do nothing
    if it is not claimable (done, failed, not yet due, or held by a live worker). Returns
    what happened, for the worker's log."""
    if type(job_id) is not int or job_id < 1:
        log.error("refused a job message with a malformed id: %r", job_id)
        return "refused"
    with acting_as(Actor(None, f"worker {worker}", "")):
        job = queue.claim_job(job_id, worker)
        if job is None:
            log.info("job %s is done, not due or held by a live worker: message dropped", job_id)
            return "skipped"
        queue.run_claimed(job, worker)
    return "ran"
