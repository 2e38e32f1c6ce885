"""Real brokers and real Celery worker processes for the Celery tests.

Each test gets its own broker queue, so a stale message from an earlier run can never reach it,
and its worker processes open the same test database as the test (SQLite file or PostgreSQL).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from kombu import Connection, Exchange, Queue
from pytest_django.fixtures import SettingsWrapper

from onrecord.jobs import dispatch
from tests.support.processes import env_for_test_database, start_child, stop_child

BROKERS = {
    "redis": os.environ.get("ONRECORD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": os.environ.get("ONRECORD_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
}
# Short, so a killed worker's job is taken over within seconds, not a minute.
WORKER_LEASE_SECONDS = 2


@dataclass(frozen=True)
class Broker:
    name: str
    url: str
    queue: str


def _unreachable(name: str, url: str) -> str | None:
    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        where = urlsplit(url)
        return (
            f"the {name} broker at {where.hostname}:{where.port} is not reachable ({exc}); "
            f"start it, or point ONRECORD_TEST_{'REDIS' if name == 'redis' else 'AMQP'}_URL at one"
        )
    return None


def use_broker(name: str, settings: SettingsWrapper) -> Iterator[Broker]:
    """Point this test's enqueue at the broker, on a queue of its own; delete it afterwards."""
    url = BROKERS[name]
    problem = _unreachable(name, url)
    if problem:
        # CI runs both brokers: there a missing one is a failure, never a silent skip.
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(problem)
        pytest.skip(problem)
    broker = Broker(name, url, f"onrecord-test-{uuid.uuid4().hex[:12]}")
    settings.ONRECORD_JOBS_BROKER = broker.url
    settings.ONRECORD_JOBS_QUEUE = broker.queue
    try:
        yield broker
    finally:
        app = dispatch.celery_app(broker.url, broker.queue)
        with app.connection_for_write() as conn:
            exchange = Exchange(broker.queue)
            Queue(broker.queue, exchange, routing_key=broker.queue).bind(
                conn.default_channel
            ).delete()
            exchange.bind(conn.default_channel).delete()
        app.close()
        dispatch.celery_app.cache_clear()
        if name == "redis":
            _forget_redis_queue(broker)


def _forget_redis_queue(broker: Broker) -> None:
    """Kombu's Redis transport keeps bindings, and the killed worker's unacknowledged message,
    under keys of their own: remove this test's, so nothing is restored into a dead queue."""
    client = redis.Redis.from_url(broker.url)
    try:
        for key in client.scan_iter(match=f"*{broker.queue}*"):
            client.delete(key)
        for tag, raw in client.hgetall("unacked").items():
            message = json.loads(raw)
            if message[-1] == broker.queue:  # [payload, exchange, routing key]
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
    finally:
        client.close()


def worker_env(broker: Broker) -> dict[str, str]:
    env = env_for_test_database("tests.jobs.celery_worker_settings")
    env["ONRECORD_JOBS_BROKER"] = broker.url
    env["ONRECORD_JOBS_QUEUE"] = broker.queue
    env["ONRECORD_JOBS_LEASE_SECONDS"] = str(WORKER_LEASE_SECONDS)
    return env


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


class Workers:
    """Starts `onrecord celery-worker` processes (one job at a time each) and ends them all."""

    def __init__(self, broker: Broker, folder: Path):
        self.broker = broker
        self.folder = folder
        self.started: list[Worker] = []

    def start(self, label: str) -> Worker:
        name = f"{label}-{uuid.uuid4().hex[:6]}"
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            process = start_child(
                [
                    sys.executable,
                    "-m",
                    "onrecord",
                    "celery-worker",
                    "--pool=solo",
                    f"--name={name}@%h",
                    "--loglevel=INFO",
                    # Only the test's own jobs: no reminders or vault sweep in its data dir.
                    "--no-periodic",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                text=False,
                env=worker_env(self.broker),
            )
        worker = Worker(name, process, log)
        self.started.append(worker)
        wait_for(
            lambda: " ready." in worker.output(), f"worker {name} to start", worker, seconds=60
        )
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.process.poll() is None:
                worker.process.send_signal(signal.SIGTERM)
        for worker in self.started:
            stop_child(worker.process, grace=15)


def wait_for(
    condition: Callable[[], object], what: str, *workers: Worker, seconds: float = 30
) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        for worker in workers:
            if worker.process.poll() is not None:
                raise AssertionError(f"worker {worker.name} exited:\n{worker.output()[-3000:]}")
        if time.monotonic() > deadline:
            logs = "\n".join(w.output()[-3000:] for w in workers)
            raise AssertionError(f"timed out waiting for {what}\n{logs}")
        time.sleep(0.1)
