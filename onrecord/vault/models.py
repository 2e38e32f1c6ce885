"""A recording held in the vault: the local authority's own audio record of a meeting (Brent,
"Local authority recording of meetings") or a parent's copy uploaded to the child's record
(Hackney 3).

The row describes an original that is never edited: its content fields are fixed at ingest and
save() refuses to change them (on PostgreSQL a trigger refuses it too). Only the key wrapping
may change, when key-encryption keys are rotated. A playback transcode or a redacted copy will be
a new Recording that names its original.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from onrecord.cases.models import ImmutableRecordError, Meeting, Person

# What may change after ingest: the data key's wrapping (key rotation re-wraps it).
REWRAP_FIELDS = frozenset({"wrapped_key", "kek_id"})


class Recording(models.Model):
    class Kind(models.TextChoices):
        AUTHORITY = "authority", "Local authority recording"
        PARENT_COPY = "parent_copy", "Parent's copy"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="recordings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    provided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_recordings",
        help_text="Who uploaded or recorded it (empty for a system import).",
    )
    family_member = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recordings_provided",
        help_text="For a parent's copy (Hackney 3): the family member whose recording it is, "
        "whether they uploaded it themselves or gave it to their social worker to upload.",
    )
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(help_text="Bytes of the original, as uploaded.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the original bytes (hex).")

    blob_name = models.CharField(max_length=100, unique=True)
    stored_size = models.PositiveBigIntegerField(help_text="Bytes of the encrypted blob.")
    format_version = models.PositiveSmallIntegerField()
    chunk_size = models.PositiveIntegerField()
    kek_id = models.CharField(max_length=40, help_text="The key-encryption key that wraps it.")
    wrapped_key = models.BinaryField(help_text="The recording's data key, wrapped by the KEK.")

    container = models.CharField(max_length=50)
    codec = models.CharField(max_length=50)
    duration_seconds = models.FloatField()
    channels = models.PositiveSmallIntegerField()
    sample_rate = models.PositiveIntegerField()
    bit_rate = models.PositiveIntegerField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="recording_sha256_hex"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_filename or self.id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            content = [
                f
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in REWRAP_FIELDS
            ]
            stored = (
                Recording.objects.filter(pk=self.pk).values(*[f.attname for f in content]).first()
            )
            if stored is None:
                raise ImmutableRecordError("A recording is only ever added, never re-created.")
            changed = [f.name for f in content if stored[f.attname] != getattr(self, f.attname)]
            if changed:
                raise ImmutableRecordError(
                    f"A recording's original is never changed (tried to change "
                    f"{', '.join(sorted(changed))}); store a new recording that names it instead."
                )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError(
            "Recordings are not deleted; disposal under the retention schedule destroys the key."
        )

    @property
    def audit_case_id(self) -> str:
        return str(self.meeting.case_id)


class ExplanatoryStatement(models.Model):
    """The statement kept with a recording (Brent, "Local authority recording of meetings"):
    when and where it was made, the meeting's start and end, the context of the discussion and
    the main speakers with their role or title.

    Append-only: version 1 is filled from the meeting's record; the chair corrects it by adding
    a version that names the one it replaces, and approves it by adding an approved version. No
    version is ever edited or deleted (on PostgreSQL a trigger refuses it too)."""

    class Source(models.TextChoices):
        MEETING_RECORD = "meeting_record", "Filled from the meeting's record"
        CHAIR = "chair", "Corrected by the chair"
        APPROVAL = "approval", "Approved by the chair"

    recording = models.ForeignKey(Recording, on_delete=models.PROTECT, related_name="statements")
    version = models.PositiveIntegerField(help_text="1, 2, 3, … per recording.")
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The version this one corrects or approves (none for version 1).",
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    approved = models.BooleanField(default=False)
    content = models.JSONField(help_text="The statement itself (statement.py documents it).")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who wrote this version (empty: filled by the system).",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recording", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "version"], name="statement_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Explanatory statement v{self.version} of recording {self.recording_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableRecordError(
                "An explanatory statement is never edited; add a new version that replaces it."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError("Explanatory statements are never deleted.")

    @property
    def audit_case_id(self) -> str:
        return str(self.recording.meeting.case_id)
