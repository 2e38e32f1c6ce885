"""Celery scale-out against the real brokers (Redis and RabbitMQ): a queued job is run once by a
Celery worker process, and a worker killed with SIGKILL in the middle of a job loses it to
another worker, which finishes it exactly once while the dead worker's late finish is refused."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import SettingsWrapper

from onrecord.jobs import queue
from onrecord.jobs.models import Job
from tests.jobs.celery_support import BROKERS, Broker, Workers, use_broker, wait_for

# Slow (make test-fast leaves it out): real brokers and Celery worker processes.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=sorted(BROKERS))
def broker(request: pytest.FixtureRequest, settings: SettingsWrapper) -> Iterator[Broker]:
    yield from use_broker(request.param, settings)


@pytest.fixture
def workers(broker: Broker, tmp_path: Path) -> Iterator[Workers]:
    started = Workers(broker, tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _status(job: Job) -> str:
    job.refresh_from_db()
    return job.status


def test_a_queued_job_is_run_once_by_a_celery_worker(workers: Workers, tmp_path: Path) -> None:
    worker = workers.start("one")
    job = queue.enqueue("test_celery_effect", {"dir": str(tmp_path)})
    assert job is not None
    assert Job.objects.get(pk=job.pk).dispatched_at is not None, "published after the commit"

    wait_for(lambda: _status(job) == Job.Status.DONE, "the job to be done", worker)

    assert job.attempts == 1
    assert job.claimed_by.startswith("celery:"), job.claimed_by
    assert len(_lines(tmp_path / f"effect-{job.pk}")) == 1
    assert job.result == {"by": job.claimed_by}


def test_a_job_whose_worker_is_killed_is_finished_once_by_another(
    workers: Workers, tmp_path: Path
) -> None:
    first = workers.start("doomed")
    job = queue.enqueue("test_celery_blocking", {"dir": str(tmp_path)})
    assert job is not None
    started = tmp_path / f"started-{job.pk}"
    wait_for(lambda: started.exists(), "the first worker to start the job", first)
    held = Job.objects.get(pk=job.pk)
    assert (held.status, held.attempts) == (Job.Status.RUNNING, 1)
    dead_worker = held.claimed_by

    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    (tmp_path / f"release-{job.pk}").touch()
    second = workers.start("rescuer")

    # The dead worker's lease runs out; the second worker's sweep publishes the job again (and
    # RabbitMQ hands back the dead worker's unacknowledged message), and the second claims it.
    wait_for(lambda: _status(job) == Job.Status.DONE, "the job to be taken over", second)

    assert job.attempts == 2
    assert job.claimed_by not in {"", dead_worker}
    assert [line.split()[0] for line in _lines(started)] == ["1", "2"]
    assert _lines(tmp_path / f"effect-{job.pk}") == [job.claimed_by], "the effect happened once"
    assert job.result == {"by": job.claimed_by}

    # Had the dead worker woken up, its late progress and finish would be refused.
    assert not queue.finish(held, dead_worker, {"by": dead_worker})
    with pytest.raises(queue.LeaseLost):
        queue.RunningJob(held, dead_worker).progress(99)
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (
        Job.Status.DONE,
        {"by": job.claimed_by},
        2,
    )
    assert Job.objects.count() == 1
