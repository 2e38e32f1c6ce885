"""Minutes entries from the meeting's event log: pure Python, no Django.

What the seeds ask the minutes to say: the request to record and its outcome (Hertfordshire
2.10), whether the meeting was recorded, by whom and how (Hackney 3), pauses and why (Leeds d:
"this should be minuted"), who objected or did not agree, and new attendees or requests that
stopped the meeting so everyone could be asked again (Hertfordshire 2.11).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from onrecord.meetings.state import REASON_LABELS, Event, Kind, Roster


@dataclass(frozen=True)
class Minute:
    at: dt.datetime
    summary: str
    body: str


def _hm(at: dt.datetime) -> str:
    return at.strftime("%H:%M")


def minutes(
    log: Sequence[tuple[dt.datetime, Event]],
    roster: Roster,
    item_titles: Mapping[int, str],
    request_lines: Sequence[str] = (),
) -> list[Minute]:
    """`log` is the whole event log, in order, with local times; `request_lines` describe the
    requests to record and their outcomes, as decided before the meeting."""
    if not log:
        return []
    name = roster.name
    start = next((at for at, e in log if e.kind is Kind.MEETING_STARTED), log[0][0])
    end = next((at for at, e in log if e.kind is Kind.MEETING_ENDED), log[-1][0])
    out: list[Minute] = []

    present: dict[int, list[str]] = {}
    for at, e in log:
        if e.attendee is None:
            continue
        if e.kind is Kind.ARRIVED:
            present.setdefault(e.attendee, []).append(f"arrived {_hm(at)}")
        elif e.kind is Kind.LEFT:
            present.setdefault(e.attendee, []).append(f"left {_hm(at)}")
    attendance = "\n".join(f"{name(a)}: {', '.join(times)}" for a, times in present.items())
    out.append(
        Minute(
            start,
            f"Meeting held from {_hm(start)} to {_hm(end)}",
            f"Present:\n{attendance}" if attendance else "Nobody was marked as present.",
        )
    )

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
    out.append(Minute(start, summary, body))

    answers = [
        (at, e)
        for at, e in log
        if e.kind in {Kind.CONSENT_GIVEN, Kind.CONSENT_REFUSED} and e.attendee is not None
    ]
    if answers:
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
        out.append(Minute(answers[0][0], summary, "\n".join(lines)))

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
                Minute(
                    at,
                    f"New attendee: {name(e.attendee)} joined at {_hm(at)}",
                    f"{name(e.attendee)} joined after consent to recording was sought. The "
                    "meeting was stopped and everyone present was asked again "
                    "(Hertfordshire 2.11).",
                )
            )
        elif e.kind is Kind.LATE_REQUEST:
            out.append(
                Minute(
                    at,
                    f"{name(e.attendee)} asked to record during the meeting at {_hm(at)}",
                    "The meeting was stopped and everyone present was asked again "
                    "(Hertfordshire 2.11).",
                )
            )
    if paused_at:
        out.append(_pause_minute(paused_at, None, None, item_titles))
    return sorted(out, key=lambda m: m.at)


def _pause_minute(
    paused: tuple[dt.datetime, Event, int | None],
    until: dt.datetime | None,
    how: Kind | None,
    item_titles: Mapping[int, str],
) -> Minute:
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
    return Minute(
        at,
        f"Recording paused at {_hm(at)}: {why}",
        f"Paused{about} because of {why}{after}.",
    )
