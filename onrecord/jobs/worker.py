"""The worker loop: run jobs as they come, and queue the periodic ones (hourly reminders).
`onrecord worker` runs it alone; `onrecord serve` runs it beside the web server, so the
embedded default needs no other process manager."""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.db import close_old_connections
from django.utils import timezone

from onrecord.audit.context import Actor, acting_as
from onrecord.jobs import queue

log = logging.getLogger(__name__)

# kind -> how often, as a strftime pattern naming the time slot (one job per slot)
PERIODIC = {"send_reminders": "%Y-%m-%dT%H"}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def queue_periodic() -> None:
    now = timezone.now()
    for kind, slot in PERIODIC.items():
        queue.enqueue(kind, unique_key=f"{kind}:{now:{slot}}")


def run_worker(stop: threading.Event, *, poll_seconds: float = 2.0, periodic: bool = True) -> None:
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
