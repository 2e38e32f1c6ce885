"""The meeting's event log summarised as minutes entries (`summarise_log`): pure Python, no
Django. Not the typed minutes (onrecord/minutes/), which include these entries.

What the seeds ask the minutes to say: the request to record and its outcome (Hertfordshire
2.10), whether the meeting was recorded, by whom and how (Hackney 3), pauses and why (Leeds d:
"this should be minuted"), who objected or did not agree, what the chair did when someone
joined or asked to record during the meeting, anyone found recording without permission, a
friend recording against the parents' wishes, or a recording published or used for another
purpose, and the incident opened for it, a parent who insisted on recording after being
refused and what the chair decided (Leeds: "In all cases the decision should be minuted"), and
a meeting held in parts.

Every citation in an entry is the meeting's own authority's clause, from its profile's
`meeting` section (`Roster.rules`), or says that its policy is silent and what the chair did
(issue 17: a Hackney meeting's minutes cited Leeds and Hertfordshire).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from onrecord.meetings.state import (
    ADDED_DURING_MEETING,
    ASKED_TO_LEAVE,
    INSISTED_LABELS,
    Event,
    Insisted,
    Kind,
    Reason,
    Roster,
    Split,
    describe,
)
from onrecord.policy.meeting_rules import MeetingRules


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
    """One entry per pause (and why), new attendee or request made during the meeting (and
    what the authority's rule made the chair do), and incident found."""
    name = roster.name
    rules = roster.rules
    out: list[MinutesEntry] = []
    current_item: int | None = None
    trigger: Kind | None = None  # what the next 'ask everyone again' follows
    paused_at: tuple[dt.datetime, Event, int | None] | None = None
    for index, (at, e) in enumerate(log):
        if e.kind in {Kind.ARRIVED, Kind.LATE_REQUEST}:
            trigger = e.kind
        if e.kind is Kind.ITEM_STARTED:
            current_item = e.item
        elif e.kind is Kind.RECORDING_PAUSED:
            paused_at = (at, e, current_item)
        elif e.kind in {Kind.RECORDING_RESUMED, Kind.RECORDING_STOPPED} and paused_at:
            out.append(_pause_minute(paused_at, at, e.kind, item_titles, roster))
            paused_at = None
        elif trigger is Kind.ARRIVED and (
            e.kind is Kind.RECONSENT_REQUIRED
            or (e.kind in {Kind.TELL_ATTENDEES, Kind.POLICY_SILENT} and e.attendee is not None)
        ):
            out.append(
                MinutesEntry(
                    at,
                    f"New attendee: {name(e.attendee)} joined at {_hm(at)}",
                    f"{name(e.attendee)} joined after consent to recording was sought. "
                    + _what_followed(e, rules, "new_attendee", name(e.attendee)),
                )
            )
        elif e.kind is Kind.POLICY_SILENT and e.reason is Reason.SENSITIVE_ITEM:
            title = item_titles.get(current_item or -1, "a sensitive item")
            out.append(
                MinutesEntry(
                    at,
                    f"Sensitive item {title}: the policy is silent on pausing",
                    f"{rules.says('sensitive_items')} The chair's choice: "
                    + (
                        "to pause the recording for this item."
                        if _chair_paused(log[index + 1 :])
                        else "to carry on recording."
                    ),
                )
            )
        elif e.kind is Kind.COVERT_RECORDING:
            out.append(_covert_minute(at, e, log, roster))
        elif e.kind is Kind.FRIEND_RECORDING:
            out.append(_friend_minute(at, e, log, roster))
        elif e.kind is Kind.RECORDING_MISUSED:
            out.append(_misuse_minute(at, e, log, roster))
        elif e.kind is Kind.PARENT_INSISTS:
            out.append(insisted_minute(at, e, roster))
        elif e.kind is Kind.LATE_REQUEST:
            out.append(
                MinutesEntry(
                    at,
                    f"{name(e.attendee)} asked to record during the meeting at {_hm(at)}",
                    _what_followed(e, rules, "late_request", name(e.attendee))
                    + " The request was recorded for "
                    + (
                        f"{rules.decides_in_room.who} to decide "
                        f"({rules.cite(rules.decides_in_room.cites)})."
                        if rules.decides_in_room is not None
                        else "a decision."
                    ),
                )
            )
    if paused_at:
        out.append(_pause_minute(paused_at, None, None, item_titles, roster))
    return out


def _chair_paused(after: Sequence[tuple[dt.datetime, Event]]) -> bool:
    """Whether the chair paused the recording before the next item or the end."""
    for _, e in after:
        if e.kind in {Kind.ITEM_STARTED, Kind.MEETING_ENDED, Kind.RECORDING_STOPPED}:
            return False
        if e.kind is Kind.RECORDING_PAUSED:
            return True
    return False


_DONE = {
    "stop_and_ask_again": "The meeting was stopped and everyone present was asked again",
    "ask_again": "Everyone present was asked again",
    "tell": "The chair told {who} that the meeting is being recorded, by whom and how",
    "pause": "The recording was paused",
    "note": "It was noted",
}


def _what_followed(event: Event, rules: MeetingRules, situation: str, who: str) -> str:
    """What the authority's rule made the chair do, with its clause; or that the policy is
    silent and the chair decided (what they did is in the log's next entries)."""
    rule = rules.on(situation)
    if rule.silent:
        return f"{rules.says(situation)} The chair decided what to do."
    done = _DONE[rule.rule].replace("{who}", who if situation == "new_attendee" else "everyone")
    return f"{done} ({rules.cite(rule.cites)})."


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
        f"The chair asked them to stop and ended the meeting at {_hm(ended)}."
        if ended
        else "The chair asked them to stop."
    )
    return MinutesEntry(
        at,
        f"Recording without permission found at {_hm(at)}: {who}",
        f"{who} was found recording the meeting without permission at {_hm(at)}. {did} "
        "An incident was opened in the incident register, with the follow-up the policy "
        f"requires. {roster.rules.says('covert_recording')}",
    )


