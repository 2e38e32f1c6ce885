"""Where a recording a family brings came from, and where it sits on the meeting's timeline
(the Family Justice Council's guidance on covert recordings, May 2025, asks courts to weigh a
recording's authenticity and completeness). Imported by vault/models/__init__.py.

`Receipt`: one per recording received from a family (their own recording, or a covert one
handed over): who gave it, how it was obtained, who received it, and its technical metadata
read from the stored original (the original itself, with its SHA-256 taken as it arrived, is
the `Recording`, never edited). `AlignmentReport`: each comparison of it with the council's own
recording of the meeting (vault/provenance/alignment.py); comparing again adds a report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from onrecord.append_only import AppendOnly
from onrecord.case_scoped import CaseScoped


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

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"Receipt of recording {self.recording_id}"


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
