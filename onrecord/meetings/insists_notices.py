"""Telling the case's staff that a parent who was refused insisted on recording (Leeds,
001_faf809ee2c83eecf.txt): "We will provide information to other practitioners if the situation
arises that it is known that a parent wants to record the meeting" (Principles of how we will
work); "Where the local authority has parental responsibility ... the Social Worker and the
child's Independent Reviewing Officer will jointly decide what is in the best interests of the
child" (same section); "The lead practitioner should seek legal advice if some recording has
taken place" ("What should practitioners do when the parents have differences in opinion").

Who is told, by role, and only the case's own staff of the case's authority (an allocation to
this case in force today, a membership of its authority in force today, an active account):

- every allocated chair or IRO, social worker and team manager, except the one who logged it:
  what happened and what the chair decided;
- where the local authority holds parental responsibility and the council's policy speaks of a
  parent who insists (its rule is not silent), the social workers and the chairs/IROs are told
  that they decide together what is in the child's best interests;
- where the parent had already recorded some of the meeting and the policy speaks of it, the
  allocated legal staff too, and the social workers (the lead practitioners) are told to seek
  their advice.

Another authority's staff, staff of this authority not allocated to the case, staff whose
allocation has ended, family members and other agencies are never told. The messages leave
through the notification port (recording_requests/notifiers.py) only once the transaction that
logs the decision commits; who was told (and who had no address) is audited and put on the
case timeline in that same transaction. Staff are written to in English (docs/LANGUAGES.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.cases.models import Child, Meeting
from onrecord.cases.scoping import active_on
from onrecord.meetings.state import INSISTED_LABELS, Insisted, Roster
from onrecord.recording_requests import notifiers
from onrecord.recording_requests.models import TimelineEntry
from onrecord.recording_requests.notify import absolute_url

PRACTITIONERS = (Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
DECIDE_TOGETHER = (Role.SOCIAL_WORKER, Role.CHAIR)  # the social worker and the child's IRO


@dataclass(frozen=True)
class Notice:
    user: User
    why: tuple[str, ...]  # "practitioner", "decide_together", "seek_legal_advice", "legal"


def case_staff(meeting: Meeting, roles: tuple[Role, ...]) -> list[User]:
    """The case's own staff in these roles: allocated to the case and members of its
    authority, both in force today, with an active account."""
    today = timezone.localdate()
    return list(
        User.objects.filter(
            Q(allocations__case_id=meeting.case_id)
            & active_on("allocations__", "allocated_on", "ended_on", today),
            Q(authority_memberships__authority_id=meeting.case.authority_id)
            & active_on("authority_memberships__", "joined_on", "left_on", today),
            is_active=True,
            role__in=[r.value for r in roles],
        )
        .distinct()
        .order_by("username")
    )


def who_is_told(meeting: Meeting, by: Any, *, roster: Roster, recorded_some: bool) -> list[Notice]:
    speaks = not roster.rules.on("parent_insists").silent
    together = speaks and roster.la_holds_pr
    legal_advice = speaks and recorded_some
    notices: dict[int, list[str]] = {}
    people: dict[int, User] = {}
    for user in case_staff(meeting, PRACTITIONERS):
        if user.pk == getattr(by, "pk", None):
            continue
        people[user.pk] = user
        why = notices.setdefault(user.pk, ["practitioner"])
        if together and user.role in DECIDE_TOGETHER:
            why.append("decide_together")
        if legal_advice and user.role == Role.SOCIAL_WORKER:
            why.append("seek_legal_advice")
    if legal_advice:
        for user in case_staff(meeting, (Role.LEGAL,)):
            if user.pk != getattr(by, "pk", None):
                people[user.pk] = user
                notices.setdefault(user.pk, []).append("legal")
    return [Notice(people[pk], tuple(why)) for pk, why in notices.items()]


def _send(messages: list[notifiers.Message]) -> None:
    notifier = notifiers.notifier()
    for message in messages:
        notifier.send(message)


def tell_case_staff(
    meeting: Meeting,
    by: Any,
    *,
    roster: Roster,
    attendee: int,
    did: str,
    recorded_some: bool,
    at: dt.datetime,
) -> list[Notice]:
    """In the transaction that logs the decision: choose who is told, audit it, put it on the
    case timeline, and send the messages once it commits."""
    notices = who_is_told(meeting, by, roster=roster, recorded_some=recorded_some)
    parent = roster.name(attendee)
    subject = f"{meeting}: {parent} insists on recording after being refused"[:200]
    children = [
        c.person.full_name
        for c in Child.objects.filter(case_id=meeting.case_id).select_related("person")
        if c.local_authority_holds_pr
    ]
    sw_names = [
        n.user.get_full_name() or n.user.username
        for n in notices
        if n.user.role == Role.SOCIAL_WORKER
    ]
    lawyers = [n.user.get_full_name() or n.user.username for n in notices if "legal" in n.why]
    messages: list[notifiers.Message] = []
    told: list[str] = []
    no_address: list[str] = []
    for notice in notices:
        body = render_to_string(
            "meetings/email/parent_insists_to_staff.txt",
            {
                "user": notice.user,
                "why": notice.why,
                "meeting": meeting,
                "case": meeting.case,
                "parent": parent,
                "at": timezone.localtime(at),
                "chair": by.get_full_name() or by.username,
                "did": INSISTED_LABELS[Insisted(did)],
                "recorded_some": recorded_some,
                "children": children,
                "social_workers": sw_names,
                "lawyers": lawyers,
                "rule": roster.rules.says("parent_insists"),
                "timeline_url": absolute_url(reverse("case_timeline", args=[meeting.case_id])),
            },
        ).strip()
        name = notice.user.get_full_name() or notice.user.username
        if notice.user.email:
            messages.append(notifiers.Message(notice.user.email, subject, body))
            told.append(name)
        else:
            no_address.append(name)
    audit.record(
        "meeting.parent_insists_told",
        meeting,
        detail={
            "attendee": parent,
            "did": did,
            "recorded_some": recorded_some,
            "told": [
                {"user": n.user.username, "role": n.user.role, "why": list(n.why)} for n in notices
            ],
            "no_email_address": no_address,
        },
    )
    if notices:
        TimelineEntry.objects.create(
            case_id=meeting.case_id,
            meeting=meeting,
            at=at,
            kind=TimelineEntry.Kind.MESSAGE,
            summary=subject,
            body=(
                f"Told by email: {', '.join(told) or 'nobody'}."
                + (
                    f" No email address, to be told in person: {', '.join(no_address)}."
                    if no_address
                    else ""
                )
            ),
            to=", ".join(told + no_address)[:500],
        )
    if messages:
        transaction.on_commit(partial(_send, messages))
    return notices
