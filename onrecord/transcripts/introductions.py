"""The introductions round as enrolment stretches: meeting events of kind `introduction`.

Meeting mode records one event per attendee as they introduce themselves (the chair taps them):
kind "introduction", the attendee (the event's `attendee`, or `detail["attendee_id"]`), and in
`detail` the stretch on the council recording's own clock, `start_s` and `end_s` (seconds from
the start of the recording). Each becomes an `onrecord.speech.enrol.Introduction`; an event
whose stretch is missing, not a number, or ends before it starts is left out (logged): a bad
tap must not stop a transcript, it only loses that voice's enrolment.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from onrecord.cases.models import Meeting
from onrecord.meetings.models import MeetingEvent
from onrecord.speech.enrol import Introduction
from onrecord.speech.types import SpeechError

log = logging.getLogger(__name__)

KIND = "introduction"


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def from_event(event: MeetingEvent) -> Introduction | None:
    """The event's introduction, or None where it does not make one."""
    detail = event.detail if isinstance(event.detail, dict) else {}
    attendee = event.attendee_id if event.attendee_id is not None else detail.get("attendee_id")
    start, end = _seconds(detail.get("start_s")), _seconds(detail.get("end_s"))
    if not isinstance(attendee, int) or isinstance(attendee, bool) or start is None or end is None:
        log.warning("meeting event %s: an introduction without attendee or stretch", event.pk)
        return None
    try:
        return Introduction(attendee, start, end)
    except SpeechError as error:
        log.warning("meeting event %s: %s", event.pk, error)
        return None


def introductions(meeting: Meeting) -> list[Introduction]:
    """The meeting's introductions, in the order they were recorded."""
    found = (
        from_event(e)
        for e in MeetingEvent.objects.filter(meeting=meeting, kind=KIND).order_by("seq")
    )
    return [i for i in found if i is not None]
