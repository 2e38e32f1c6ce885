"""A parent whose request to record was refused says they will record anyway, or will not stop
(Leeds, 001_faf809ee2c83eecf.txt, "What should practitioners do if they believe that ... the
child would be placed at risk of further harm"): the chair's decision — exclude them (only where
the local authority holds parental responsibility), suspend the meeting and offer a restorative
meeting, or explain the issues and go ahead — is logged in the meeting (each row audited), and
written to the case timeline at once, in one transaction ("In all cases the decision should be
minuted"; the minutes carry it too when the meeting ends). The engine's fact
`requester_will_not_stop` then holds for them (recording_requests/case_scenario.py), so a
decision taken again cites LD-LA-PR-PARENT-INSISTS. The case's own staff are told, by role,
once it commits, and the legal team too where the parent had already recorded some of the
meeting (`recorded_some`; insists_notices.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from onrecord.cases.models import Meeting
from onrecord.meetings.event_log import append
from onrecord.meetings.in_meeting_incidents import holds_pr
from onrecord.meetings.insists_notices import tell_case_staff
from onrecord.meetings.log_summary import insisted_minute
from onrecord.meetings.meeting_plan import MeetingPlan
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Event, EventRefused, Kind, plan_parent_insists
from onrecord.recording_requests.models import TimelineEntry

__all__ = ["parent_insists"]


def parent_insists(
    meeting: Meeting,
    by: Any,
    *,
    attendee: int | None,
    did: str,
    recorded_some: bool = False,
    now: dt.datetime | None = None,
) -> list[MeetingEvent]:
    """Log that the parent insists and what the chair did (state.Insisted), with what follows
    in the log (they leave; the recording stops and the meeting ends), and the decision on the
    case timeline; EventRefused, naming the problem, leaves nothing written."""
    now = now or timezone.now()

    def prepare(events: list[Event], mp: MeetingPlan) -> Mapping[Kind, Mapping[str, Any]]:
        person = next(a for a in mp.attendees if a.pk == attendee)
        if not holds_pr(person):
            raise EventRefused(
                f"{person.person.full_name} is not a parent and holds no parental "
                "responsibility: for a friend or relative, use “A friend or relative is "
                "recording against the parents’ wishes”."
            )
        minute = insisted_minute(timezone.localtime(now), events[0], mp.roster)
        body = minute.body
        TimelineEntry.objects.create(
            case_id=meeting.case_id,
            meeting=meeting,
            at=now,
            kind=TimelineEntry.Kind.DECISION,
            summary=f"{meeting}: {minute.summary}"[:500],
            body=body,
        )
        # The other practitioners, and the legal team where some was recorded, are told once
        # this transaction commits (insists_notices.py).
        tell_case_staff(
            meeting,
            by,
            roster=mp.roster,
            attendee=person.pk,
            did=did,
            recorded_some=recorded_some,
            at=now,
        )
        return {Kind.PARENT_INSISTS: {"decided": body}}

    with transaction.atomic():
        return append(
            meeting,
            by,
            lambda state, roster: plan_parent_insists(
                state, attendee, roster, did, recorded_some=recorded_some
            ),
            now,
            prepare,
        )
