"""The incident register: covert recording, publication or use for another purpose, and a
friend recording against the parents' wishes, each followed up to closure (follow_up.py)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Case, Meeting
from onrecord.incidents.follow_up import KIND_LABELS, Kind


class Incident(CaseScoped, models.Model):
    case_path = "case_id"

    class ChairAction(models.TextChoices):
        NONE = "none", "Nothing yet"
        ASKED_TO_STOP = "asked_to_stop", "Asked them to stop recording"
        ENDED_MEETING = "ended_meeting", "Ended the meeting"
        ASKED_TO_LEAVE = "asked_to_leave", "Halted the meeting and asked them to leave"
        NOT_IN_MEETING = "not_in_meeting", "Found after the meeting"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incidents")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    kind = models.CharField(max_length=30, choices=[(k.value, v) for k, v in KIND_LABELS.items()])
    discovered_by = models.CharField(max_length=200, help_text="Who found out.")
    discovered_at = models.DateTimeField()
    description = models.TextField(max_length=5000)
    chair_action = models.CharField(
        max_length=20, choices=ChairAction.choices, default=ChairAction.NONE
    )
    where_found = models.CharField(
        max_length=500, blank=True, help_text="Where it was published or used (site, address)."
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    opened_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({timezone.localdate(self.discovered_at):%-d %b %Y})"

    @property
    def kind_enum(self) -> Kind:
        return Kind(self.kind)


class Task(CaseScoped, models.Model):
    case_path = "incident.case_id"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="tasks")
    code = models.CharField(max_length=50)
    title = models.CharField(max_length=300)
    source = models.CharField(max_length=200, help_text="The policy clause that requires it.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incident_tasks",
    )
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "code"], name="one_task_per_code")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return not self.is_done and self.due_on < (today or timezone.localdate())


class HarmAssessment(CaseScoped, models.Model):
    """The lead practitioner's assessment (Leeds f)."""

    case_path = "incident.case_id"

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "Not known yet"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="assessments")
    child_identifiable = models.CharField(max_length=10, choices=Answer.choices)
    risk_of_further_harm = models.CharField(max_length=10, choices=Answer.choices)
    possible_emotional_abuse = models.CharField(max_length=10, choices=Answer.choices)
    notes = models.TextField(max_length=5000, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessed_at"]

    def __str__(self) -> str:
        return f"Assessment of {self.incident}"


class LegalAdvice(CaseScoped, models.Model):
    case_path = "incident.case_id"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="legal_advice")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    question = models.TextField(max_length=5000)
    advice = models.TextField(max_length=10000, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        verbose_name_plural = "legal advice"

    def __str__(self) -> str:
        return f"Legal advice on {self.incident}"


class RemovalAction(CaseScoped, models.Model):
    """A takedown request or an injunction, tracked to its end (Leeds f; Hertfordshire 3.3d)."""

    case_path = "incident.case_id"

    class Type(models.TextChoices):
        TAKEDOWN = "takedown", "Request to the site to remove it"
        INJUNCTION = "injunction", "Application for an injunction"

    class State(models.TextChoices):
        REQUESTED = "requested", "Requested"
        GRANTED = "granted", "Granted or removed"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="removals")
    type = models.CharField(max_length=20, choices=Type.choices)
    target = models.CharField(max_length=500, help_text="Site, platform or court.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.REQUESTED)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.REQUESTED
