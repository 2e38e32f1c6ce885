"""The worker loop: run jobs as they come, and queue the periodic ones (hourly reminders).
`onrecord worker` runs it alone; `onrecord serve` runs it beside the web server, so the
embedded default needs no other process manager.

With ONRECORD_JOBS_BROKER set (Celery mode, docs/JOBS.md) Celery workers run the jobs; this
loop then only queues the periodic jobs and sweeps (run_dispatcher), as does a thread in every
Celery worker, so nothing scheduled or lost waits for a process that may not be running."""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from onrecord.audit.context import Actor, acting_as
from onrecord.jobs import queue

log = logging.getLogger(__name__)

# kind -> how often, as a strftime pattern naming the time slot (one job per slot)
PERIODIC = {
    "send_reminders": "%Y-%m-%dT%H",
    # Daily: warn record owners of recordings coming up for disposal (retention/owner_warnings.py).
    "retention_warnings": "%Y-%m-%d",
    # Daily: tidy what crashed uploads left in the vault (vault/services.py sweep).
    "vault_sweep": "%Y-%m-%d",
    # Hourly: a signed checkpoint of the audit trail, outside the database (audit/checkpoints.py).
    "audit_checkpoint": "%Y-%m-%dT%H",
    # Daily: expired sessions cleared, with the provider's session ids kept for them
    # (accounts/sessions_cleanup.py).
    "clear_sessions": "%Y-%m-%d",
}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def queue_periodic() -> None:
    now = timezone.now()
    for kind, slot in PERIODIC.items():
        queue.enqueue(kind, unique_key=f"{kind}:{now:{slot}}")


def run_worker(stop: threading.Event, *, poll_seconds: float = 2.0, periodic: bool = True) -> None:
    if settings.ONRECORD_JOBS_BROKER:
        run_dispatcher(stop, periodic=periodic)
        return
    name = worker_name()
    log.info("worker %s started", name)
    with acting_as(Actor(None, f"worker {name}", "")):
        while not stop.is_set():
            close_old_connections()
            try:
                if periodic:
                    queue_periodic()
                job = queue.run_one(name)
            except Exception:  # keep the worker alive; the error is logged
                log.exception("worker %s: unexpected error", name)
                job = None
            if job is None:
                stop.wait(poll_seconds)
    log.info("worker %s stopped", name)


def sweep_seconds() -> float:
    """Sweep often enough that a dead worker's job waits little more than its lease."""
    return min(15.0, max(0.5, settings.ONRECORD_JOBS_LEASE_SECONDS / 4))


def run_dispatcher(stop: threading.Event, *, periodic: bool = True) -> None:
    """Celery mode: queue the periodic jobs (once per slot, however many run this) and
    publish again the jobs whose message may be lost; Celery workers run them."""
    from onrecord.jobs import dispatch

    name = worker_name()
    log.info("job dispatcher %s started (Celery mode)", name)
    with acting_as(Actor(None, f"dispatcher {name}", "")):
        while not stop.is_set():
            close_old_connections()
            try:
                if periodic:
                    queue_periodic()
                dispatch.sweep()
            except Exception:  # keep sweeping; the error is logged
                log.exception("job dispatcher %s: unexpected error", name)
            stop.wait(sweep_seconds())
    log.info("job dispatcher %s stopped", name)
