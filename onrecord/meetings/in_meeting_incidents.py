"""Incidents found during the meeting and raised from the chair's screen: someone recording
without permission, a friend or relative recording against the parents' wishes, a recording
published or used for another purpose (Hackney 4; Leeds e-f; Brent). The meeting's log and the
incident register are written together, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onrecord.cases.models import Attendee, Meeting, Person
from onrecord.incidents import services as incidents
from onrecord.incidents.follow_up import Kind as IncidentKind
from onrecord.incidents.models import RECORDED_BY_KINDS, Incident, RecordedBy
from onrecord.meetings.event_log import append
from onrecord.meetings.meeting_plan import MeetingPlan
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Event, Kind, Roster, State, plan_incident

__all__ = [
    "COVERT_ACTIONS",
    "IN_MEETING_INCIDENTS",
    "InMeetingIncident",
    "covert_recording_found",
    "holds_pr",
    "incident_found",
]


@dataclass(frozen=True)
class InMeetingIncident:
    """One kind of incident the chair can raise from the meeting screen: the event it logs,
    what the chair may have done about it (chair action → words for the log), and the sentence
    that opens the incident's description."""

    event: Kind
    actions: Mapping[str, str]
    opening: str  # formatted with {who} and {where}


_ChairAction = Incident.ChairAction
IN_MEETING_INCIDENTS: dict[str, InMeetingIncident] = {
    # Hackney 4: asked to stop, and/or the chair may end the meeting; Leeds e; Brent.
    IncidentKind.COVERT_RECORDING.value: InMeetingIncident(
        Kind.COVERT_RECORDING,
        {
            _ChairAction.ASKED_TO_STOP.value: "asked them to stop",
            _ChairAction.ENDED_MEETING.value: "ended the meeting",
        },
        "{who} was recording the meeting without permission.",
    ),
    # Leeds, parents who disagree; Brent, "When a service user requests": asked to stop; if
    # they do not, the chair halts the meeting and they are asked to leave.
    IncidentKind.FRIEND_RECORDING.value: InMeetingIncident(
        Kind.FRIEND_RECORDING,
        {
            _ChairAction.ASKED_TO_STOP.value: "asked them to stop, and they stopped",
            _ChairAction.ASKED_TO_LEAVE.value: (
                "halted the meeting and asked them to leave, as they did not stop"
            ),
        },
        "{who}, who does not hold parental responsibility, was recording the meeting against "
        "the parents' wishes.",
    ),
    # Hackney 4 (misuse: legal advice and action), Leeds f, Brent: found during the meeting,
    # e.g. an earlier meeting's recording online, or this one streamed as it happens.
    IncidentKind.PUBLICATION.value: InMeetingIncident(
        Kind.RECORDING_MISUSED,
        {
            _ChairAction.NONE.value: "noted it for follow-up",
            _ChairAction.ASKED_TO_STOP.value: "stopped the recording for the rest of the meeting",
            _ChairAction.ENDED_MEETING.value: "ended the meeting",
        },
        "A recording made by {who} was found published: {where}.",
    ),
    IncidentKind.OTHER_PURPOSE.value: InMeetingIncident(
        Kind.RECORDING_MISUSED,
        {
            _ChairAction.NONE.value: "noted it for follow-up",
            _ChairAction.ASKED_TO_STOP.value: "stopped the recording for the rest of the meeting",
            _ChairAction.ENDED_MEETING.value: "ended the meeting",
        },
        "A recording made by {who} was used for another purpose: {where}.",
    ),
}
COVERT_ACTIONS = IN_MEETING_INCIDENTS[IncidentKind.COVERT_RECORDING.value].actions


def holds_pr(attendee: Attendee) -> bool:
    """A parent, or someone whose PR for a child is in force on the meeting's day (PR that has
    ended counts for nothing)."""
    day = timezone.localdate(attendee.meeting.scheduled_start)
    return attendee.person.kind == Person.Kind.PARENT or any(
        pr.is_current_on(day) for pr in attendee.person.parental_responsibilities.all()
    )


def _check_report(
    kind: str,
    rules: InMeetingIncident | None,
    *,
    who: str,
    discovered_by: str,
    description: str,
    chair_action: str,
    where_found: str,
) -> InMeetingIncident:
    """The chair's report, checked before anything is locked or written."""
    if rules is None:
        raise incidents.IncidentError("Choose what happened.")
    if chair_action not in rules.actions:
        choices = ", or ".join(
            Incident.ChairAction(a).label.lower() for a in rules.actions if a != "none"
        )
        raise incidents.IncidentError(f"Say what you did: {choices}.")
    if not discovered_by.strip():
        raise incidents.IncidentError("Say who noticed it.")
    if not description.strip():
        raise incidents.IncidentError("Describe what happened.")
    if kind == IncidentKind.PUBLICATION and not where_found.strip():
        raise incidents.IncidentError("Say where it was published: the site or the address.")
    if kind == IncidentKind.OTHER_PURPOSE and not where_found.strip():
        raise incidents.IncidentError("Say what the recording was used for, and where.")
    if (
        len(description) > 4000
        or len(who) > 200
        or len(discovered_by) > 200
        or len(where_found) > 500
    ):
        raise incidents.IncidentError(
            "Keep it shorter: what happened at most 4000 characters, where at most 500, "
            "names at most 200."
        )
    return rules


