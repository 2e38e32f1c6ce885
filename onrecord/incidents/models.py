"""The incident register: covert recording, publication or use for another purpose, and a
friend recording against the parents' wishes, each followed up to closure (follow_up.py)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Attendee, Case, Meeting
from onrecord.incidents.follow_up import KIND_LABELS, Kind

# Incidents about a recording someone made, where the legal escalation needs to know who made
# it (Leeds e-f, Hackney 4, Brent: legal advice, an injunction against whom).
RECORDED_BY_KINDS = frozenset({Kind.COVERT_RECORDING, Kind.PUBLICATION, Kind.OTHER_PURPOSE})


class RecordedBy(models.TextChoices):
    ATTENDEE = "attendee", "Someone at the meeting (choose who)"
    FAMILY_NOT_PRESENT = "family_not_present", "A family member who was not at the meeting"
    UNKNOWN = "unknown", "Not known"


def recorded_by_errors(
    *,
    kind: str,
    recorded_by: str,
    attendee: Attendee | None,
    name: str,
    meeting_id: object,
    required: bool = True,
) -> dict[str, str]:
    """What is wrong with who made the recording, by field: asked for a covert recording and a
    recording published or used for another purpose, and only for those (`required`: the pages
    ask it; a stored incident may predate it); an attendee
    must be on this incident's meeting's attendee list; a family member not present is named;
    "not known" names nobody."""
    if kind not in RECORDED_BY_KINDS:
        if recorded_by or attendee is not None or name.strip():
            return {"recorded_by": "Say who made the recording only for a covert recording, or "
                    "a recording published or used for another purpose."}  # fmt: skip
        return {}
    if not recorded_by and not required and attendee is None and not name.strip():
        return {}
    if recorded_by not in RecordedBy.values:
        return {"recorded_by": "Say who made the recording, or that it is not known."}
    errors: dict[str, str] = {}
    if recorded_by == RecordedBy.ATTENDEE:
        if meeting_id is None:
            errors["recorded_by"] = (
                "Only an incident about a meeting can name one of its attendees: choose the "
                "meeting, or say it was a family member who was not there, or not known."
            )
        elif attendee is None:
            errors["recorded_by_attendee"] = "Choose who at the meeting made the recording."
        elif attendee.meeting_id != meeting_id:
            errors["recorded_by_attendee"] = (
                f"{attendee.person.full_name} is not on this meeting's attendee list."
            )
    elif attendee is not None:
        errors["recorded_by_attendee"] = "Choose an attendee only for someone at the meeting."
    if recorded_by == RecordedBy.FAMILY_NOT_PRESENT and not name.strip():
        errors["recorded_by_name"] = "Say which family member made the recording."
    elif recorded_by != RecordedBy.FAMILY_NOT_PRESENT and name.strip():
        errors["recorded_by_name"] = "Give a name only for a family member not at the meeting."
    return errors


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
    # Who made the recording (RECORDED_BY_KINDS; blank on other kinds and on older incidents).
    recorded_by = models.CharField(max_length=20, choices=RecordedBy.choices, blank=True)
    recorded_by_attendee = models.ForeignKey(
        Attendee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField(
        max_length=200, blank=True, help_text="The family member, when not at the meeting."
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

    def clean(self) -> None:
        errors = recorded_by_errors(
            kind=self.kind,
            recorded_by=self.recorded_by,
            attendee=self.recorded_by_attendee,
            name=self.recorded_by_name,
            meeting_id=self.meeting_id,
            required=False,  # older incidents, and callers that do not know, leave it blank
        )
        if errors:
            raise ValidationError(errors)

    @property
    def recorder(self) -> str:
        """Who made the recording, in words ("" where not said)."""
        if self.recorded_by == RecordedBy.ATTENDEE and self.recorded_by_attendee is not None:
            person = self.recorded_by_attendee.person
            return f"{person.full_name}, at the meeting ({self.recorded_by_attendee.role})"
        if self.recorded_by == RecordedBy.FAMILY_NOT_PRESENT:
            return f"{self.recorded_by_name}, a family member who was not at the meeting"
        return self.get_recorded_by_display() if self.recorded_by else ""

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
