"""Background jobs kept in the database: the embedded default needs no extra server.

A job is claimed with one atomic conditional UPDATE (healthchecks' pattern), holds a lease that
its worker renews while it runs, and is finished only by the worker that still holds it. A
worker that dies loses its lease; the job is claimed again and its earlier attempt's late
result is refused, so no job is ever recorded as done twice.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50, db_index=True)
    payload = models.JSONField(default=dict)
    unique_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="Set to enqueue a job at most once (e.g. one reminder run per hour).",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    run_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=3)
    claimed_by = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a Celery message for this job was last published (Celery mode only).",
    )
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "run_after"], name="job_ready_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
