"""A resumable upload (tus, onrecord/vault/resumable/): a file arriving in pieces, perhaps over
several connections and through several nodes, before it goes into the vault. Imported by
vault/models/__init__.py so Django finds it.

The row holds how much has arrived (`offset`, the truth every node reads) and the upload's own
data key wrapped by the vault's key-encryption key; each piece is one encrypted record in a
ResumablePart row, committed with the new offset. Once the file is in the vault (or the upload
is dropped) the parts are deleted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Meeting, Person


class ResumableUpload(CaseScoped, models.Model):
    case_path = "meeting.case_id"

    class Status(models.TextChoices):
        RECEIVING = "receiving", "Receiving"
        STORED = "stored", "Stored in the vault"
        FAILED = "failed", "Refused by the vault"
        TERMINATED = "terminated", "Dropped"

    class Purpose(models.TextChoices):
        PARENT_COPY = "parent_copy", "A parent's own recording"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    family_member = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    length = models.PositiveBigIntegerField(help_text="Upload-Length: the whole file's size.")
    offset = models.PositiveBigIntegerField(default=0, help_text="How many bytes are stored.")
    parts = models.PositiveIntegerField(default=0, help_text="How many parts are stored.")
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    kek_id = models.CharField(max_length=40)
    wrapped_key = models.BinaryField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVING)
    error = models.TextField(blank=True)
    recording = models.OneToOneField(
        "vault.Recording", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"Upload of {self.filename or 'a file'} ({self.offset} of {self.length} bytes)"


class ResumablePart(models.Model):
    upload = models.ForeignKey(ResumableUpload, on_delete=models.CASCADE, related_name="+")
    index = models.PositiveIntegerField()
    offset = models.PositiveBigIntegerField()
    size = models.PositiveIntegerField()
    data = models.BinaryField(help_text="The part's encrypted record (vault/live/protocol.py).")

    class Meta:
        ordering = ["upload", "index"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "index"], name="resumable_part_unique")
        ]

    def __str__(self) -> str:
        return f"Part {self.index} of {self.upload_id}"
