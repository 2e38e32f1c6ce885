"""Each authority's recording-policy versions (issue 14): the profile shipped with OnRecord,
recorded as version 1 from its own date, and the drafts its policy owner uploads or derives
from the version in force. A draft may be edited; once approved, with the date it takes effect
from, a version is never changed again. Which version decides on a day is `active.py`'s rule.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from onrecord import policy
from onrecord.cases.models import Authority
from onrecord.policy.profiles import load_text


class ApprovedVersionError(ValueError):
    """An approved version was about to be changed or deleted."""


class PolicyVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    class Source(models.TextChoices):
        SHIPPED = "shipped", "Shipped with OnRecord"
        UPLOADED = "uploaded", "Uploaded by the policy owner"
        EDITED = "edited", "Drafted from an earlier version"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="policy_versions"
    )
    number = models.PositiveIntegerField(help_text="1, 2, 3… in the order versions were added.")
    profile_name = models.CharField(max_length=50, help_text="The profile's `profile:` name.")
    label = models.CharField(max_length=40, help_text="The profile's `version:` label.")
    text = models.TextField(help_text="The profile, as YAML.")
    fingerprint = models.CharField(
        max_length=80, help_text="sha256 of the text, as decisions name it."
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="drafts"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["authority", "number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["authority", "number"], name="policy_version_number_unique"
            ),
            # The owner's versions have labels of their own; a shipped file corrected in a
            # release keeps its label and is recorded again (services.record_shipped).
            models.UniqueConstraint(
                fields=["authority", "profile_name", "label"],
                condition=~models.Q(source="shipped"),
                name="policy_version_label_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(effective_from__isnull=False),
                name="policy_version_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.profile_name} {self.label})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            stored = PolicyVersion.objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored.first() == self.Status.APPROVED:
                raise ApprovedVersionError(f"{self} is approved: it is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if not self.is_draft:
            raise ApprovedVersionError(f"{self} is approved: it is never deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def where(self) -> Path:
        """How errors name this version: <authority>/<profile>/<label>.yaml."""
        return Path(self.authority.slug, self.profile_name, f"{self.label}.yaml")

    def profile(self) -> policy.Profile:
        return load_text(self.text.encode("utf-8"), self.where())
