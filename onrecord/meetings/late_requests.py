"""A request to record made during the meeting (Hertfordshire 2.11), noted in the meeting's log
and entered into the recording-request workflow in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from onrecord.cases.models import Meeting
from onrecord.meetings.event_log import append
from onrecord.meetings.meeting_plan import MeetingPlan
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Event, EventRefused, Kind, plan
from onrecord.recording_requests import services as request_services
from onrecord.recording_requests.models import Medium, Purpose, RecordingRequest

__all__ = ["late_request"]


def late_request(
    meeting: Meeting,
    by: Any,
    *,
    attendee: int | None,
    medium: str,
    purposes: list[str],
    purpose_details: str = "",
    now: dt.datetime | None = None,
) -> tuple[RecordingRequest, list[MeetingEvent]]:
    """Someone present asks to record after the meeting has started (Hertfordshire 2.11): in
    one transaction the log notes it, any recording running is paused and everyone present must
    be asked again, and the request enters the recording-request workflow (made during the
    meeting, entered by the chair) to be decided like any other (Leeds c: the chair decides).
    Anything refused leaves nothing written."""
    if medium not in Medium.values:
        raise EventRefused("Choose how they want to record: sound only, or sound and pictures.")
    if not purposes or any(p not in Purpose.values for p in purposes):
        raise EventRefused("Choose at least one reason they gave for wanting to record.")
    if len(purpose_details) > 1000:
        raise EventRefused("Keep what they said about their reasons to 1000 characters.")
    now = now or timezone.now()
    made: list[RecordingRequest] = []
    asked = Event(Kind.LATE_REQUEST, attendee=attendee)

    def prepare(events: list[Event], mp: MeetingPlan) -> Mapping[Kind, Mapping[str, Any]]:
        person = next(a.person for a in mp.attendees if a.pk == attendee)
        try:
            request = request_services.submit_request(
                meeting,
                person,
                medium=medium,
                purposes=purposes,
                purpose_details=purpose_details.strip(),
                channel=RecordingRequest.Channel.STAFF,
                entered_by=by,
                now=now,
            )
        except request_services.RequestError as exc:
            raise EventRefused(str(exc)) from exc
        request.timing = RecordingRequest.Timing.MID_MEETING
        request.save(update_fields=["timing"])
        made.append(request)
        return {Kind.LATE_REQUEST: {"request": str(request.pk), "medium": request.medium}}

    with transaction.atomic():
        written = append(
            meeting, by, lambda state, roster: plan(state, asked, roster), now, prepare
        )
    return made[0], written
