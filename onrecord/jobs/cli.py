"""`onrecord worker` (the embedded worker) and `onrecord celery-worker` (docs/JOBS.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any


def register(sub: Any) -> None:
    worker = sub.add_parser("worker", help="run background jobs (transcription, reminders)")
    worker.add_argument(
        "--no-periodic", action="store_true", help="do not queue the hourly reminder run"
    )
    worker.set_defaults(func=worker_command)

    celery_worker = sub.add_parser(
        "celery-worker", help="run background jobs as a Celery worker (ONRECORD_JOBS_BROKER)"
    )
    celery_worker.add_argument(
        "--concurrency", type=int, default=0, help="jobs at once (default: one per CPU)"
    )
    celery_worker.add_argument(
        "--pool", choices=["prefork", "solo", "threads"], default="prefork", help="default prefork"
    )
    celery_worker.add_argument(
        "--name", default="onrecord@%h", help="unique per broker, e.g. onrecord2@%%h (%%h: host)"
    )
    celery_worker.add_argument(
        "--loglevel", choices=["DEBUG", "INFO", "WARNING", "ERROR"], default="INFO"
    )
    celery_worker.add_argument(
        "--no-periodic", action="store_true", help="do not queue the periodic jobs from here"
    )
    celery_worker.set_defaults(func=celery_worker_command)


# The exit status of a node refused for its keys (as onrecord/commands/node_keys.py).
KEYS_REFUSED = 3


def keys_refused(args: argparse.Namespace) -> bool:
    """Run the key check `onrecord` hands a node's command (issue 15): True, having said why,
    when this node's keys are not the installation's."""
    check: Callable[[], str] | None = getattr(args, "keys_refusal", None)
    refusal = check() if check is not None else ""
    if refusal:
        print(refusal, file=sys.stderr)
    return bool(refusal)


def worker_command(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    if keys_refused(args):
        return KEYS_REFUSED
    import signal
    import threading

    from onrecord.jobs.worker import run_worker

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    run_worker(stop, periodic=not args.no_periodic)
    return 0


def celery_worker_command(args: argparse.Namespace) -> int:
    """A Celery worker for the job queue (docs/JOBS.md); needs ONRECORD_JOBS_BROKER."""
    from onrecord.django_setup import setup_django

    setup_django()
    from django.conf import settings

    if not settings.ONRECORD_JOBS_BROKER:
        print(
            "ONRECORD_JOBS_BROKER is not set. Set it to a redis:// or amqp:// URL to run Celery "
            "workers, or run `onrecord worker` for the embedded worker.",
            file=sys.stderr,
        )
        return 2
    if keys_refused(args):
        return KEYS_REFUSED
    from onrecord.jobs import celery_app

    celery_app.periodic = not args.no_periodic
    argv = [
        "worker",
        f"--loglevel={args.loglevel}",
        f"--pool={args.pool}",
        f"--hostname={args.name}",
        "--without-gossip",
        "--without-mingle",
    ]
    if args.concurrency:
        argv.append(f"--concurrency={args.concurrency}")
    celery_app.app.worker_main(argv)  # runs until the worker is stopped, then exits the process
