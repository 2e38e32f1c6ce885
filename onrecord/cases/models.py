"""A family's record: the authority, the case, its children and people, who holds parental
responsibility (PR) for whom, meetings with attendees and agendas, and append-only case notes.

PR is held per person per child because the seeds decide recordability per child: a parent may
not record the parts of a meeting about a child they hold no PR for (Hackney 3; Hertfordshire 1.4).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from onrecord.append_only import AppendOnlyManager
from onrecord.append_only import ImmutableRecordError as ImmutableRecordError
from onrecord.case_scoped import CaseScoped


class Authority(models.Model):
    """A local authority, and the recording-policy profile its requests are decided under."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    policy_profile = models.CharField(
        max_length=50,
        help_text="Name of the recording-policy profile, e.g. hackney (see `onrecord policies`).",
    )

    class Meta:
        verbose_name_plural = "authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuthorityMembership(models.Model):
    """Which authority a member of staff works for: the wall around every authority-wide power
    (the records manager's due list and disposals, legal holds, certificates, reports).
    onrecord/cases/scoping.py reads it; an allocation to a case outside the authorities a user
    belongs to gives nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authority_memberships"
    )
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="members")
    joined_on = models.DateField(default=dt.date.today)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "authority"], name="one_membership_per_user_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.authority}"


class AuthorityGroup(models.Model):
    """A permission group that belongs to one authority (say, "Eastmere records managers"): its
    administrator may give it to their own people in the admin site (admin_accounts.py). A
    group linked to no authority is the installation's, given only by the operator. Linked by
    the operator, on the group's page."""

    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="authority_link"
    )
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="groups")

    class Meta:
        verbose_name = "authority of the group"
        verbose_name_plural = "authority of the group"

    def __str__(self) -> str:
        return f"{self.group} ({self.authority})"


class Case(CaseScoped, models.Model):
    case_path = "id"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=50, help_text="The authority's own case number.")
    family_name = models.CharField(max_length=200, help_text="How staff refer to the family.")
    opened_on = models.DateField(default=dt.date.today)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "reference"], name="case_reference_unique_per_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.family_name})"


class CaseAllocation(CaseScoped, models.Model):
    """Which staff may work on a case: least privilege is 'allocated cases only'."""

    case_path = "case_id"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allocations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="allocations"
    )
    allocated_on = models.DateField(default=dt.date.today)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_allocation_per_user_case")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.case}"


class Person(CaseScoped, models.Model):
    """Someone involved in a case: family, friend, child, or a professional.

    A Person is case-scoped (a 'case participant'); the same signed-in user may be a Person on
    several cases, which is how a school nurse or police officer sees only their own meetings.
    """

    case_path = "case_id"

    class Kind(models.TextChoices):
        PARENT = "parent", _("Parent")
        FAMILY_MEMBER = "family_member", _("Family member")
        CARER = "carer", _("Carer")
        FRIEND = "friend", _("Friend of the family")
        CHILD = "child", _("Child")
        PROFESSIONAL = "professional", _("Professional from another agency")
        STAFF = "staff", _("Local authority staff")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    relationship = models.CharField(
        max_length=100, blank=True, help_text="For family: e.g. mother, father of Jay, aunt."
    )
    agency = models.CharField(max_length=200, blank=True, help_text="For professionals.")
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    # The language of the page a person without an account last acted from (a secure link's
    # page, recording_requests/views.py): what staff's actions send them is written in it
    # (notify.language_for). Someone with an account has it on the account (User.language).
    language = models.CharField(max_length=10, blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_people",
        help_text="The account this person signs in with, if any.",
    )
    invited_by = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="invited",
        help_text="For a friend or relative: who on the case invited them to meetings (Leeds: "
        "'another family member or friend invited by the parents'). Empty: not recorded.",
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if self.kind == self.Kind.PROFESSIONAL and not self.agency:
            raise ValidationError({"agency": "Say which agency this professional works for."})


