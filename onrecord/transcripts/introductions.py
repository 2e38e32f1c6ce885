"""The introductions round as enrolment stretches on the recording's own clock.

Meeting mode's round (onrecord/meetings/introductions.py): the chair taps each attendee as
they start; each stretch runs to the next event in the log, in wall-clock time, and is placed
on the recording by when the recording began (a browser recording's session start; for an
uploaded recording, the meeting's start, the best that is known). Each becomes an
`onrecord.speech.enrol.Introduction`; a stretch with no end yet, one from before the recording
began, or one that ends before it starts is left out (logged): a bad tap must not stop a
transcript, it only loses that voice's enrolment.
"""

from __future__ import annotations

import datetime as dt
import logging

from onrecord.cases.models import Meeting
from onrecord.meetings import introductions as meeting_round
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Kind
from onrecord.speech.enrol import Introduction
from onrecord.speech.types import SpeechError
from onrecord.vault.models import Recording

log = logging.getLogger(__name__)


def introductions(meeting: Meeting, recording: Recording | None = None) -> list[Introduction]:
    """The meeting's introductions, in the order they were tapped, placed on `recording`'s
    clock; none without a recording to place them on."""
    origin = recording_origin(recording) if recording is not None else None
    if origin is None:
        return []
    found = (_from_tap(tap, origin) for tap in meeting_round.stretches(meeting))
    return [i for i in found if i is not None]


def recording_origin(recording: Recording) -> dt.datetime | None:
    """The wall-clock moment of the recording's second 0: a browser recording's session start;
    otherwise the meeting's start in meeting mode (an uploaded council recording is assumed to
    have been started with the meeting); None when neither is known."""
    session = getattr(recording, "live_session", None)
    if session is not None:
        return session.started_at  # type: ignore[no-any-return]
    started = (
        MeetingEvent.objects.filter(meeting=recording.meeting, kind=Kind.MEETING_STARTED)
        .order_by("seq")
        .values_list("at", flat=True)
        .first()
    )
    return started


def _from_tap(tap: meeting_round.Introduction, origin: dt.datetime) -> Introduction | None:
    if tap.ended_at is None:
        log.warning("introduction of attendee %s has no end yet: left out", tap.attendee_id)
        return None
    start = (tap.started_at - origin).total_seconds()
    end = (tap.ended_at - origin).total_seconds()
    if start < 0:
        log.warning("introduction of attendee %s began before the recording", tap.attendee_id)
        return None
    try:
        return Introduction(tap.attendee_id, start, end)
    except SpeechError as error:
        log.warning("introduction of attendee %s: %s", tap.attendee_id, error)
        return None
