"""The minutes of a meeting: one `MinutesDraft` per meeting and its append-only versions.

Version 1 is drafted from the meeting's record (draft.py); each edit adds a version naming the
one it replaces. The chair's approval is a `MinutesApproval` of the version the chair read: it
adds no version, so approving version 2 leaves version 2 the latest, approved (issue 18; before
that, approving added a copy marked `approved`, and those rows stay as they were). No version
or approval is ever changed or deleted (here, and by a trigger in the database). A change after
approval is a new, unapproved version: the approved one stays what it was, and the latest
needs approving again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from onrecord.append_only import AppendOnly
from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Meeting
from onrecord.versioned import Versioned


class MinutesDraft(CaseScoped, AppendOnly):
    case_path = "meeting.case_id"
    refuse_change = "Minutes are changed by adding a version, not in place."
    refuse_delete = "Minutes are never deleted."
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "minutes"
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class MinutesVersion(CaseScoped, Versioned):
    case_path = "minutes.meeting.case_id"
    version_of = "minutes"
    refuse_change = "A version of the minutes is never edited; add a new version that replaces it."
    refuse_delete = "Versions of the minutes are never deleted."

    class Source(models.TextChoices):
        DRAFTED = "drafted", "Drafted from the meeting's record"
        EDITED = "edited", "Edited"
        APPROVAL = "approval", "Approved by the chair"

    minutes = models.ForeignKey(MinutesDraft, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(help_text="1, 2, 3, … per meeting.")
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The version this one changes or approves (none for version 1).",
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    approved = models.BooleanField(default=False)
    content = models.JSONField(help_text="The minutes themselves (docs/MINUTES.md).")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True, help_text="What changed and why.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["minutes", "version"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "version"], name="minutes_version_unique")
        ]

    def __str__(self) -> str:
        return f"Minutes v{self.version} of {self.minutes.meeting}"

    def approval_of(self) -> MinutesApproval | None:
        try:
            return self.approval
        except MinutesApproval.DoesNotExist:
            return None

    @property
    def is_approved(self) -> bool:
        """Approved by the chair: an approval of this version, or (minutes approved before
        approvals were kept apart) a version added by the approval."""
        return self.approved or self.approval_of() is not None

    @property
    def approved_by(self) -> Any:
        approval = self.approval_of()
        if approval is not None:
            return approval.approved_by
        return self.written_by if self.approved else None

    @property
    def approved_at(self) -> dt.datetime | None:
        approval = self.approval_of()
        if approval is not None:
            return approval.approved_at
        return self.created_at if self.approved else None


class MinutesApproval(CaseScoped, AppendOnly):
    """The chair approved `version` as it stands. At most one approval per version; a change
    after it is a new version that needs approving again."""

    case_path = "minutes.meeting.case_id"
    refuse_change = "An approval is never changed; a later change to the minutes is approved anew."
    refuse_delete = "Approvals of minutes are never deleted."

    minutes = models.ForeignKey(MinutesDraft, on_delete=models.PROTECT, related_name="approvals")
    version = models.OneToOneField(
        MinutesVersion, on_delete=models.PROTECT, related_name="approval"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["minutes", "approved_at"]

    def __str__(self) -> str:
        return f"Approval of minutes v{self.version.version}"