class Child(CaseScoped, models.Model):
    """A subject child of the case. Their name lives on their Person record."""

    case_path = "case_id"

    class CourtOrder(models.TextChoices):
        NONE = "none", "None"
        INTERIM_CARE_ORDER = "interim_care_order", "Interim care order"
        CARE_ORDER = "care_order", "Care order"
        PLACEMENT_ORDER = "placement_order", "Placement order"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="children")
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="child")
    date_of_birth = models.DateField()
    looked_after = models.BooleanField(default=False)
    court_order = models.CharField(
        max_length=30,
        choices=CourtOrder.choices,
        default=CourtOrder.NONE,
        help_text="An order under which the local authority holds parental responsibility.",
    )
    gillick_competent = models.BooleanField(
        null=True, blank=True, help_text="Unknown until assessed."
    )
    gillick_assessed_on = models.DateField(null=True, blank=True)
    gillick_assessed_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date_of_birth"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.person.full_name

    def clean(self) -> None:
        if self.person_id and self.person.kind != Person.Kind.CHILD:
            raise ValidationError({"person": "A child's person record must be of kind child."})
        if self.gillick_competent is not None and not (
            self.gillick_assessed_on and self.gillick_assessed_by
        ):
            raise ValidationError(
                {"gillick_assessed_on": "Say when and by whom Gillick competence was assessed."}
            )
        if self.date_of_birth and self.date_of_birth > dt.date.today():
            raise ValidationError({"date_of_birth": "Date of birth must be in the past."})

    @property
    def full_name(self) -> str:
        return self.person.full_name

    @property
    def local_authority_holds_pr(self) -> bool:
        return self.court_order != self.CourtOrder.NONE

    def age_on(self, day: dt.date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class ParentalResponsibility(CaseScoped, models.Model):
    case_path = "child.case_id"

    class Basis(models.TextChoices):
        BIRTH_MOTHER = "birth_mother", "Birth mother"
        MARRIED_FATHER = "married_father", "Father married to the mother at the birth"
        REGISTERED_FATHER = "registered_father", "Father named on the birth certificate"
        PR_AGREEMENT = "pr_agreement", "Parental responsibility agreement"
        PR_ORDER = "pr_order", "Parental responsibility order"
        CHILD_ARRANGEMENTS_ORDER = "child_arrangements_order", "Child arrangements order"
        SPECIAL_GUARDIANSHIP_ORDER = "special_guardianship_order", "Special guardianship order"
        ADOPTION_ORDER = "adoption_order", "Adoption order"
        OTHER = "other", "Other"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="parental_responsibilities"
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="parental_responsibilities"
    )
    basis = models.CharField(max_length=40, choices=Basis.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "parental responsibility"
        verbose_name_plural = "parental responsibilities"
        ordering = ["child", "person"]

    def __str__(self) -> str:
        return f"{self.person} holds PR for {self.child}"

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "PR cannot end before it starts."})
        if self.person_id and self.child_id and self.person.case_id != self.child.case_id:
            raise ValidationError("The person and the child must belong to the same case.")

    def is_current_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Meeting(CaseScoped, models.Model):
    case_path = "case_id"

    class Kind(models.TextChoices):
        CHILD_PROTECTION_CONFERENCE = (
            "child_protection_conference",
            _("Child protection conference"),
        )
        REVIEW_CONFERENCE = "review_conference", _("Review child protection conference")
        LOOKED_AFTER_CHILD_REVIEW = "looked_after_child_review", _("Looked-after child review")
        CORE_GROUP = "core_group", _("Core group meeting")
        CHILD_IN_NEED = "child_in_need", _("Child in need meeting")
        STRATEGY = "strategy", _("Strategy meeting")
        HOME_VISIT = "home_visit", _("Home visit")
        PHONE_CALL = "phone_call", _("Phone call")
        OTHER = "other", _("Other meeting")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField(max_length=300, blank=True)
    scheduled_start = models.DateTimeField()
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
        null=True,
        blank=True,
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_meetings",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["scheduled_start"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    def clean(self) -> None:
        if self.mode in {self.Mode.IN_PERSON, self.Mode.HYBRID} and not self.place:
            raise ValidationError({"place": "Say where the meeting is held."})


class Attendee(CaseScoped, models.Model):
    case_path = "meeting.case_id"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    role = models.CharField(max_length=200, help_text="Role at this meeting, e.g. Chair, Mother.")
    invited_at = models.DateTimeField(default=timezone.now)
    attended_from = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attend_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"

    def clean(self) -> None:
        if self.left_at and self.attended_from and self.left_at < self.attended_from:
            raise ValidationError({"left_at": "Someone cannot leave before they arrive."})
        if self.person_id and self.meeting_id and self.person.case_id != self.meeting.case_id:
            raise ValidationError("The attendee must be a person on the meeting's case.")


