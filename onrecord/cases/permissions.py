"""Who may see and do what with case data: least privilege by role and by case.

- Staff (chair, social worker, team manager, legal/DPO) see only cases they are allocated to now
  (an allocation that has ended gives nothing, on any page: meeting mode, minutes, the player),
  and only within the authorities they work for (scoping.py: the wall between councils).
- Family members see only meetings of their own case that they are part of, and on those
  meetings only the agenda items about children they hold parental responsibility for, both on
  the day of the meeting and today (PR that has ended shows nothing more about the child).
- Professionals from other agencies see only the meetings they attend.
- Administrators manage accounts and allocations in the admin, not case pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from onrecord.accounts.roles import CASE_STAFF_ROLES, Role
from onrecord.cases import scoping
from onrecord.cases.models import AgendaItem, Case, Child, Meeting

NOTE_WRITER_ROLES = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER})


def role_of(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def is_case_staff(user: Any) -> bool:
    return role_of(user) in CASE_STAFF_ROLES


def visible_cases(user: Any) -> QuerySet[Case]:
    """Cases whose case page this user may open."""
    if not is_case_staff(user):
        return Case.objects.none()
    today = timezone.localdate()
    return Case.objects.filter(
        Q(allocations__user=user)
        & scoping.active_on("allocations__", "allocated_on", "ended_on", today),
        authority__in=scoping.authorities_of(user),
    ).distinct()


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    role = role_of(user)
    if role is None:
        return Meeting.objects.none()
    if role in CASE_STAFF_ROLES:
        return Meeting.objects.filter(case__in=visible_cases(user))
    if role in {Role.FAMILY, Role.PROFESSIONAL}:
        return scoping.for_user(
            Meeting.objects.filter(attendees__person__user=user).distinct(), user
        )
    return Meeting.objects.none()


def can_view_case(user: Any, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    return visible_meetings(user).filter(pk=meeting.pk).exists()


def can_read_case_notes(user: Any, case: Case) -> bool:
    return can_view_case(user, case)


def can_write_case_notes(user: Any, case: Case) -> bool:
    return role_of(user) in NOTE_WRITER_ROLES and can_view_case(user, case)


def children_for_family_member(user: Any, meeting: Meeting) -> QuerySet[Child]:
    """The children of this meeting's case a family member may see discussed: those they hold
    PR for, and themselves if they are a subject child (Hackney 3: no PR, no recording, and by
    the same reasoning no detail of the item)."""
    day = timezone.localdate(meeting.scheduled_start)
    today = timezone.localdate()
    # In force on the meeting's day and still today: PR ending (an adoption or other order)
    # ends what the parent may see of the child, also of meetings held before.
    return (
        Child.objects.filter(case=meeting.case)
        .filter(
            Q(
                parental_responsibilities__person__user=user,
                parental_responsibilities__starts_on__lte=min(day, today),
            )
            & (
                Q(parental_responsibilities__ends_on__isnull=True)
                | Q(parental_responsibilities__ends_on__gte=max(day, today))
            )
            | Q(person__user=user)
        )
        .distinct()
    )


def agenda_items_shown_in_full(user: Any, meeting: Meeting) -> set[int]:
    """Ids of agenda items whose titles this user may read. Staff see all; family see items
    that are about no child or only about children they may see; professionals see all items of
    meetings they attend (they take part in the whole discussion)."""
    items = list(AgendaItem.objects.filter(meeting=meeting).prefetch_related("children"))
    if role_of(user) != Role.FAMILY:
        return {item.pk for item in items}
    allowed = set(children_for_family_member(user, meeting).values_list("pk", flat=True))
    return {item.pk for item in items if all(child.pk in allowed for child in item.children.all())}


def can_run_meeting(user: Any, meeting: Meeting) -> bool:
    """Who may use meeting mode (and the browser's recorder): staff allocated to the case now
    (its chair included; a chair whose allocation has ended is refused like anyone else).
    Family members and other agencies attending may see its page, not run it."""
    return role_of(user) in CASE_STAFF_ROLES and can_view_case(user, meeting.case)


def is_meeting_chair(user: Any, meeting: Meeting) -> bool:
    """The meeting's chair, while allocated to its case: being named chair gives nothing once
    the allocation has ended (the one rule every chair-only action uses)."""
    return (
        meeting.chair_id is not None
        and meeting.chair_id == getattr(user, "pk", None)
        and can_view_case(user, meeting.case)
    )
