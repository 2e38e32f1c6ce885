"""Enqueue, claim, renew, finish: the job queue's whole protocol, each step one atomic
statement so concurrent workers on SQLite or PostgreSQL never share a job.

With ONRECORD_JOBS_BROKER set, enqueue also publishes the job's id to Celery once the
transaction commits, through the publisher JobsConfig.ready sets (onrecord/jobs/dispatch.py,
which builds on this module, so this one never imports it); the Celery task claims that exact
job with claim_job and runs it with run_claimed, the same protocol as the embedded worker."""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from onrecord.jobs.models import Job

# The default lease; ONRECORD_JOBS_LEASE_SECONDS changes it (lease() is the one in force).
LEASE = dt.timedelta(seconds=60)

Handler = Callable[["RunningJob"], dict[str, Any] | None]
_HANDLERS: dict[str, Handler] = {}
Publisher = Callable[[Job], None]
_publisher: Publisher | None = None


class LeaseLost(Exception):
    """This worker no longer holds the job (it took too long, or was presumed dead)."""


# Kinds whose steps between progress reports are long (a transcription window) hold a longer
# lease, so a slow but live worker is not presumed dead and its job run twice.
_KIND_LEASES: dict[str, dt.timedelta] = {}


def lease(kind: str | None = None) -> dt.timedelta:
    """The lease in force: ONRECORD_JOBS_LEASE_SECONDS, or longer for a kind that asked."""
    default = dt.timedelta(seconds=settings.ONRECORD_JOBS_LEASE_SECONDS)
    return max(default, _KIND_LEASES.get(kind or "", default))


def handler(kind: str, *, lease_seconds: int | None = None) -> Callable[[Handler], Handler]:
    """Register a job kind's handler; `lease_seconds` for a kind that may go that long between
    progress reports (a crashed worker's job then waits that long before it is claimed again)."""

    def register(function: Handler) -> Handler:
        _HANDLERS[kind] = function
        if lease_seconds is not None:
            _KIND_LEASES[kind] = dt.timedelta(seconds=lease_seconds)
        return function

    return register


def handlers() -> dict[str, Handler]:
    return dict(_HANDLERS)


def set_publisher(publish: Publisher) -> None:
    """What enqueue calls, after commit, in Celery mode (ONRECORD_JOBS_BROKER set)."""
    global _publisher
    _publisher = publish


def _publish(job: Job) -> None:
    if _publisher is None:  # only if the jobs app never became ready; the sweep still finds it
        raise RuntimeError("no job publisher is set (onrecord.jobs is not in INSTALLED_APPS?)")
    _publisher(job)


def enqueue(
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    unique_key: str | None = None,
    run_after: dt.datetime | None = None,
) -> Job | None:
    """Queue a job; with unique_key, None if that job was already queued once."""
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                payload=payload or {},
                unique_key=unique_key,
                run_after=run_after or timezone.now(),
            )
            if settings.ONRECORD_JOBS_BROKER:
                # After commit, so a worker never receives the id of a row it cannot see yet
                # (or one that was rolled back); a job due later is published by the sweep.
                # robust: a failure here is logged, never turned into an error for a request
                # whose work has already been committed.
                transaction.on_commit(lambda: _publish(job), robust=True)
            return job
    except IntegrityError:
        if unique_key is None:
            raise
        return None


def _claimable(now: dt.datetime) -> Q:
    ready = Q(status=Job.Status.QUEUED, run_after__lte=now)
    abandoned = Q(status=Job.Status.RUNNING, lease_expires_at__lt=now)
    return ready | abandoned


def claim(
    worker: str, kinds: list[str] | None = None, *, now: dt.datetime | None = None
) -> Job | None:
    """Claim the oldest ready job. The UPDATE repeats the readiness condition, so if another
    worker claimed the same row a moment earlier this one changes nothing and tries the next."""
    now = now or timezone.now()
    for _ in range(10):
        candidates = Job.objects.filter(_claimable(now))
        if kinds is not None:
            candidates = candidates.filter(kind__in=kinds)
        row = candidates.order_by("run_after", "id").values_list("id", "kind").first()
        if row is None:
            return None
        candidate, kind = row
        claimed = Job.objects.filter(Q(pk=candidate) & _claimable(now)).update(
            status=Job.Status.RUNNING,
            claimed_by=worker,
            lease_expires_at=now + lease(kind),
            attempts=F("attempts") + 1,
        )
        if claimed == 1:
            return Job.objects.get(pk=candidate)
    return None


def claim_job(job_id: int, worker: str, *, now: dt.datetime | None = None) -> Job | None:
    """Claim this one job if it is ready (or its holder's lease ran out): the Celery task's
    claim. None when it is done, failed, not yet due, or held by a live worker."""
    now = now or timezone.now()
    kind = Job.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    claimed = Job.objects.filter(Q(pk=job_id) & _claimable(now)).update(
        status=Job.Status.RUNNING,
        claimed_by=worker,
        lease_expires_at=now + lease(kind),
        attempts=F("attempts") + 1,
    )
    return Job.objects.get(pk=job_id) if claimed == 1 else None


class RunningJob:
    """What a handler sees: its payload, and a way to report progress (which renews the lease
    and raises LeaseLost if another worker has taken the job over)."""

    def __init__(self, job: Job, worker: str):
        self.job = job
        self.worker = worker

    @property
    def payload(self) -> dict[str, Any]:
        return dict(self.job.payload)

    def progress(self, percent: int, note: str = "") -> None:
        now = timezone.now()
        updated = Job.objects.filter(
            pk=self.job.pk, status=Job.Status.RUNNING, claimed_by=self.worker
        ).update(
            progress=max(0, min(100, percent)),
            progress_note=note[:200],
            lease_expires_at=now + lease(self.job.kind),
        )
        if updated != 1:
            raise LeaseLost(f"job {self.job.pk} is no longer held by {self.worker}")


def finish(job: Job, worker: str, result: dict[str, Any] | None) -> bool:
    """Record success only if this worker still holds the job: a presumed-dead worker that
    wakes up late cannot mark the job done a second time."""
    return (
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, claimed_by=worker).update(
            status=Job.Status.DONE,
            progress=100,
            result=result or {},
            finished_at=timezone.now(),
            lease_expires_at=None,
        )
        == 1
    )


def fail(job: Job, worker: str, error: str) -> None:
    retry = job.attempts < job.max_attempts
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, claimed_by=worker).update(
        status=Job.Status.QUEUED if retry else Job.Status.FAILED,
        error=error[-5000:],
        run_after=timezone.now() + dt.timedelta(seconds=30 * job.attempts),
        lease_expires_at=None,
        finished_at=None if retry else timezone.now(),
    )


def run_one(worker: str, kinds: list[str] | None = None) -> Job | None:
    """Claim and run one job; returns it (or None when there was nothing to do)."""
    job = claim(worker, kinds)
    if job is None:
        return None
    run_claimed(job, worker)
    return job


def run_claimed(job: Job, worker: str) -> None:
    """Run a job this worker has just claimed, and record how it ended (if it still holds it)."""
    function = _HANDLERS.get(job.kind)
    if function is None:
        fail(job, worker, f"no handler for job kind {job.kind!r}")
        return
    try:
        result = function(RunningJob(job, worker))
    except LeaseLost:
        return
    except Exception:  # a job's failure is recorded on the job, never lost
        fail(job, worker, traceback.format_exc())
        return
    finish(job, worker, result)
