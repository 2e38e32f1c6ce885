"""The Celery app for scaled-out job workers (docs/JOBS.md):

    ONRECORD_JOBS_BROKER=redis://127.0.0.1:6379/0 onrecord celery-worker
    ONRECORD_JOBS_BROKER=... celery -A onrecord.jobs.celery_app worker   (the same app)

Its one task runs "job N" through the database queue's claim/lease/finish protocol. Each
worker also runs the dispatcher thread (periodic jobs and the sweep), so a Celery deployment
needs no beat and no `onrecord worker` beside it.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onrecord.settings")
django.setup()

from celery import signals  # noqa: E402  (Django must be set up before the job modules load)
from django.db import close_old_connections  # noqa: E402

from onrecord.jobs import dispatch  # noqa: E402
from onrecord.jobs.worker import run_dispatcher, worker_name  # noqa: E402

log = logging.getLogger(__name__)

app = dispatch.app()


@app.task(name=dispatch.TASK_NAME, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(job_id: object) -> str:
    close_old_connections()
    try:
        return dispatch.run_delivered(job_id, f"celery:{worker_name()}")
    finally:
        close_old_connections()


_stop_dispatcher = threading.Event()
# `onrecord celery-worker --no-periodic` turns this off (e.g. workers that only transcribe).
periodic = True


@signals.worker_ready.connect
def _start_dispatcher(**kwargs: Any) -> None:
    threading.Thread(
        target=run_dispatcher,
        args=(_stop_dispatcher,),
        kwargs={"periodic": periodic},
        name="onrecord-dispatcher",
        daemon=True,
    ).start()


@signals.worker_shutdown.connect
def _stop_dispatcher_thread(**kwargs: Any) -> None:
    _stop_dispatcher.set()