def insisted_minute(at: dt.datetime, event: Event, roster: Roster) -> MinutesEntry:
    """A parent who was refused said they would record anyway, or would not stop, and what
    the chair decided (Leeds, 001_faf809ee2c83eecf.txt, "What should practitioners do if they
    believe that ... the child would be placed at risk of further harm": "In all cases the
    decision should be minuted"), with what the council's rule asks next. The same words go
    on the case timeline as it happens (meetings/parent_insists.py)."""
    who = roster.name(event.attendee)
    did = INSISTED_LABELS.get(Insisted(event.note), event.note) if event.note else ""
    lines = [
        f"{who}'s request to record the meeting was refused. At {_hm(at)} they said they would "
        "record anyway.",
        f"The chair {did}." if did else "",
        f"{who} had already recorded some of the meeting." if event.recorded_some else "",
        "The local authority holds parental responsibility for the child. "
        if roster.la_holds_pr
        else "",
        roster.rules.says("parent_insists"),
    ]
    return MinutesEntry(
        at,
        f"{who} insisted on recording after being refused, at {_hm(at)}",
        " ".join(line.strip() for line in lines if line),
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
        "the incident register, with the follow-up the policy requires. "
        f"{roster.rules.says('friend_recording')}",
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
        + "An incident was opened in the incident register, with the follow-up the policy "
        f"requires. {roster.rules.says('publication')}",
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
    return MinutesEntry(start, "The meeting was held in parts", "\n".join(lines))


def _pause_minute(
    paused: tuple[dt.datetime, Event, int | None],
    until: dt.datetime | None,
    how: Kind | None,
    item_titles: Mapping[int, str],
    roster: Roster,
) -> MinutesEntry:
    at, event, item = paused
    why = describe(event.reason, roster) if event.reason else "no reason given"
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
