"""The meeting's event log summarised as minutes entries (`summarise_log`): pure Python, no
Django. Not the typed minutes (onrecord/minutes/), which include these entries.

What the seeds ask the minutes to say: the request to record and its outcome (Hertfordshire
2.10), whether the meeting was recorded, by whom and how (Hackney 3), pauses and why (Leeds d:
"this should be minuted"), who objected or did not agree, and new attendees or requests that
stopped the meeting so everyone could be asked again (Hertfordshire 2.11), anyone found
recording without permission, a friend recording against the parents' wishes, or a recording
published or used for another purpose, and the incident opened for it (Hackney 4; Leeds e-f;
Brent), and a meeting held in parts because the parents disagree (Leeds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from onrecord.meetings.state import (
    ADDED_DURING_MEETING,
    ASKED_TO_LEAVE,
    REASON_LABELS,
    Event,
    Kind,
    Reason,
    Roster,
    Split,
)


@dataclass(frozen=True)
class MinutesEntry:
    """One entry for the minutes: when, a one-line summary, and the detail."""

    at: dt.datetime
    summary: str
    body: str


def _hm(at: dt.datetime) -> str:
    return at.strftime("%H:%M")


def summarise_log(
    log: Sequence[tuple[dt.datetime, Event]],
    roster: Roster,
    item_titles: Mapping[int, str],
    request_lines: Sequence[str] = (),
    split: tuple[Split, str] | None = None,
) -> list[MinutesEntry]:
    """The minutes entries, in time order. `log` is the whole event log, in order, with local
    times; `request_lines` describe the requests to record and their outcomes, as decided
    before the meeting; `split` is the plan to hold the meeting in parts, and why, where the
    decision made one."""
    if not log:
        return []
    start = next((at for at, e in log if e.kind is Kind.MEETING_STARTED), log[0][0])
    end = next((at for at, e in log if e.kind is Kind.MEETING_ENDED), log[-1][0])
    out = [
        _attendance_minute(log, roster, start, end),
        _recording_minute(log, roster, start, request_lines),
    ]
    consent = _consent_minute(log, roster)
    if consent is not None:
        out.append(consent)
    out += _minutes_as_it_happened(log, roster, item_titles)
    if split is not None:
        out.append(_split_minute(log, roster, *split))
    return sorted(out, key=lambda m: m.at)


def _attendance_minute(
    log: Sequence[tuple[dt.datetime, Event]], roster: Roster, start: dt.datetime, end: dt.datetime
) -> MinutesEntry:
    """When the meeting was held, and each attendee's arrivals and departures."""
    present: dict[int, list[str]] = {}
    for at, e in log:
        if e.attendee is None:
            continue
        if e.kind is Kind.ARRIVED:
            added = (
                " (not on the attendee list; added during the meeting)"
                if e.note == ADDED_DURING_MEETING
                else ""
            )
            present.setdefault(e.attendee, []).append(f"arrived {_hm(at)}{added}")
        elif e.kind is Kind.LEFT:
            present.setdefault(e.attendee, []).append(f"left {_hm(at)}")
    attendance = "\n".join(f"{roster.name(a)}: {', '.join(times)}" for a, times in present.items())
    return MinutesEntry(
        start,
        f"Meeting held from {_hm(start)} to {_hm(end)}",
        f"Present:\n{attendance}" if attendance else "Nobody was marked as present.",
    )


def _recording_minute(
    log: Sequence[tuple[dt.datetime, Event]],
    roster: Roster,
    start: dt.datetime,
    request_lines: Sequence[str],
) -> MinutesEntry:
    """Whether the meeting was recorded, by whom and when (Hackney 3), after the requests to
    record it and their outcomes (Hertfordshire 2.10)."""
    spans: list[str] = []
    began: dt.datetime | None = None
    for at, e in log:
        if e.kind in {Kind.RECORDING_STARTED, Kind.RECORDING_RESUMED}:
            began = at
        elif e.kind in {Kind.RECORDING_PAUSED, Kind.RECORDING_STOPPED} and began is not None:
            spans.append(f"{_hm(began)} to {_hm(at)}")
            began = None
    if spans:
        who = roster.recorder or "the person allowed to record"
        summary = f"The meeting was recorded by {who}"
        body = "Recorded " + "; ".join(spans) + "."
    else:
        summary = "The meeting was not recorded"
        body = ""
    body = "\n".join(line for line in (*request_lines, body) if line)
    return MinutesEntry(start, summary, body)


