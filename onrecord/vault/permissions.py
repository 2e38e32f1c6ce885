"""Who may provide, list and listen to recordings. Builds on onrecord.cases.permissions.

- Upload a parent's copy (Hackney 3: "they must make a copy of the recording available to the
  social worker"): the family member themselves, when they are invited to the meeting, and
  staff who run the process on a case they are allocated to (chair, social worker, team
  manager), on the family member's behalf. Legal staff read the record; they do not add to it.
- Listen and download: staff allocated to the case (legal included: disclosure is their work);
  a family member only the recordings that came from them. Nobody else, not even other
  attendees of the meeting.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from onrecord.accounts.roles import Role
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Meeting, Person
from onrecord.vault.models import Recording

UPLOAD_STAFF_ROLES = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
# Who can give a parent's copy: the family on the case (a child's own recording too).
FAMILY_KINDS = frozenset(
    {Person.Kind.PARENT, Person.Kind.FAMILY_MEMBER, Person.Kind.CARER, Person.Kind.CHILD}
)


def family_attendees(meeting: Meeting) -> QuerySet[Person]:
    """The family members invited to the meeting: whose copy a recording can be."""
    return Person.objects.filter(
        case=meeting.case_id, attendances__meeting=meeting, kind__in=FAMILY_KINDS
    ).order_by("full_name")


def own_family_person(user: Any, meeting: Meeting) -> Person | None:
    """The signed-in family member's own person record on this meeting, if invited to it."""
    if case_permissions.role_of(user) != Role.FAMILY:
        return None
    return family_attendees(meeting).filter(user=user).first()


def can_upload_for_others(user: Any, meeting: Meeting) -> bool:
    return case_permissions.role_of(user) in UPLOAD_STAFF_ROLES and case_permissions.can_view_case(
        user, meeting.case
    )


def can_upload(user: Any, meeting: Meeting) -> bool:
    return can_upload_for_others(user, meeting) or own_family_person(user, meeting) is not None


def visible_recordings(user: Any) -> QuerySet[Recording]:
    role = case_permissions.role_of(user)
    if role is None:
        return Recording.objects.none()
    if case_permissions.is_case_staff(user):
        return Recording.objects.filter(meeting__case__in=case_permissions.visible_cases(user))
    if role == Role.FAMILY:
        # Only what came from them: their own copy, whoever uploaded it for them.
        return Recording.objects.filter(
            Q(kind=Recording.Kind.PARENT_COPY)
            & (Q(family_member__user=user) | Q(family_member__isnull=True, provided_by=user))
        )
    return Recording.objects.none()


def can_listen(user: Any, recording: Recording) -> bool:
    return visible_recordings(user).filter(pk=recording.pk).exists()


def can_export(user: Any, recording: Recording) -> bool:
    """A disclosure bundle: staff allocated to the case who may listen to it (`onrecord export`
    and the bundle page alike). Family members ask for theirs through subject access."""
    return case_permissions.is_case_staff(user) and can_listen(user, recording)


def can_correct_statement(user: Any, recording: Recording) -> bool:
    """Brent: the chair makes the record of the meeting, so only its chair corrects and approves
    the explanatory statement (statement.py refuses anyone else too)."""
    chair_id = recording.meeting.chair_id
    return (
        chair_id is not None
        and getattr(user, "pk", None) == chair_id
        and can_listen(user, recording)
    )
