"""Where a recording a family brings came from, and where it sits on the meeting's timeline
(the Family Justice Council's guidance on covert recordings, May 2025, asks courts to weigh a
recording's authenticity and completeness). Imported by vault/models/__init__.py.

`Receipt`: one per recording received from a family (their own recording, or a covert one
handed over): who gave it, how it was obtained, who received it, and its technical metadata
read from the stored original (the original itself, with its SHA-256 taken as it arrived, is
the `Recording`, never edited). `AlignmentReport`: each comparison of it with the council's own
recording of the meeting (vault/provenance/alignment.py); comparing again adds a report.

A receipt changes once only: when its recording is disposed of (retention), the file's own tags
(which may hold a place) are taken out of its metadata, and it keeps when they were removed and
the SHA-256 of the tags it held; the recording's SHA-256, who gave it, how it was obtained and
when it was received stay, with the audit chain's entries for receipt and disposal.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from onrecord.append_only import AppendOnly, ImmutableRecordError
from onrecord.case_scoped import CaseScoped

# What the file's own tags said (vault/provenance/media_tags.py), removed from a receipt when its
# recording is disposed of: the tags themselves and the creation time read from them.
TAG_FIELDS = ("tags", "stream_tags", "creation_time")
TAG_REMOVAL_FIELDS = frozenset({"metadata", "tags_removed_at", "removed_tags_sha256"})


def without_tags(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata with the file's own tags taken out; the technical facts stay."""
    return {key: value for key, value in metadata.items() if key not in TAG_FIELDS}


def tags_digest(metadata: dict[str, Any]) -> str:
    """SHA-256 of the tags as held (canonical JSON of TAG_FIELDS): kept after the tags are
    removed, so the tags a copy of the file carries can still be checked against it."""
    held = {key: metadata.get(key) for key in TAG_FIELDS}
    canonical = json.dumps(held, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Receipt(CaseScoped, AppendOnly):
    case_path = "recording.meeting.case_id"
    refuse_change = "A receipt is never edited; what was recorded on receipt stays as it was."
    refuse_delete = "A receipt is never deleted; it is kept with the recording."

    class Obtained(models.TextChoices):
        OWN_DEVICE = "own_device", "Recorded by the family member on their own phone or recorder"
        COVERT_FOUND = "covert_found", "Handed over after a covert recording was found"
        OTHER = "other", "Another way"

    recording = models.OneToOneField(
        "vault.Recording", on_delete=models.PROTECT, related_name="receipt"
    )
    obtained = models.CharField(max_length=20, choices=Obtained.choices)
    obtained_details = models.TextField(
        max_length=2000, blank=True, help_text="How it was obtained, in the receiver's words."
    )
    given_by = models.CharField(max_length=200, help_text="Who handed the recording over.")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    metadata = models.JSONField(
        help_text="What the file says about itself (vault/provenance/media_tags.py): container, "
        "codec, duration, sample rate, channels, tags such as its creation time."
    )
    tags_removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the file's own tags were removed, on disposal."
    )
    removed_tags_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the tags removed (provenance.tags_digest)."
    )

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"Receipt of recording {self.recording_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        self._check_tag_removal()
        models.Model.save(self, *args, **kwargs)  # the one change allowed, checked

    def _check_tag_removal(self) -> None:
        """The only change a receipt allows: its recording disposed of, the tags taken out of
        the metadata as stored, the time and the tags' digest recorded; once."""
        fields = [f for f in self._meta.concrete_fields if not f.primary_key]
        stored = Receipt.objects.filter(pk=self.pk).values(*[f.attname for f in fields]).first()
        if stored is None:
            raise ImmutableRecordError("A receipt is only ever added, never re-created.")
        changed = {f.name for f in fields if stored[f.attname] != getattr(self, f.attname)}
        if stored["tags_removed_at"] is not None or not changed <= TAG_REMOVAL_FIELDS:
            raise ImmutableRecordError(self.refuse_change)
        if not (
            self.recording.is_disposed
            and self.tags_removed_at is not None
            and self.metadata == without_tags(stored["metadata"])
            and self.removed_tags_sha256 == tags_digest(stored["metadata"])
        ):
            raise ImmutableRecordError(
                "A receipt changes once only: its file's tags are removed when its recording is "
                "disposed of (vault.provenance.services.remove_receipt_tags)."
            )


class AlignmentReport(CaseScoped, AppendOnly):
    case_path = "recording.meeting.case_id"
    refuse_change = "An alignment report is never edited; compare again to add a new one."
    refuse_delete = "An alignment report is never deleted."

    class Outcome(models.TextChoices):
        ALIGNED = "aligned", "Placed on the meeting's timeline"
        NO_MATCH = "no_match", "Does not match the council's recording of this meeting"
        NO_REFERENCE = "no_reference", "Not compared: the council has no recording of the meeting"
        FAILED = "failed", "Not compared: a recording could not be read"

    recording = models.ForeignKey(
        "vault.Recording", on_delete=models.PROTECT, related_name="alignment_reports"
    )
    reference = models.ForeignKey(
        "vault.Recording",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The council's recording it was compared with.",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    result = models.JSONField(
        default=dict, blank=True, help_text="alignment.Alignment.as_dict(), or why not compared."
    )
    method = models.CharField(max_length=200, help_text="What compared them, with versions.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"Alignment of recording {self.recording_id}: {self.outcome}"