def _consent_minute(
    log: Sequence[tuple[dt.datetime, Event]], roster: Roster
) -> MinutesEntry | None:
    """Who was asked and what each answered; None where nobody was asked."""
    name = roster.name
    answers = [
        (at, e)
        for at, e in log
        if e.kind in {Kind.CONSENT_GIVEN, Kind.CONSENT_REFUSED} and e.attendee is not None
    ]
    if not answers:
        return None
    lines = [
        f"{_hm(at)} {name(e.attendee)} "
        + ("agreed" if e.kind is Kind.CONSENT_GIVEN else "did not agree")
        for at, e in answers
    ]
    refused = sorted({name(e.attendee) for _, e in answers if e.kind is Kind.CONSENT_REFUSED})
    summary = (
        "Consent to recording: not everyone agreed (" + ", ".join(refused) + ")"
        if refused
        else "Consent to recording: everyone asked agreed"
    )
    return MinutesEntry(answers[0][0], summary, "\n".join(lines))


def _minutes_as_it_happened(
    log: Sequence[tuple[dt.datetime, Event]], roster: Roster, item_titles: Mapping[int, str]
) -> list[MinutesEntry]:
    """One entry per pause (and why, Leeds d), new attendee that stopped the meeting or request
    made during it (Hertfordshire 2.11), and incident found (Hackney 4; Leeds e-f; Brent)."""
    name = roster.name
    out: list[MinutesEntry] = []
    current_item: int | None = None
    trigger: Kind | None = None  # what the next 'ask everyone again' follows
    paused_at: tuple[dt.datetime, Event, int | None] | None = None
    for at, e in log:
        if e.kind in {Kind.ARRIVED, Kind.LATE_REQUEST}:
            trigger = e.kind
        if e.kind is Kind.ITEM_STARTED:
            current_item = e.item
        elif e.kind is Kind.RECORDING_PAUSED:
            paused_at = (at, e, current_item)
        elif e.kind in {Kind.RECORDING_RESUMED, Kind.RECORDING_STOPPED} and paused_at:
            out.append(_pause_minute(paused_at, at, e.kind, item_titles))
            paused_at = None
        elif e.kind is Kind.RECONSENT_REQUIRED and trigger is Kind.ARRIVED:
            out.append(
                MinutesEntry(
                    at,
                    f"New attendee: {name(e.attendee)} joined at {_hm(at)}",
                    f"{name(e.attendee)} joined after consent to recording was sought. The "
                    "meeting was stopped and everyone present was asked again "
                    "(Hertfordshire 2.11).",
                )
            )
        elif e.kind is Kind.COVERT_RECORDING:
            out.append(_covert_minute(at, e, log, roster))
        elif e.kind is Kind.FRIEND_RECORDING:
            out.append(_friend_minute(at, e, log, roster))
        elif e.kind is Kind.RECORDING_MISUSED:
            out.append(_misuse_minute(at, e, log, roster))
        elif e.kind is Kind.LATE_REQUEST:
            out.append(
                MinutesEntry(
                    at,
                    f"{name(e.attendee)} asked to record during the meeting at {_hm(at)}",
                    "The meeting was stopped and everyone present was asked again "
                    "(Hertfordshire 2.11). The request was recorded for the chair's decision "
                    "(Leeds c; Hertfordshire 2.10).",
                )
            )
    if paused_at:
        out.append(_pause_minute(paused_at, None, None, item_titles))
    return out


def _covert_minute(
    at: dt.datetime, event: Event, log: Sequence[tuple[dt.datetime, Event]], roster: Roster
) -> MinutesEntry:
    who = roster.name(event.attendee) if event.attendee is not None else event.note or "Someone"
    ended = next(
        (
            when
            for when, e in log
            if e.kind is Kind.MEETING_ENDED and e.reason is Reason.COVERT_RECORDING
        ),
        None,
    )
    did = (
        f"The chair asked them to stop and ended the meeting at {_hm(ended)} (Hackney 4)."
        if ended
        else "The chair asked them to stop (Hackney 4)."
    )
    return MinutesEntry(
        at,
        f"Recording without permission found at {_hm(at)}: {who}",
        f"{who} was found recording the meeting without permission at {_hm(at)}. {did} "
        "An incident was opened in the incident register, with the follow-up the policy "
        "requires (Leeds e; Brent, Covert Recording).",
    )


def _ended_for(log: Sequence[tuple[dt.datetime, Event]], reason: Reason) -> dt.datetime | None:
    return next((w for w, e in log if e.kind is Kind.MEETING_ENDED and e.reason is reason), None)


def _stopped_for(log: Sequence[tuple[dt.datetime, Event]], reason: Reason) -> dt.datetime | None:
    return next(
        (w for w, e in log if e.kind is Kind.RECORDING_STOPPED and e.reason is reason), None
    )