class SensitiveKind(models.TextChoices):
    """What kind of sensitive information an agenda item holds (the scenario's
    `sensitive_kinds`): Leeds d pauses for health, Hertfordshire 1.4 for special category data."""

    HEALTH = "health", "Health or medical information"
    SPECIAL_CATEGORY = (
        "special_category",
        ("Other special category data (ethnic origin, religion, sexual life or orientation...)"),
    )
    OTHER = "other", "Other sensitive information"


def _sensitive_kinds_valid(value: object) -> None:
    if not isinstance(value, list) or any(v not in SensitiveKind.values for v in value):
        raise ValidationError(
            "Sensitive information kinds must be a list of: " + ", ".join(SensitiveKind.values)
        )
    if len(set(value)) != len(value):
        raise ValidationError("Name each kind of sensitive information once")


MAX_PARTS = 50


def _is_uuid(value: object) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


_PART_KEYS = {"title", "child_ids", "sensitive", "sensitive_kinds"}


def _parts_valid(value: object) -> None:
    """An item's parts (the scenario's `meeting.agenda[].parts`; Hackney 3 "any part"): at most
    50, each with a title of 1 to 300 characters, the ids of the children it is about, and
    whether it is sensitive and with what."""
    if not isinstance(value, list) or len(value) > MAX_PARTS:
        raise ValidationError(f"Parts must be a list of at most {MAX_PARTS}")
    for k, part in enumerate(value, start=1):
        if not isinstance(part, dict) or not set(part) <= _PART_KEYS:
            raise ValidationError(f"Part {k} may hold only: " + ", ".join(sorted(_PART_KEYS)))
        title = part.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > 300:
            raise ValidationError(f"Part {k} needs a title of 1 to 300 characters")
        ids = part.get("child_ids", [])
        if not isinstance(ids, list) or any(not _is_uuid(i) for i in ids):
            raise ValidationError(f"Part {k}'s children must be a list of child ids")
        if len(set(ids)) != len(ids):
            raise ValidationError(f"Part {k} names a child twice")
        if not isinstance(part.get("sensitive", False), bool):
            raise ValidationError(f"Part {k}'s sensitive must be true or false")
        _sensitive_kinds_valid(part.get("sensitive_kinds", []))


class AgendaItem(CaseScoped, models.Model):
    case_path = "meeting.case_id"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    children = models.ManyToManyField(Child, blank=True, related_name="agenda_items")
    sensitive = models.BooleanField(
        default=False,
        help_text=(
            "Sensitive information (e.g. medical). Whether the recording pauses for it is the "
            "authority's policy (its profile's meeting section)."
        ),
    )
    sensitive_reason = models.CharField(max_length=300, blank=True)
    sensitive_kinds = models.JSONField(
        default=list,
        blank=True,
        validators=[_sensitive_kinds_valid],
        help_text=(
            "What the sensitive information is (Leeds d; Hertfordshire 1.4): health, other "
            "special category data, other. Naming one marks the item sensitive."
        ),
    )
    parts = models.JSONField(
        default=list,
        blank=True,
        validators=[_parts_valid],
        help_text=(
            "The item divided so that parts can be recorded on their own (Hackney 3 'any "
            "part'), e.g. one part per child. None: the item is decided whole."
        ),
    )

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class CaseNote(CaseScoped, models.Model):
    """A case note. A finished note is never edited or deleted, only added to: an 'appendment'
    is a new note that names the note it adds to (as in Mosaic). A draft (no finished_at) may be
    changed through save(); the manager's update() and delete() refuse every note, and so does
    the database (a trigger on SQLite and PostgreSQL)."""

    case_path = "case_id"
    append_only_record: ClassVar[bool] = True
    refuse_change = "A finished case note cannot be changed; add an appendment instead."
    refuse_delete = "Case notes are never deleted."

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_notes"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=20_000)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    appends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appendments",
        help_text="The finished note this one adds to.",
    )

    objects = AppendOnlyManager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = CaseNote.objects.filter(pk=self.pk).values_list("finished_at", flat=True)
            if stored and stored[0] is not None:
                raise ImmutableRecordError(self.refuse_change)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError(self.refuse_delete)

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None
