"""Subject access requests made by a family member from their own record of a meeting.

UK GDPR Article 15 gives everyone the right to a copy of their personal data; Hertfordshire
3.3b has copies of a recording "on request to the chair". The request lands with the council's
legal team (data protection), who answer it with the tools they already use: a redacted copy of
the recording (vault/copies), a disclosure bundle (disclosure/bundle.py) and the legal hold that
keeps what it covers from being disposed of while it is answered (placed with the request).
A request is a record: never edited or deleted."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onrecord.append_only import AppendOnly
from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Case, Meeting, Person
from onrecord.vault.models import LegalHold, LegalHoldRelease


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

    @property
    def answer_due_on(self) -> dt.date:
        """The last day to answer: one month, or later where the time was extended."""
        extension = getattr(self, "extension", None)
        return self.due_on if extension is None else extension.due_on


class SubjectAccessExtension(CaseScoped, AppendOnly):
    """The time to answer extended by one or two further months because the request is complex
    (UK GDPR Article 12(3)); the person was told, with the reasons, within the first month.
    One per request: recorded once, never changed."""

    case_path = "request.case_id"
    refuse_change = "An extension of a subject access request is a record: it is never changed."
    refuse_delete = "Extensions of subject access requests are never deleted."

    request = models.OneToOneField(
        SubjectAccessRequest, on_delete=models.PROTECT, related_name="extension"
    )
    extra_months = models.PositiveSmallIntegerField(help_text="1 or 2 further months.")
    due_on = models.DateField(help_text="The new last day to answer.")
    reasons = models.TextField(max_length=1000, help_text="Why the request is complex.")
    told_on = models.DateField(help_text="When the person was told, with the reasons.")
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Extension of subject access request {self.request_id}"


class SubjectAccessAnswer(CaseScoped, AppendOnly):
    """That the council's response was sent: when, how, by whom, what was disclosed and any
    exemption applied. Recording it lifts the legal hold the request placed (that hold only:
    `hold_release`). One per request: recorded once, never changed."""

    case_path = "request.case_id"
    refuse_change = "The answer to a subject access request is a record: it is never changed."
    refuse_delete = "Answers to subject access requests are never deleted."

    class SentHow(models.TextChoices):
        EMAIL = "email", "Secure email"
        POST = "post", "Post"
        PORTAL = "portal", "Secure download link"
        IN_PERSON = "in_person", "Handed over in person"

    request = models.OneToOneField(
        SubjectAccessRequest, on_delete=models.PROTECT, related_name="answer"
    )
    sent_on = models.DateField()
    sent_how = models.CharField(max_length=20, choices=SentHow.choices)
    disclosed = models.TextField(max_length=2000, help_text="What was disclosed.")
    exemptions = models.TextField(
        max_length=2000, blank=True, help_text="Any exemption applied, and what was withheld."
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    hold_release = models.OneToOneField(
        LegalHoldRelease, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Answer to subject access request {self.request_id}"
