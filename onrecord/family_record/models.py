"""Subject access requests made by a family member from their own record of a meeting.

UK GDPR Article 15 gives everyone the right to a copy of their personal data; Hertfordshire
3.3b has copies of a recording "on request to the chair". The request lands with the council's
legal team (data protection), who answer it with the tools they already use: a redacted copy of
the recording (vault/copies), a disclosure bundle (disclosure/bundle.py) and the legal hold that
keeps what it covers from being disposed of while it is answered (placed with the request).
A request is a record: never edited or deleted."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onrecord.append_only import AppendOnly
from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Case, Meeting, Person
from onrecord.vault.models import LegalHold


class SubjectAccessRequest(CaseScoped, AppendOnly):
    case_path = "case_id"
    refuse_change = "A subject access request is a record: it is never changed."
    refuse_delete = "Subject access requests are never deleted."

    class Asks(models.TextChoices):
        # The family's words (forms.py asks with the same ones), translatable.
        RECORDING = "recording", _("A copy of the recording of the meeting")
        FULL_RECORD = "full_record", _("All the notes of the meeting, with what people said")
        EVERYTHING = "everything", _("All the information the council has about me")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=13, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="subject_access")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="subject_access", null=True, blank=True
    )
    requester = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asks = models.CharField(max_length=20, choices=Asks.choices)
    details = models.TextField(max_length=1000, blank=True)
    received_on = models.DateField()
    due_on = models.DateField(help_text="One month from receipt (UK GDPR Article 12(3)).")
    hold = models.OneToOneField(
        LegalHold, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return f"Subject access request {self.reference}"
