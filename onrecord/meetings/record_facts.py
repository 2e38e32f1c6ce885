"""The facts of a meeting's own record that the policy engine's `circumstances` need, gathered
here, where the meeting's log lives (and the incident register, a layer below), and handed to
`recording_requests/record_facts.py` at start-up (`meetings/apps.py`):

- a covert recording (Hackney 4, Leeds e, Brent): raised from the chair's screen, it was found
  during the meeting, by the attendee named; entered in the incident register for this meeting
  as "Found after the meeting", afterwards, by the attendee the register names if it names one
  (who made the recording, `incidents.models.RecordedBy`);
- who would not stop: attendees asked to leave because they did not stop recording (Leeds and
  Brent: "If they do not, the chair will halt the meeting and they will be asked to leave"), and
  parents who were refused and said they would record anyway (Leeds: "a parent who insists on
  recording", `meetings/parent_insists.py`)."""

from __future__ import annotations

from onrecord.cases.models import Meeting
from onrecord.incidents.follow_up import Kind as IncidentKind
from onrecord.incidents.models import Incident, RecordedBy
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import ASKED_TO_LEAVE, Kind
from onrecord.recording_requests.record_facts import (
    DURING_MEETING,
    FOUND_AFTERWARDS,
    CovertRecording,
    RecordFacts,
)

__all__ = ["gather"]


def _covert_recording(meeting: Meeting) -> CovertRecording | None:
    event = (
        MeetingEvent.objects.filter(meeting=meeting, kind=Kind.COVERT_RECORDING)
        .select_related("attendee")
        .order_by("seq")
        .first()
    )
    if event is not None:
        by = str(event.attendee.person_id) if event.attendee is not None else None
        return CovertRecording(DURING_MEETING, by)
    incident = (
        Incident.objects.filter(meeting=meeting, kind=IncidentKind.COVERT_RECORDING)
        .select_related("recorded_by_attendee")
        .order_by("discovered_at")
        .first()
    )
    if incident is None:
        return None
    named = incident.recorded_by_attendee
    by = (
        str(named.person_id)
        if incident.recorded_by == RecordedBy.ATTENDEE and named is not None
        else None
    )
    if incident.chair_action == Incident.ChairAction.NOT_IN_MEETING:
        return CovertRecording(FOUND_AFTERWARDS, by)
    return CovertRecording(DURING_MEETING, by)


def _will_not_stop(meeting: Meeting) -> tuple[str, ...]:
    logged = MeetingEvent.objects.filter(
        meeting=meeting, kind__in=[Kind.LEFT, Kind.PARENT_INSISTS], attendee__isnull=False
    ).select_related("attendee")
    return tuple(
        sorted(
            {
                str(e.attendee.person_id)
                for e in logged
                if e.attendee is not None
                and (e.kind == Kind.PARENT_INSISTS or e.detail.get("note") == ASKED_TO_LEAVE)
            }
        )
    )


def gather(meeting: Meeting) -> RecordFacts:
    return RecordFacts(_covert_recording(meeting), _will_not_stop(meeting))
