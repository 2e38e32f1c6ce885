"""Celery mode's delivery rules, with a fake broker: a job is published only once its row is
committed, the sweep publishes again exactly the jobs whose message may be lost (due, abandoned
by a dead worker, or unpublished because the broker was down), and a delivered message runs its
job only if that job can be claimed."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from pytest_django.fixtures import SettingsWrapper

from onrecord.jobs import dispatch, queue, worker
from onrecord.jobs.models import Job

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., Any]


@queue.handler("test_dispatch_echo")
def _echo(job: queue.RunningJob) -> dict[str, Any]:
    return {"echo": job.payload.get("value")}


class FakeBroker:
    def __init__(self) -> None:
        self.sent: list[int] = []
        self.down = False

    def send(self, job_id: int) -> None:
        if self.down:
            raise ConnectionRefusedError("broker down")
        self.sent.append(job_id)


@pytest.fixture
def broker(settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch) -> FakeBroker:
    fake = FakeBroker()
    settings.ONRECORD_JOBS_BROKER = "redis://broker.invalid:6379/0"
    monkeypatch.setattr(dispatch, "send", fake.send)
    return fake


def _enqueue(capture: CaptureOnCommit, **kwargs: Any) -> Job:
    with capture(execute=True):
        job = queue.enqueue("test_dispatch_echo", {"value": 1}, **kwargs)
    assert job is not None
    job.refresh_from_db()
    return job


def test_a_job_is_published_after_its_transaction_commits(
    broker: FakeBroker, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = queue.enqueue("test_dispatch_echo")
        assert job is not None
        assert broker.sent == [], "a worker must never get the id of a row it cannot see yet"
    assert broker.sent == [job.pk]
    job.refresh_from_db()
    assert job.dispatched_at is not None
    assert dispatch.sweep() == [], "a job just published is not published again"


def test_a_rolled_back_job_is_never_published(
    broker: FakeBroker, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    def failing_request() -> None:
        with transaction.atomic():
            queue.enqueue("test_dispatch_echo")
            raise RuntimeError("the request failed after queueing")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_request()
    assert broker.sent == []
    assert not Job.objects.exists()


def test_without_a_broker_nothing_is_published(
    settings: SettingsWrapper,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    settings.ONRECORD_JOBS_BROKER = None
    fake = FakeBroker()
    monkeypatch.setattr(dispatch, "send", fake.send)
    job = _enqueue(django_capture_on_commit_callbacks)
    assert fake.sent == []
    assert job.dispatched_at is None
    assert queue.run_one("embedded") is not None, "the embedded worker runs it as before"


def test_a_job_due_later_is_published_by_the_sweep_once_due(
    broker: FakeBroker, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    later = timezone.now() + dt.timedelta(hours=1)
    job = _enqueue(django_capture_on_commit_callbacks, run_after=later)
    assert broker.sent == []
    assert dispatch.sweep() == []
    assert dispatch.sweep(now=later + dt.timedelta(seconds=1)) == [job.pk]
    assert dispatch.sweep(now=later + dt.timedelta(seconds=2)) == []


def test_a_dead_workers_job_is_published_once_when_its_lease_runs_out(
    broker: FakeBroker, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    job = _enqueue(django_capture_on_commit_callbacks)
    claimed = queue.claim_job(job.pk, "dies")
    assert claimed is not None
    assert claimed.lease_expires_at is not None
    assert dispatch.sweep() == [], "a live lease means a live worker"
    expired = claimed.lease_expires_at + dt.timedelta(seconds=1)
    assert dispatch.sweep(now=expired) == [job.pk]
    assert dispatch.sweep(now=expired + dt.timedelta(seconds=1)) == [], "once per expiry"
    # That message is lost too: after a while the job is published again.
    lost = expired + dispatch.redispatch_after() + dt.timedelta(seconds=1)
    assert dispatch.sweep(now=lost) == [job.pk]


def test_a_failed_attempt_is_published_again_when_its_retry_is_due(
    broker: FakeBroker, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    job = _enqueue(django_capture_on_commit_callbacks)
    claimed = queue.claim_job(job.pk, "w1")
    assert claimed is not None
    queue.fail(claimed, "w1", "the model was missing")
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert dispatch.sweep() == [], "not before the retry is due"
    assert dispatch.sweep(now=job.run_after + dt.timedelta(seconds=1)) == [job.pk]


def test_a_job_the_broker_refused_is_published_by_the_next_sweep(
    broker: FakeBroker, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    broker.down = True
    first = _enqueue(django_capture_on_commit_callbacks)
    second = _enqueue(django_capture_on_commit_callbacks)
    assert (first.dispatched_at, second.dispatched_at) == (None, None)
    assert dispatch.sweep() == []
    assert Job.objects.filter(dispatched_at__isnull=False).count() == 0, "no stamp left behind"
    broker.down = False
    assert dispatch.sweep() == [first.pk, second.pk]
    assert broker.sent == [first.pk, second.pk]


def test_two_sweepers_publish_a_job_once_between_them(broker: FakeBroker) -> None:
    job = Job.objects.create(kind="test_dispatch_echo")
    now = timezone.now()
    # The second sweeper read the same candidate, but the first stamped it in between.
    original = dispatch._needs_publishing
    calls = 0

    def racing(moment: dt.datetime) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:  # the second sweeper's conditional UPDATE, after the first one's
            Job.objects.filter(pk=job.pk).update(dispatched_at=moment)
        return original(moment)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dispatch, "_needs_publishing", racing)
        assert dispatch.sweep(now=now) == []
    assert broker.sent == []


@pytest.mark.parametrize("bad", ["1", True, -1, 0, None, 1.0, [1]])
def test_a_malformed_message_is_refused(broker: FakeBroker, bad: object) -> None:
    Job.objects.create(kind="test_dispatch_echo")
    assert dispatch.run_delivered(bad, "w1") == "refused"
    assert Job.objects.get().attempts == 0


def test_a_delivered_message_runs_its_job_only_when_it_can_be_claimed(
    broker: FakeBroker, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    job = _enqueue(django_capture_on_commit_callbacks)
    assert dispatch.run_delivered(job.pk, "w1") == "ran"
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == ("done", {"echo": 1}, 1)
    assert dispatch.run_delivered(job.pk, "w2") == "skipped", "a duplicate message"
    assert dispatch.run_delivered(job.pk + 1000, "w2") == "skipped", "no such job"

    held = _enqueue(django_capture_on_commit_callbacks)
    assert queue.claim_job(held.pk, "holder") is not None
    assert dispatch.run_delivered(held.pk, "w2") == "skipped", "a live worker holds it"
    held.refresh_from_db()
    assert (held.claimed_by, held.attempts) == ("holder", 1)

    later = _enqueue(django_capture_on_commit_callbacks, run_after=timezone.now() + dt.timedelta(1))
    assert dispatch.run_delivered(later.pk, "w2") == "skipped", "not due yet"


# The loop manages its own connection as a real worker thread does: no test transaction here.
@pytest.mark.django_db(transaction=True)
def test_in_celery_mode_the_worker_loop_sweeps_and_queues_periodic_jobs_but_runs_none(
    broker: FakeBroker,
) -> None:
    job = Job.objects.create(kind="test_dispatch_echo")  # e.g. its message was lost
    stop = threading.Event()
    real_sweep = dispatch.sweep

    def sweep_once() -> list[int]:
        published = real_sweep()
        stop.set()
        return published

    watchdog = threading.Timer(20, stop.set)  # never needed unless the loop misbehaves
    watchdog.start()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(dispatch, "sweep", sweep_once)
            worker.run_worker(stop)
    finally:
        watchdog.cancel()
    periodic = Job.objects.exclude(pk=job.pk)
    assert set(periodic.values_list("kind", flat=True)) == set(worker.PERIODIC)
    # Each periodic job is published as it is queued, the lost one by the sweep: once each.
    assert sorted(broker.sent) == sorted([*periodic.values_list("pk", flat=True), job.pk])
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.QUEUED}
