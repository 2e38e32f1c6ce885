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
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from onrecord.append_only import AppendOnly, AppendOnlyManager
from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import ImmutableRecordError, Meeting, Person
from onrecord.versioned import Versioned

# What may change after ingest: the data key's wrapping (key rotation re-wraps it).
REWRAP_FIELDS = frozenset({"wrapped_key", "kek_id"})
# Disposal (onrecord/retention/disposal.py), once only: the wrapped key becomes this tombstone and
# disposed_at is set; after that nothing about the row changes again.
DISPOSAL_FIELDS = frozenset({"wrapped_key", "disposed_at"})
KEY_TOMBSTONE = b""


class Recording(CaseScoped, models.Model):
    """Changed only through save(), which allows REWRAP_FIELDS (key rotation) and, once,
    DISPOSAL_FIELDS (retention's crypto-shredding); the manager's update() and delete() refuse
    every change, and so does the database (a trigger on SQLite and PostgreSQL)."""

    case_path = "meeting.case_id"
    append_only_record: ClassVar[bool] = True
    refuse_change = (
        "A recording's original is never changed; store a new recording that names it instead."
    )
    refuse_delete = (
        "Recordings are not deleted; disposal under the retention schedule destroys the key."
    )

    class Kind(models.TextChoices):
        AUTHORITY = "authority", "Local authority recording"
        PARENT_COPY = "parent_copy", "Parent's copy"
        # Derived copies (derived.py): new recordings that name their original, never edits.
        REDACTED_COPY = "redacted_copy", "Redacted copy"
        PLAYBACK_COPY = "playback_copy", "Playback copy"

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
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived_copies",
        help_text="For a redacted or playback copy: the original it was made from.",
    )
    derivation = models.JSONField(
        default=dict,
        blank=True,
        help_text="How a derived copy was made from its original (derived.py): what was "
        "silenced and why, the codec, who asked. Empty for an original.",
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
    disposed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its data key was destroyed under the retention schedule (its "
        "DisposalCertificate says how and by whom); the audio can never be read again.",
    )

    objects = AppendOnlyManager()

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
            self._check_change()
        super().save(*args, **kwargs)

    def _check_change(self) -> None:
        fields = [f for f in self._meta.concrete_fields if not f.primary_key]
        stored = Recording.objects.filter(pk=self.pk).values(*[f.attname for f in fields]).first()
        if stored is None:
            raise ImmutableRecordError("A recording is only ever added, never re-created.")
        changed = {f.name for f in fields if stored[f.attname] != getattr(self, f.attname)}
        if "wrapped_key" in changed and bytes(stored["wrapped_key"]) == bytes(self.wrapped_key):
            changed.discard("wrapped_key")  # memoryview from the database, bytes here
        if stored["disposed_at"] is not None:
            if changed:
                raise ImmutableRecordError(
                    f"Recording {self.pk} was disposed of; it is never changed again."
                )
            return
        content = changed - REWRAP_FIELDS - DISPOSAL_FIELDS
        if content:
            raise ImmutableRecordError(
                f"A recording's original is never changed (tried to change "
                f"{', '.join(sorted(content))}); store a new recording that names it instead."
            )
        destroyed = bytes(self.wrapped_key) == KEY_TOMBSTONE
        if "disposed_at" in changed and not (destroyed and changed == DISPOSAL_FIELDS):
            raise ImmutableRecordError(
                "Disposal destroys the data key and records when, and changes nothing else "
                "(onrecord.retention.disposal.dispose)."
            )
        if destroyed and "disposed_at" not in changed:
            raise ImmutableRecordError(
                "A data key is destroyed only by disposal under the retention schedule "
                "(onrecord.retention.disposal.dispose)."
            )

    @property
    def is_disposed(self) -> bool:
        return self.disposed_at is not None

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError(self.refuse_delete)


class ExplanatoryStatement(CaseScoped, Versioned):
    """The statement kept with a recording (Brent, "Local authority recording of meetings"):
    when and where it was made, the meeting's start and end, the context of the discussion and
    the main speakers with their role or title.

    Append-only: version 1 is filled from the meeting's record; the chair corrects it by adding
    a version that names the one it replaces, and approves it by adding an approved version. No
    version is ever edited or deleted (on PostgreSQL a trigger refuses it too)."""

    case_path = "recording.meeting.case_id"

    version_of = "recording"
    refuse_change = "An explanatory statement is never edited; add a new version that replaces it."
    refuse_delete = "Explanatory statements are never deleted."

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


class LegalHold(CaseScoped, AppendOnly):
    """A legal hold (e.g. care proceedings, a complaint, a subject access request being
    answered): while it is active nothing it covers is disposed of. It covers one recording, or
    every recording of the case when `recording` is empty. Lifting it adds a LegalHoldRelease;
    the hold itself is never edited, so the history stays whole."""

    case_path = "case_id"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="legal_holds")
    recording = models.ForeignKey(
        Recording,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_holds",
        help_text="Empty: every recording of the case.",
    )
    reason = models.TextField(max_length=2000)
    reference = models.CharField(
        max_length=200, help_text="The court case or matter, e.g. a case number."
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["placed_at", "id"]

    def __str__(self) -> str:
        return f"Legal hold {self.pk} ({self.reference})"


class LegalHoldRelease(CaseScoped, AppendOnly):
    case_path = "hold.case_id"

    hold = models.OneToOneField(LegalHold, on_delete=models.PROTECT, related_name="release")
    reason = models.TextField(max_length=2000)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Release of legal hold {self.hold_id}"


class DisposalCertificate(CaseScoped, AppendOnly):
    """The proof that a recording was disposed of, kept for good (it holds no audio): what it
    was, under which rule, who authorised it, and the evidence that its key was destroyed.
    `content` is the certificate as JSON (disposal.py lists the fields); its number is the row's
    id. The PDF is printed from `content` whenever it is issued, so it never disagrees with it."""

    case_path = "recording.meeting.case_id"

    recording = models.OneToOneField(
        Recording, on_delete=models.PROTECT, related_name="disposal_certificate"
    )
    content = models.JSONField()
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        permissions = [
            ("dispose_recording", "Can confirm the disposal of recordings (records manager)"),
            ("manage_legal_holds", "Can place and lift legal holds on any case"),
        ]

    def __str__(self) -> str:
        return f"Disposal certificate {self.pk}"

    @property
    def number(self) -> int:
        return int(self.pk)


class RetentionWarning(CaseScoped, AppendOnly):
    """That the record owner was warned a recording is coming up for disposal: one per
    recording and due date (a changed schedule that moves the date warns again)."""

    case_path = "recording.meeting.case_id"

    recording = models.ForeignKey(
        Recording, on_delete=models.PROTECT, related_name="retention_warnings"
    )
    due_on = models.DateField()
    sent_to = models.TextField(help_text="Who was told, one address per line.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "due_on"], name="one_retention_warning_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"Retention warning for {self.recording_id} (due {self.due_on})"


# The browser recorder's sessions (vault/live/) have their own module, imported so Django finds
# them.
from onrecord.vault.models.live import LiveChunk, LiveSession  # noqa: E402, F401

# Where a family's recording came from and where it sits on the meeting's timeline.
from onrecord.vault.models.provenance import AlignmentReport, Receipt  # noqa: E402, F401

# Resumable (tus) uploads in flight (vault/resumable/).
from onrecord.vault.models.resumable import ResumablePart, ResumableUpload  # noqa: E402, F401