def incident_found(
    meeting: Meeting,
    by: Any,
    *,
    kind: str,
    attendee: int | None,
    who: str = "",
    discovered_by: str,
    description: str,
    chair_action: str,
    where_found: str = "",
    now: dt.datetime | None = None,
) -> tuple[Incident, list[MeetingEvent]]:
    """An incident found during the meeting, raised from the chair's screen: in one transaction
    the meeting's log notes it (who, and what the chair did), what the chair did happens in the
    log too (the friend leaves; the recording stops; the meeting ends, with its minutes), and
    the incident is opened with the meeting, the time it was found and its follow-up tasks
    (incidents/follow_up.py). Anything refused (EventRefused, IncidentError) leaves nothing
    written."""
    rules = _check_report(
        kind,
        IN_MEETING_INCIDENTS.get(kind),
        who=who,
        discovered_by=discovered_by,
        description=description,
        chair_action=chair_action,
        where_found=where_found,
    )
    now = now or timezone.now()
    found = Event(rules.event, attendee=attendee, note=who.strip())
    opened: list[Incident] = []

    def build(state: State, roster: Roster) -> list[Event]:
        return plan_incident(
            state,
            found,
            roster,
            leaves=chair_action == _ChairAction.ASKED_TO_LEAVE,
            stop=rules.event is Kind.RECORDING_MISUSED
            and chair_action == _ChairAction.ASKED_TO_STOP,
            end=chair_action == _ChairAction.ENDED_MEETING,
        )

    def prepare(events: list[Event], mp: MeetingPlan) -> Mapping[Kind, Mapping[str, Any]]:
        if kind == IncidentKind.FRIEND_RECORDING and attendee is not None:
            person = next(a for a in mp.attendees if a.pk == attendee)
            if holds_pr(person):
                raise incidents.IncidentError(
                    f"{person.person.full_name} is a parent with parental responsibility, not a "
                    "friend or relative: use “Someone is recording without permission”."
                )
        recorder = mp.roster.name(attendee) if attendee is not None else found.note
        # Who made the recording, for the legal escalation: the attendee named, or (someone
        # not on the list, in the chair's words in the description) not known as an attendee.
        named = next((a for a in mp.attendees if a.pk == attendee), None)
        asks = IncidentKind(kind) in RECORDED_BY_KINDS
        recorded_by = (
            "" if not asks else RecordedBy.ATTENDEE if named is not None else RecordedBy.UNKNOWN
        )
        opening = rules.opening.format(who=recorder, where=where_found.strip())
        try:
            incident = incidents.open_incident(
                meeting.case,
                kind=kind,
                opened_by=by,
                discovered_by=discovered_by.strip(),
                discovered_at=now,
                description=f"{opening}\n{description.strip()}",
                meeting=meeting,
                chair_action=chair_action,
                where_found=where_found.strip(),
                now=now,
                recorded_by=recorded_by,
                recorded_by_attendee=named if asks else None,
            )
        except ValidationError as exc:
            raise incidents.IncidentError(" ".join(exc.messages)) from exc
        opened.append(incident)
        detail: dict[str, str] = {
            "incident": str(incident.pk),
            "chair_action": rules.actions[chair_action],
        }
        if rules.event is Kind.RECORDING_MISUSED:
            detail["incident_kind"] = incident.get_kind_display()
            detail["where"] = where_found.strip()
        return {rules.event: detail}

    with transaction.atomic():
        written = append(meeting, by, build, now, prepare)
    return opened[0], written


def covert_recording_found(
    meeting: Meeting,
    by: Any,
    *,
    attendee: int | None,
    who: str = "",
    discovered_by: str,
    description: str,
    chair_action: str,
    now: dt.datetime | None = None,
) -> tuple[Incident, list[MeetingEvent]]:
    """Someone is found recording without permission (Hackney 4; Leeds e; Brent)."""
    return incident_found(
        meeting,
        by,
        kind=IncidentKind.COVERT_RECORDING,
        attendee=attendee,
        who=who,
        discovered_by=discovered_by,
        description=description,
        chair_action=chair_action,
        now=now,
    )
