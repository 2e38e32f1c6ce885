"""The database job queue: exclusive claims, leases, recovery from a dead worker without
doing a job twice, retries, and one periodic job per time slot."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from onrecord.jobs import queue
from onrecord.jobs.models import Job

pytestmark = pytest.mark.django_db


@queue.handler("test_echo")
def _echo(job: queue.RunningJob) -> dict[str, Any]:
    job.progress(50, "half way")
    return {"echo": job.payload["value"]}


@queue.handler("test_boom")
def _boom(job: queue.RunningJob) -> dict[str, Any]:
    raise RuntimeError("the transcription model is missing")


def test_a_job_runs_once_and_records_its_result() -> None:
    job = queue.enqueue("test_echo", {"value": 7})
    assert job is not None
    assert queue.run_one("w1") is not None
    job.refresh_from_db()
    assert (job.status, job.result, job.progress, job.attempts) == ("done", {"echo": 7}, 100, 1)
    assert queue.run_one("w1") is None


def test_a_dead_workers_job_is_taken_over_and_its_late_result_refused() -> None:
    job = queue.enqueue("test_echo", {"value": 1})
    assert job is not None
    first = queue.claim("dying-worker")
    assert first is not None
    # The lease runs out (the worker was killed); a second worker claims the job.
    later = timezone.now() + queue.LEASE + dt.timedelta(seconds=1)
    second = queue.claim("healthy-worker", now=later)
    assert second is not None
    assert second.pk == job.pk
    assert queue.finish(second, "healthy-worker", {"by": "healthy"})
    # The first worker wakes up and tries to finish: refused, the job is not done twice.
    assert not queue.finish(first, "dying-worker", {"by": "dying"})
    with pytest.raises(queue.LeaseLost):
        queue.RunningJob(first, "dying-worker").progress(90)
    job.refresh_from_db()
    assert job.result == {"by": "healthy"}
    assert job.attempts == 2


def test_a_running_job_with_a_live_lease_is_not_claimed_again() -> None:
    queue.enqueue("test_echo", {"value": 1})
    assert queue.claim("w1") is not None
    assert queue.claim("w2") is None


def test_failures_are_retried_then_recorded() -> None:
    job = queue.enqueue("test_boom")
    assert job is not None
    for attempt in range(job.max_attempts):
        Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
        assert queue.run_one("w1") is not None, attempt
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "the transcription model is missing" in job.error
    assert queue.run_one("w1") is None


def test_unknown_kind_fails_clearly() -> None:
    job = queue.enqueue("no_such_kind")
    assert job is not None
    Job.objects.filter(pk=job.pk).update(max_attempts=1)
    queue.run_one("w1")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no handler for job kind 'no_such_kind'" in job.error


def test_unique_key_queues_a_periodic_job_once_per_slot() -> None:
    assert queue.enqueue("send_reminders", unique_key="send_reminders:2026-11-24T10")
    assert queue.enqueue("send_reminders", unique_key="send_reminders:2026-11-24T10") is None
    assert Job.objects.count() == 1


@pytest.mark.slow  # a race between threads
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_concurrent_workers_never_share_a_job() -> None:
    for value in range(60):
        queue.enqueue("test_echo", {"value": value})
    done: list[int] = []
    lock = threading.Lock()

    def work(name: str) -> None:
        try:
            while (job := queue.run_one(name)) is not None:
                with lock:
                    done.append(job.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(done) == 60
    assert len(set(done)) == 60
    assert Job.objects.filter(status="done", attempts=1).count() == 60


def test_a_kind_with_long_steps_holds_a_longer_lease(db: None) -> None:
    """A transcription window may take minutes on a busy server: its job keeps its worker that
    long, where a quick job's worker is presumed dead after the default lease."""
    queue.handler("slow_steps_for_test", lease_seconds=900)(lambda job: None)
    slow = queue.enqueue("slow_steps_for_test")
    quick = queue.enqueue("quick_for_test")
    now = timezone.now()
    assert slow is not None
    assert quick is not None
    claimed_slow = queue.claim("w1", ["slow_steps_for_test"], now=now)
    claimed_quick = queue.claim("w1", ["quick_for_test"], now=now)
    assert claimed_slow is not None
    assert claimed_quick is not None
    assert claimed_slow.lease_expires_at == now + dt.timedelta(seconds=900)
    assert claimed_quick.lease_expires_at == now + queue.lease()
    assert queue.claim("w2", ["slow_steps_for_test"], now=now + dt.timedelta(seconds=120)) is None
    assert queue.claim("w2", ["quick_for_test"], now=now + dt.timedelta(seconds=120)) is not None
