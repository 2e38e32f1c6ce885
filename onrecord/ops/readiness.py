"""What /readyz checks: each dependency a request or a job needs, answered with a name and a
short, secret-free reason. A check never raises; it says what failed."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


def database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return ""


def storage() -> str:
    """The vault's store answers: a file store's directory is there and writable; an S3 bucket
    answers a HEAD for a name that does not exist (any answer but an error will do)."""
    from onrecord.vault.ingest import default_store
    from onrecord.vault.storage import FileBlobStore

    store = default_store()
    if isinstance(store, FileBlobStore):
        if not store.root.is_dir() or not os.access(store.root, os.W_OK | os.X_OK):
            raise OSError("the vault directory is missing or not writable")
        return ""
    store.exists("0" * 64)
    return ""


def queue() -> str:
    """The job queue: its table answers; in Celery mode the broker accepts a connection too."""
    from onrecord.jobs.models import Job

    Job.objects.filter(status=Job.Status.QUEUED).exists()
    broker = getattr(settings, "ONRECORD_JOBS_BROKER", "")
    if broker:
        from kombu import Connection

        with Connection(broker, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    return ""


CHECKS: dict[str, Callable[[], str]] = {"database": database, "storage": storage, "queue": queue}


def run_checks() -> list[Check]:
    results = []
    for name, check in CHECKS.items():
        try:
            results.append(Check(name, True, check()))
        except Exception as exc:  # a dependency's failure is the answer, never a crash
            # The exception's type only: its message may hold a URL with a password in it.
            results.append(Check(name, False, type(exc).__name__))
    return results
