"""A family member's request to record a meeting, the views gathered on it, the decision, and
the signed (and revocable) declaration.

Sources: Hertfordshire 2.1-2.12 (002_3f8e43dd3e1c40a6.txt), Hackney 3-4 and appendix
(000_881dd3342fdd64fe.txt), Leeds "When someone wants to overtly record" a-d
(001_faf809ee2c83eecf.txt).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onrecord.append_only import AppendOnly
from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Case, Child, Meeting, Person

# Hertfordshire 2.5: "at least 48 hours in advance" is preferred, never required.
PREFERRED_NOTICE = dt.timedelta(hours=48)


class Purpose(models.TextChoices):
    """Why the family wants to record (Hertfordshire 1.2; Leeds "When might parents want to
    record"): each purpose leads to different guidance from the chair (Leeds a)."""

    MEMORY_AID = "memory_aid", _("To help me remember what was said")
    ACCESSIBILITY = "accessibility", _("Because of a disability, literacy or language need")
    DISTRUST_OF_NOTES = "distrust_of_notes", _("I do not trust the notes to be accurate")
    COURT = "court", _("To use in court")
    PUBLISH = "publish", _("To share it publicly or online")
    OTHER = "other", _("Another reason")


class Medium(models.TextChoices):
    AUDIO = "audio", _("Sound only (audio)")
    VIDEO = "video", _("Sound and pictures (video)")
    PHOTOGRAPHY = "photography", _("Photos")


class Need(models.TextChoices):
    """The need behind a request made for accessibility (the scenario's `request.needs`; Leeds
    a and principles, Hertfordshire 1.2 a). The family chooses them, in their own words."""

    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    LEARNING_DIFFICULTY = "learning_difficulty", "Learning difficulty"
    LITERACY = "literacy", "Reading or writing"
    SENSORY_IMPAIRMENT = "sensory_impairment", "Sight or hearing"
    PHYSICAL_IMPAIRMENT = "physical_impairment", "Physical disability"
    MEMORY_OR_CONCENTRATION = "memory_or_concentration", "Memory or concentration"
    ENGLISH_NOT_FIRST_LANGUAGE = "english_not_first_language", "English is not a first language"


def _needs_valid(value: object) -> None:
    if not isinstance(value, list) or any(v not in Need.values for v in value):
        raise ValidationError("Needs must be a list of: " + ", ".join(Need.values))


class RecordingRequest(CaseScoped, models.Model):
    case_path = "meeting.case_id"

    class Status(models.TextChoices):
        GATHERING_VIEWS = "gathering_views", _("Asking people for their views")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Timing(models.TextChoices):
        IN_ADVANCE = "in_advance", _("Before the day of the meeting")
        ON_THE_DAY = "on_the_day", _("On the day, before the meeting starts")
        MID_MEETING = "mid_meeting", _("During the meeting")

    class Channel(models.TextChoices):
        SIGNED_IN = "signed_in", _("Family member signed in")
        LINK = "link", _("Secure link sent by the social worker")
        STAFF = "staff", _("Recorded by staff for the family member")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="requests")
    requester = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="recording_requests"
    )
    made_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The signed-in user who entered the request, if any.",
    )
    medium = models.CharField(max_length=20, choices=Medium.choices)
    purposes = models.JSONField(default=list)
    purpose_details = models.CharField(max_length=1000, blank=True)
    support_needed = models.CharField(max_length=1000, blank=True)
    needs = models.JSONField(
        default=list,
        blank=True,
        validators=[_needs_valid],
        help_text="The need behind an accessibility request, as the family gave it.",
    )
    raised_before = models.BooleanField(
        default=False,
        help_text="Recording came up with this family at an earlier meeting (Leeds a).",
    )
    first_knew_of_meeting_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the requester first knew of the meeting (Hertfordshire 2.5).",
    )
    timing = models.CharField(max_length=20, choices=Timing.choices, default=Timing.IN_ADVANCE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.GATHERING_VIEWS)
    # The reference the family is given (reference.py); unique, set when the request is made.
    reference = models.CharField(max_length=13, unique=True, null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at"]
        constraints = [
            # One open request per person per meeting: a second one is a duplicate.
            models.UniqueConstraint(
                fields=["meeting", "requester"],
                condition=models.Q(status="gathering_views"),
                name="one_open_request_per_person_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester} asks to record {self.meeting}"

    @property
    def case(self) -> Case:
        return self.meeting.case

    @property
    def notice_given(self) -> dt.timedelta:
        return self.meeting.scheduled_start - self.made_at

    @property
    def is_late(self) -> bool:
        return self.notice_given < PREFERRED_NOTICE

    def purpose_labels(self) -> list[str]:
        return [str(Purpose(p).label) for p in self.purposes]

    def need_labels(self) -> list[str]:
        return [Need(n).label for n in self.needs]


class View(CaseScoped, models.Model):
    """One person's view on a request (Leeds b: attendees, the child and the other parent)."""

    case_path = "person.case_id"

    class Stance(models.TextChoices):
        AGREES = "agrees", _("Agrees to the recording")
        OBJECTS = "objects", _("Objects to the recording")
        NO_VIEW = "no_view", _("Has no view")

    request = models.ForeignKey(RecordingRequest, on_delete=models.CASCADE, related_name="views")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="recording_views")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    reason = models.CharField(max_length=2000, blank=True)
    given_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Staff who wrote the view down for this person, if not given by link.",
    )
    would_not_attend_if_recorded = models.BooleanField(
        null=True,
        blank=True,
        default=None,
        help_text="An objector would not come if it were recorded (Leeds); null: not asked.",
    )
    very_valid_reason = models.BooleanField(
        null=True,
        blank=True,
        default=None,
        help_text="The decider judged a professional's objection a 'very valid reason' "
        "(Hertfordshire 2.4); null: not judged.",
    )

    class Meta:
        ordering = ["given_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="one_view_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_stance_display()}"


class ViewInvitation(CaseScoped, models.Model):
    """Someone asked for their view on a request, with the expiring one-time link they got."""

    case_path = "person.case_id"

    request = models.ForeignKey(
        RecordingRequest, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="invite_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} asked about {self.request}"


class AccessLink(CaseScoped, models.Model):
    """A secure, expiring, one-time link for someone without an account.

    Only a SHA-256 of the token is stored: a copy of the database does not hand out live links.
    """

    case_path = "meeting.case_id"

    class Purpose(models.TextChoices):
        MAKE_REQUEST = "make_request", _("Ask to record a meeting")
        GIVE_VIEW = "give_view", _("Give a view on a request to record")

    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(
        RecordingRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for {self.person}"


class Decision(CaseScoped, AppendOnly):
    """The decision on a request, with the policy engine's reasoning kept as it was."""

    case_path = "request.meeting.case_id"
    refuse_change = "A decision is never changed; make a new request."
    refuse_delete = "Decisions are never deleted; make a new request."

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("Allowed")
        REFUSED = "refused", _("Refused")

    request = models.OneToOneField(
        RecordingRequest, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_by_role = models.CharField(max_length=100)
    decided_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(max_length=5000, blank=True)
    disagreements = models.TextField(max_length=5000, blank=True)
    policy_outcome = models.CharField(max_length=30)
    policy_decision = models.JSONField(help_text="The policy engine's decision, as shown.")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.request}"


class Declaration(CaseScoped, models.Model):
    """The Hackney appendix declaration (and Hertfordshire 1.3 undertaking), signed by worker
    and family member before any recording. It stays in place until revoked (Hackney appendix,
    third choice); revocation is a new record, never a deletion."""

    case_path = "case_id"

    class Choice(models.TextChoices):
        AGREE = "agree", "I agree to abide by these expectations"
        DO_NOT_AGREE = (
            "do_not_agree",
            (
                "I do not agree to abide by these expectations and understand that if my actions "
                "breach data protection legislation or other laws, the council may take legal "
                "action as appropriate"
            ),
        )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="declarations")
    family_member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        RecordingRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
    )
    children = models.ManyToManyField(Child, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    worker_position = models.CharField(max_length=200)
    discussed_on = models.DateField()
    worker_signed_name = models.CharField(max_length=200)
    worker_signed_at = models.DateTimeField()
    choice = models.CharField(max_length=20, choices=Choice.choices, blank=True)
    understands_until_revoked = models.BooleanField(default=False)
    family_signed_name = models.CharField(max_length=200, blank=True)
    family_signed_at = models.DateTimeField(null=True, blank=True)
    family_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The account that signed for the family member (their own, or staff's when "
        "signed together on the worker's device).",
    )
    signed_version = models.CharField(
        max_length=20,
        choices=[("standard", _("Standard")), ("easy_read", _("Easy read"))],
        blank=True,
        help_text="The version the family member read and signed from (issue 12).",
    )
    signed_text = models.TextField(
        blank=True, help_text="The words the family member signed, as shown to them."
    )

    class Meta:
        ordering = ["-worker_signed_at"]

    def __str__(self) -> str:
        return f"Declaration by {self.family_member}"

    @property
    def is_signed(self) -> bool:
        return self.family_signed_at is not None

    @property
    def is_revoked(self) -> bool:
        return hasattr(self, "revocation")

    @property
    def in_force(self) -> bool:
        return self.is_signed and not self.is_revoked


class Revocation(CaseScoped, AppendOnly):
    """That a declaration was revoked (Hackney appendix, third choice): a new record, never an
    edit or a deletion of the declaration, and never itself changed."""

    case_path = "declaration.case_id"
    refuse_change = "A revocation is never changed."
    refuse_delete = "A revocation is never deleted; the declaration stays revoked."

    declaration = models.OneToOneField(
        Declaration, on_delete=models.PROTECT, related_name="revocation"
    )
    revoked_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    reason = models.CharField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return f"Revocation of {self.declaration}"


class TimelineEntry(CaseScoped, AppendOnly):
    """The case timeline: every message sent and every step taken, in order. An entry says
    what happened; it is never changed or deleted."""

    case_path = "case_id"
    refuse_change = "A timeline entry is never changed; add a new one."
    refuse_delete = "Timeline entries are never deleted."

    class Kind(models.TextChoices):
        REQUEST = "request", "Request"
        MESSAGE = "message", "Message sent"
        VIEW = "view", "View given"
        DECISION = "decision", "Decision"
        DECLARATION = "declaration", "Declaration"
        MINUTES = "minutes", "Minutes"
        UPLOAD = "upload", "Recording provided"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="timeline")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="timeline"
    )
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    to = models.CharField(max_length=500, blank=True, help_text="For messages: who it went to.")
    for_minutes = models.BooleanField(
        default=False, help_text="Goes into the meeting's minutes (Hertfordshire 2.10)."
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return self.summary


class DeclarationDocument(CaseScoped, AppendOnly):
    """The PDF issued when a declaration is signed, and again when it is withdrawn: kept as
    issued (never regenerated), with its SHA-256."""

    case_path = "declaration.case_id"
    refuse_change = "An issued document is never changed."
    refuse_delete = "An issued document is never deleted."

    class Kind(models.TextChoices):
        SIGNED = "signed", "Signed declaration"
        WITHDRAWN = "withdrawn", "Withdrawn declaration"

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sha256[:12]})"
