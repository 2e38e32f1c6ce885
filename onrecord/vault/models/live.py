"""A live recording session: the browser's recorder uploading a meeting's audio as it records
(onrecord/vault/live/protocol.py has the protocol). Imported by vault/models.py so Django finds it.

The session row holds what has arrived: `chunk_count` chunks of `bytes_received` bytes in all,
counted in the transaction that stores each chunk's encrypted record in its LiveChunk row (the
shared database: any node takes any chunk, issue 15), and the session's data key wrapped by the
vault's key-encryption key. Each chunk's row keeps its SHA-256, so a chunk sent again can be told
apart from a different one under the same number; once the recording is stored in the vault the
chunks' bytes are deleted and their receipts (number, size, SHA-256, time) stay.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Meeting


class LiveSession(CaseScoped, models.Model):
    case_path = "meeting.case_id"

    class Status(models.TextChoices):
        OPEN = "open", "Recording, or interrupted"
        FINALISING = "finalising", "Being stored in the vault"
        FINISHED = "finished", "Stored in the vault"
        ABANDONED = "abandoned", "Abandoned: nothing usable was received"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="live_sessions")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="live_sessions"
    )
    mime_type = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    chunk_count = models.PositiveIntegerField(default=0, help_text="How many chunks are stored.")
    first_missing = models.PositiveIntegerField(
        default=0, help_text="The lowest chunk number not stored: every one below it is."
    )
    bytes_received = models.PositiveBigIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    last_chunk_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who finished it (empty: the sweep of interrupted sessions).",
    )
    recording = models.OneToOneField(
        "vault.Recording",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_session",
    )
    sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the spool when finishing began."
    )
    error = models.TextField(blank=True, help_text="Why the last attempt to finish failed.")
    kek_id = models.CharField(
        max_length=40, blank=True, help_text="The key-encryption key that wraps its data key."
    )
    wrapped_key = models.BinaryField(
        null=True, blank=True, help_text="The session's data key, wrapped by the KEK."
    )
    missing_chunks = models.JSONField(
        default=list, blank=True, help_text="Chunk numbers that never arrived, named at finish."
    )

    class Meta:
        ordering = ["started_at"]
        indexes = [models.Index(fields=["status", "last_chunk_at"])]

    def __str__(self) -> str:
        return f"Live recording of {self.meeting} ({self.get_status_display()})"


class LiveChunk(models.Model):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField(default=timezone.now)
    data = models.BinaryField(
        null=True,
        blank=True,
        help_text="The chunk's encrypted record (vault/live/protocol.py); emptied once stored.",
    )

    class Meta:
        ordering = ["session", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="live_chunk_seq_unique")
        ]

    def __str__(self) -> str:
        return f"Chunk {self.seq} of {self.session_id}"