def _friend_minute(
    at: dt.datetime, event: Event, log: Sequence[tuple[dt.datetime, Event]], roster: Roster
) -> MinutesEntry:
    who = roster.name(event.attendee) if event.attendee is not None else event.note or "Someone"
    left = next(
        (
            when
            for when, e in log
            if when >= at
            and e.kind is Kind.LEFT
            and e.attendee == event.attendee
            and e.note == ASKED_TO_LEAVE
        ),
        None,
    )
    did = (
        f"They did not stop, so the chair halted the meeting and they were asked to leave; "
        f"they left at {_hm(left)}."
        if left is not None and event.attendee is not None
        else "They were asked to stop."
    )
    return MinutesEntry(
        at,
        f"Recording against the parents' wishes at {_hm(at)}: {who}",
        f"{who}, a friend or relative without parental responsibility, was recording the "
        f"meeting against the parents' wishes at {_hm(at)}. {did} An incident was opened in "
        "the incident register, with the follow-up the policy requires (Leeds, parents who "
        "disagree; Brent).",
    )


def _misuse_minute(
    at: dt.datetime, event: Event, log: Sequence[tuple[dt.datetime, Event]], roster: Roster
) -> MinutesEntry:
    who = roster.name(event.attendee) if event.attendee is not None else event.note or "someone"
    stopped = _stopped_for(log, Reason.RECORDING_MISUSED)
    ended = _ended_for(log, Reason.RECORDING_MISUSED)
    did = [
        f"The chair stopped the recording at {_hm(stopped)}." if stopped else "",
        f"The chair ended the meeting at {_hm(ended)}." if ended else "",
    ]
    return MinutesEntry(
        at,
        f"Recording published or used for another purpose, raised at {_hm(at)}",
        f"At {_hm(at)} the chair was told that a recording made by {who} had been published or "
        "used for another purpose. "
        + " ".join(d for d in did if d)
        + (" " if any(did) else "")
        + "An incident was opened in the incident register: the lead practitioner's "
        "assessment, legal advice and any removal follow (Leeds f; Hackney 4; Brent).",
    )


def _split_minute(
    log: Sequence[tuple[dt.datetime, Event]], roster: Roster, split: Split, why: str
) -> MinutesEntry:
    """Whether the meeting was held in parts as planned: the first part (those who do not want
    it recorded) over before the recording parent arrived, and nothing recorded meanwhile."""
    first = set(split.not_recording)
    present: set[int] = set()
    recording = False
    came: dict[int, dt.datetime] = {}
    went: dict[int, dt.datetime] = {}
    second_at: dt.datetime | None = None
    overlap = recorded_in_first = False
    for at, e in log:
        if e.kind in {Kind.RECORDING_STARTED, Kind.RECORDING_RESUMED}:
            recording = True
        elif e.kind in {Kind.RECORDING_PAUSED, Kind.RECORDING_STOPPED}:
            recording = False
        elif e.kind is Kind.ARRIVED and e.attendee is not None:
            present.add(e.attendee)
            if e.attendee in first:
                came.setdefault(e.attendee, at)
            elif e.attendee == split.recording and second_at is None:
                second_at = at
        elif e.kind is Kind.LEFT and e.attendee is not None:
            present.discard(e.attendee)
            if e.attendee in first:
                went[e.attendee] = at
        if first & present and split.recording in present:
            overlap = True
        if first & present and recording:
            recorded_in_first = True
    first_names = " and ".join(roster.name(a) for a in split.not_recording) or "The other parent"
    second_name = roster.name(split.recording)
    start = min(came.values(), default=log[0][0])
    if not came or overlap:
        summary = "The plan to hold the meeting in parts was not followed"
        what = (
            f"{first_names} did not attend."
            if not came
            else f"{first_names} and {second_name} were present at the same time."
        )
        return MinutesEntry(start, summary, f"{what}\nThe plan was made because {why}.")
    lines = [
        f"{roster.name(a)} attended from {_hm(came[a])}, gave their views and left"
        + (f" at {_hm(went[a])}." if a in went else ".")
        for a in split.not_recording
        if a in came
    ]
    lines.append(
        "The recording was running during this part."
        if recorded_in_first
        else "Nothing was recorded while they were present."
    )
    if second_at is not None:
        lines.append(f"{second_name} then attended from {_hm(second_at)}.")
    lines.append(f"The meeting was held in parts because {why}.")
    return MinutesEntry(start, "The meeting was held in parts (Leeds)", "\n".join(lines))


def _pause_minute(
    paused: tuple[dt.datetime, Event, int | None],
    until: dt.datetime | None,
    how: Kind | None,
    item_titles: Mapping[int, str],
) -> MinutesEntry:
    at, event, item = paused
    why = REASON_LABELS[event.reason] if event.reason else "no reason given"
    about = f" during item {item_titles[item]}" if item is not None and item in item_titles else ""
    after = (
        f"; resumed at {_hm(until)}"
        if how is Kind.RECORDING_RESUMED and until
        else f"; stopped at {_hm(until)}"
        if until
        else ""
    )
    return MinutesEntry(
        at,
        f"Recording paused at {_hm(at)}: {why}",
        f"Paused{about} because of {why}{after}.",
    )
