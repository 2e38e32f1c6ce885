"""Draft minutes from the meeting's record and, where there is one, its corrected transcript:
pure Python, no Django.

Brent's policy has the chair make "an audio and digitally typed record of the meeting"
(004_a2b517fdd324f552.txt, "Local authority recording of meetings/case conferences"); issue 7
asks for typed minutes produced from the transcript and the meeting's events, in the minutes
template, edited and approved by the chair. The draft says only what the record shows:

- heading (meeting, date, start and end, place, chair), attendees with role and organisation
  and the times they were present, apologies (invited, never marked as arrived);
- the recording statement: recorded or not, by whom, the declaration, the spans recorded and
  each pause with its reason (Hackney 3; Leeds d: "this should be minuted");
- per agenda item, the discussion: the transcript's words whose time falls within the item's
  span on the chair's log, as speaker turns with name, role and times; words the speech model
  was unsure of are marked `[word?]` for the chair to check against the audio; speech before the
  first item started (introductions, often) is the `opening`, speech after the last item ended
  the `closing`, so no word of the transcript is left out of the minutes (issue 18);
- speech heard but not transcribed (onrecord/speech/gaps.py) is a line in its place: "10:25 to
  10:26, speech not transcribed (3:25 to 3:48 in the recording): listen to it.";
- two people speaking at once (onrecord/speech/overlap.py) is a line in its place too: "10:25
  to 10:25, two people speaking at once (3:25 to 3:28 in the recording): check who said what.";
- decisions and actions are left EMPTY for the chair: nothing is inferred from what was said;
- objections and disagreements (Hertfordshire 2.12; Hackney 3), incidents (Hackney 4; Leeds e),
  and the log's own minutes entries (onrecord.meetings.log_summary).

Transcript times are seconds into the recording. Where the recording's start is known (the
authority's live recorder, which runs through the meeting), a word's time on the meeting's clock
is counted from it. Otherwise a recorder paused for sensitive items (Leeds d) skips the pause,
so the time is found by walking the recorded spans of the log (recording started/resumed →
paused/stopped); with no spans on the log the audio is taken to start when the meeting started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from onrecord.meetings import log_summary
from onrecord.meetings.state import Event, Kind, Reason, Roster, describe
from onrecord.policy.meeting_rules import MeetingRules

MINUTES_FORMAT = 1
# Below this the speech model's own confidence says "the chair should check" (speech/types.py).
LOW_CONFIDENCE = 0.5
# A speaker's share of the talk time that makes them a "main speaker" (Brent's statement).
MAIN_SPEAKER_SHARE = 0.05
UNSURE_NOTE = (
    "Words in square brackets with a question mark, like [this?], were hard to make out: "
    "check them against the recording."
)


class TranscriptWord(Protocol):
    """onrecord.speech.types.Word, as far as the minutes need it."""

    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def text(self) -> str: ...
    @property
    def probability(self) -> float: ...
    @property
    def speaker(self) -> int | None: ...


class TranscriptLike(Protocol):
    """onrecord.transcripts.services.CurrentTranscript: the corrected transcript now."""

    @property
    def words(self) -> Sequence[TranscriptWord]: ...
    @property
    def speaker_names(self) -> Mapping[int, str]: ...
    @property
    def speaker_roles(self) -> Mapping[int, str]: ...
    @property
    def version(self) -> int: ...
    @property
    def recording_id(self) -> Any: ...


@dataclass(frozen=True)
class Attendee:
    id: int
    name: str
    role: str
    organisation: str = ""


@dataclass(frozen=True)
class Item:
    id: int
    position: int
    title: str
    # Whether it may be recorded, in the words the decision page and meeting mode use
    # (onrecord.policy.item_standing); empty where nobody was allowed to record.
    recording: str = ""


@dataclass(frozen=True)
class Logged:
    """One event of the meeting's log, at its local time."""

    at: dt.datetime
    kind: Kind
    attendee: int | None = None
    item: int | None = None
    reason: Reason | None = None
    note: str = ""


@dataclass(frozen=True)
class IncidentNote:
    at: dt.datetime
    summary: str


@dataclass(frozen=True)
class MeetingRecord:
    """Everything the draft is made from, read from the case record by services.snapshot."""

    meeting: str  # e.g. "Initial child protection conference (Child protection conference)"
    authority: str
    scheduled_start: dt.datetime  # local time
    place: str
    mode: str
    chair: str
    attendees: Sequence[Attendee]
    items: Sequence[Item]
    log: Sequence[Logged]
    recorder: str | None = None  # who was allowed to record (the decided request)
    declaration: str = ""  # e.g. "Dana Whitfield signed the declaration on 1 March 2025."
    request_lines: Sequence[str] = ()  # requests to record and the policy decision's outcome
    disagreements: Sequence[str] = ()
    incidents: Sequence[IncidentNote] = ()
    authority_recordings: int = 0  # the local authority's own audio records (Brent)
    # The authority's rules for the room (its profile's meeting section): the log entries
    # cite its own clauses. None: a policy silent on everything.
    rules: MeetingRules | None = None
    # Why each item may not be recorded, as meeting mode enforced it (item id → reason).
    item_reasons: Mapping[int, Reason | None] = field(default_factory=dict)
    # When the transcribed recording began, where known (the live recorder's session start):
    # it runs through the meeting without pausing, so its clock is continuous from here.
    audio_started_at: dt.datetime | None = None


@dataclass(frozen=True)
class Turn:
    speaker: str
    role: str
    start: dt.datetime
    end: dt.datetime
    text: str
    unsure: int  # how many words are marked for checking

    def line(self) -> str:
        who = f"{self.speaker} ({self.role})" if self.role else self.speaker
        return f"{_hm(self.start)} to {_hm(self.end)}, {who}: {self.text}"


@dataclass(frozen=True)
class Unheard:
    """Speech heard but not transcribed, at its place in the discussion."""

    start: dt.datetime
    end: dt.datetime
    recording_start: float  # seconds into the recording
    recording_end: float
    unsure: int = 0

    def line(self) -> str:
        return (
            f"{_hm(self.start)} to {_hm(self.end)}, speech not transcribed "
            f"({_recording_clock(self.recording_start)} to "
            f"{_recording_clock(self.recording_end)} in the recording): listen to it."
        )


@dataclass(frozen=True)
class TwoAtOnce:
    """Two people speaking at once, at its place in the discussion: who said what there may be
    wrong or missing."""

    start: dt.datetime
    end: dt.datetime
    recording_start: float  # seconds into the recording
    recording_end: float
    unsure: int = 0

    def line(self) -> str:
        return (
            f"{_hm(self.start)} to {_hm(self.end)}, two people speaking at once "
            f"({_recording_clock(self.recording_start)} to "
            f"{_recording_clock(self.recording_end + 0.999)} in the recording): check who said "
            "what."
        )


def _recording_clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TranscriptGap(Protocol):
    """onrecord.speech.types.Gap or Overlap: seconds into the recording."""

    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str
    seconds: float


Entry = Turn | Unheard | TwoAtOnce


@dataclass
class _Span:
    item: Item
    start: dt.datetime
    end: dt.datetime | None
    turns: list[Entry] = field(default_factory=list)


def _hm(at: dt.datetime) -> str:
    return at.strftime("%H:%M")


def _speaker(
    index: int | None, names: Mapping[int, str], roles: Mapping[int, str]
) -> tuple[str, str]:
    if index is None:
        return "Unidentified speaker", ""
    return names.get(index) or f"Speaker {index + 1}", roles.get(index, "")


def recorded_spans(log: Sequence[Logged]) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """The stretches of the meeting the recorder was running, on the meeting's clock."""
    spans: list[tuple[dt.datetime, dt.datetime | None]] = []
    began: dt.datetime | None = None
    for event in log:
        if event.kind in {Kind.RECORDING_STARTED, Kind.RECORDING_RESUMED} and began is None:
            began = event.at
        elif event.kind in {Kind.RECORDING_PAUSED, Kind.RECORDING_STOPPED} and began is not None:
            spans.append((began, event.at))
            began = None
    if began is not None:
        spans.append((began, None))
    return spans


Clock = Callable[[float], dt.datetime]


def clock(
    log: Sequence[Logged], fallback: dt.datetime, audio_started_at: dt.datetime | None = None
) -> Clock:
    """A function from seconds into the recording to the time on the meeting's clock: from
    when the audio is known to have started, else along the recorded spans of the log, else
    from `fallback` (the meeting's start)."""
    if audio_started_at is not None:
        return lambda seconds: audio_started_at + dt.timedelta(seconds=seconds)
    spans = recorded_spans(log)
    if not spans:
        return lambda seconds: fallback + dt.timedelta(seconds=seconds)

    def at(seconds: float) -> dt.datetime:
        left = seconds
        for start, end in spans:
            length = (end - start).total_seconds() if end is not None else None
            if length is None or left < length:
                return start + dt.timedelta(seconds=left)
            left -= length
        last_start, last_end = spans[-1]
        return (last_end or last_start) + dt.timedelta(seconds=left)

    return at


def _marked(word: TranscriptWord) -> tuple[str, bool]:
    text = word.text.strip()
    if word.probability < LOW_CONFIDENCE and text:
        return f"[{text}?]", True
    return text, False


def turns(
    words: Sequence[TranscriptWord],
    names: Mapping[int, str],
    roles: Mapping[int, str],
    to_clock: Clock,
) -> list[Turn]:
    """Consecutive words by the same speaker, as one turn each, times on the meeting's clock."""
    out: list[Turn] = []
    run: list[TranscriptWord] = []

    def close() -> None:
        if not run:
            return
        name, role = _speaker(run[0].speaker, names, roles)
        pieces = [_marked(w) for w in run]
        text = " ".join(p for p, _ in pieces if p)
        if text:
            out.append(
                Turn(
                    name,
                    role,
                    to_clock(run[0].start),
                    to_clock(run[-1].end),
                    text,
                    sum(1 for _, unsure in pieces if unsure),
                )
            )
        run.clear()

    for word in sorted(words, key=lambda w: (w.start, w.end)):
        if run and word.speaker != run[-1].speaker:
            close()
        run.append(word)
    close()
    return out


def main_speakers(
    words: Sequence[TranscriptWord],
    names: Mapping[int, str],
    roles: Mapping[int, str],
    *,
    share: float = MAIN_SPEAKER_SHARE,
) -> list[Speaker]:
    """The main speakers and their roles, by talk time (the sum of their words' durations),
    most first: everyone with at least `share` of the talk time. For the minutes and for the
    explanatory statement's "main speakers and their role or title" (Brent)."""
    talk: dict[int | None, float] = {}
    for word in words:
        talk[word.speaker] = talk.get(word.speaker, 0.0) + max(0.0, word.end - word.start)
    total = sum(talk.values())
    if total <= 0:
        return []
    # Several voices can be named as one person (the chair confirmed two clusters as the same
    # attendee): one person is one main speaker, with their talk time added up.
    people: dict[tuple[str, str], tuple[float, int]] = {}
    for who, secs in talk.items():
        if who is None:
            continue
        person = _speaker(who, names, roles)
        before, first = people.get(person, (0.0, who))
        people[person] = (before + secs, min(first, who))
    chosen = [
        (person, secs, first) for person, (secs, first) in people.items() if secs / total >= share
    ]
    chosen.sort(key=lambda row: (-row[1], row[2]))
    return [Speaker(name, role, round(secs, 1)) for (name, role), secs, _ in chosen]


def _item_spans(record: MeetingRecord, ended: dt.datetime | None) -> list[_Span]:
    by_id = {item.id: item for item in record.items}
    spans: list[_Span] = []
    for event in record.log:
        if event.kind is Kind.ITEM_STARTED and event.item in by_id:
            if spans and spans[-1].end is None:
                spans[-1].end = event.at
            spans.append(_Span(by_id[event.item], event.at, None))
        elif event.kind is Kind.MEETING_ENDED and spans and spans[-1].end is None:
            spans[-1].end = event.at
    if spans and spans[-1].end is None:
        spans[-1].end = ended
    return spans


def _part_of(spans: Sequence[_Span], at: dt.datetime) -> int:
    """0: before the first item (or no item started), 1…n: the item whose span holds `at`,
    n+1: after the last item ended."""
    for n, each in enumerate(spans, start=1):
        if each.start <= at and (each.end is None or at < each.end):
            return n
    return 0 if not spans or at < spans[0].start else len(spans) + 1


def _present(record: MeetingRecord) -> dict[int, list[str]]:
    times: dict[int, list[str]] = {}
    arrived: dict[int, dt.datetime] = {}
    for event in record.log:
        if event.attendee is None:
            continue
        if event.kind is Kind.ARRIVED:
            arrived[event.attendee] = event.at
        elif event.kind is Kind.LEFT and event.attendee in arrived:
            came = arrived.pop(event.attendee)
            times.setdefault(event.attendee, []).append(f"{_hm(came)} to {_hm(event.at)}")
    for who, came in arrived.items():
        times.setdefault(who, []).append(f"from {_hm(came)}")
    return times


def _who(attendee: Attendee) -> str:
    said = f"{attendee.name}, {attendee.role}" if attendee.role else attendee.name
    return f"{said} ({attendee.organisation})" if attendee.organisation else said


def _recording_text(record: MeetingRecord) -> str:
    spans = recorded_spans(record.log)
    lines: list[str] = list(record.request_lines)
    if spans:
        ran = "; ".join(f"{_hm(a)} to {_hm(b)}" if b else f"from {_hm(a)}" for a, b in spans)
        lines.append(
            f"The meeting was recorded by {record.recorder or 'the person allowed to record'} "
            f"({ran})."
        )
    else:
        lines.append("No recording by anyone at the meeting was logged.")
    if record.declaration:
        lines.append(record.declaration)
    if record.authority_recordings:
        lines.append(
            "The local authority made its own audio record of the meeting, kept "
            "securely and not edited."
        )
    standings = [
        f"{item.position}. {item.title}: {item.recording}"
        for item in sorted(record.items, key=lambda i: i.position)
        if item.recording
    ]
    if standings:
        lines.append("Which agenda items could be recorded: " + "; ".join(standings) + ".")
    item_titles = {item.id: f"{item.position}. {item.title}" for item in record.items}
    current: int | None = None
    paused: Logged | None = None
    paused_item: int | None = None
    for event in record.log:
        if event.kind is Kind.ITEM_STARTED:
            current = event.item
        elif event.kind is Kind.RECORDING_PAUSED:
            paused, paused_item = event, current
        elif event.kind in {Kind.RECORDING_RESUMED, Kind.RECORDING_STOPPED} and paused:
            lines.append(_pause_line(paused, paused_item, event, item_titles, _roster(record)))
            paused = None
    if paused is not None:
        lines.append(_pause_line(paused, paused_item, None, item_titles, _roster(record)))
    return "\n".join(lines)


def _roster(record: MeetingRecord, names: Mapping[int, str] | None = None) -> Roster:
    """The log's roster with the authority's rules for the room, so that reasons cite its own
    clauses (or say its policy is silent)."""
    return Roster(
        attendees=names or {},
        items=record.item_reasons,
        recorder=record.recorder,
        rules=record.rules or MeetingRules(record.authority),
    )


def _pause_line(
    paused: Logged,
    item: int | None,
    until: Logged | None,
    titles: Mapping[int, str],
    roster: Roster,
) -> str:
    why = describe(paused.reason, roster) if paused.reason else "no reason given"
    during = f" during item {titles[item]}" if item is not None and item in titles else ""
    if until is None:
        after = ""
    elif until.kind is Kind.RECORDING_RESUMED:
        after = f", resumed at {_hm(until.at)}"
    else:
        after = f", stopped at {_hm(until.at)}"
    return f"Recording paused at {_hm(paused.at)}{during} because of {why}{after}."


def _objections(record: MeetingRecord, names: Mapping[int, str]) -> str:
    lines = [
        f"{_hm(e.at)} {names.get(e.attendee, 'Someone')} did not agree to the recording."
        for e in record.log
        if e.kind is Kind.CONSENT_REFUSED and e.attendee is not None
    ]
    lines += [f"Disagreement noted: {line}" for line in record.disagreements if line.strip()]
    return "\n".join(lines)


def _log_entries(record: MeetingRecord, names: Mapping[int, str]) -> str:
    """The minutes entries meeting mode writes from its log (meetings/log_summary.py)."""
    roster = _roster(record, names)
    titles = {item.id: f"{item.position}. {item.title}" for item in record.items}
    entries = log_summary.summarise_log(
        [
            (e.at, Event(e.kind, attendee=e.attendee, item=e.item, reason=e.reason, note=e.note))
            for e in record.log
        ],
        roster,
        titles,
    )
    lines: list[str] = []
    for entry in entries:
        lines.append(f"{_hm(entry.at)} {entry.summary}")
        lines += [f"  {line}" for line in entry.body.splitlines() if line.strip()]
    return "\n".join(lines)


def _share_out(
    record: MeetingRecord, transcript: TranscriptLike, spans: Sequence[_Span], start: dt.datetime
) -> tuple[list[Entry], list[Entry]]:
    """Put each word and gap of `transcript` in its part of the meeting: the opening, an item's
    span (its `turns`) or the closing. Returns the opening and the closing."""
    to_clock = clock(record.log, start, record.audio_started_at)
    opening: list[Entry] = []
    closing: list[Entry] = []
    # Each word goes where its middle falls, and turns are made within each part: a turn
    # never spans two items, so one voice talking across items (or one speaker found for
    # the whole meeting) cannot carry every word into one place.
    parts: list[list[Entry]] = [opening, *(each.turns for each in spans), closing]
    heard: list[list[TranscriptWord]] = [[] for _ in parts]
    for word in transcript.words:
        heard[_part_of(spans, to_clock((word.start + word.end) / 2))].append(word)
    gaps: Sequence[TranscriptGap] = getattr(transcript, "gaps", ())
    for gap in gaps:
        unheard = Unheard(to_clock(gap.start), to_clock(gap.end), gap.start, gap.end)
        parts[_part_of(spans, unheard.start + (unheard.end - unheard.start) / 2)].append(unheard)
    overlaps: Sequence[TranscriptGap] = getattr(transcript, "overlaps", ())
    for stretch in overlaps:
        both = TwoAtOnce(to_clock(stretch.start), to_clock(stretch.end), stretch.start, stretch.end)
        parts[_part_of(spans, both.start + (both.end - both.start) / 2)].append(both)
    for part, said in zip(parts, heard, strict=True):
        part += turns(said, transcript.speaker_names, transcript.speaker_roles, to_clock)
        part.sort(key=lambda e: (e.start, not isinstance(e, Turn)))
    return opening, closing


@dataclass(frozen=True)
class ByItem:
    """A transcript shared out over the meeting as the minutes share it: speech before the
    first item, each started item's speech (item id -> entries), speech after the last."""

    opening: list[Entry]
    items: dict[int, list[Entry]]
    closing: list[Entry]


def by_item(record: MeetingRecord, transcript: TranscriptLike) -> ByItem:
    """The same sharing out as `draft`, for readers that show the transcript item by item
    (the family's own record shows only the items about their children)."""
    log = list(record.log)
    started = next((e.at for e in log if e.kind is Kind.MEETING_STARTED), None)
    ended = next((e.at for e in reversed(log) if e.kind is Kind.MEETING_ENDED), None)
    spans = _item_spans(record, ended)
    opening, closing = _share_out(record, transcript, spans, started or record.scheduled_start)
    return ByItem(opening, {span.item.id: list(span.turns) for span in spans}, closing)


def draft(record: MeetingRecord, transcript: TranscriptLike | None = None) -> dict[str, Any]:
    """The draft minutes as JSON-ready content (docs/MINUTES.md lists the keys)."""
    log = list(record.log)
    started = next((e.at for e in log if e.kind is Kind.MEETING_STARTED), None)
    ended = next((e.at for e in reversed(log) if e.kind is Kind.MEETING_ENDED), None)
    start = started or record.scheduled_start
    names = {a.id: a.name for a in record.attendees}

    present = _present(record)
    attended = [a for a in record.attendees if a.id in present]
    apologies = [a for a in record.attendees if a.id not in present]
    attendees_text = "\n".join(f"{_who(a)}: {', '.join(present[a.id])}" for a in attended)

    spans = _item_spans(record, ended)
    speakers: list[Speaker] = []
    opening: list[Entry] = []  # before the first item started (or no item started at all)
    closing: list[Entry] = []  # after the last item ended
    if transcript is not None:
        opening, closing = _share_out(record, transcript, spans, start)
        speakers = main_speakers(
            transcript.words, transcript.speaker_names, transcript.speaker_roles
        )
    by_item = {span.item.id: span for span in spans}

    items: list[dict[str, Any]] = []
    for item in sorted(record.items, key=lambda i: i.position):
        span: _Span | None = by_item.get(item.id)
        if span is None:
            discussion = "This item was not marked as started on the meeting's log."
        elif transcript is None:
            discussion = ""
        elif span.turns:
            discussion = "\n".join(turn.line() for turn in span.turns)
        else:
            discussion = "Nothing in the transcript for this item (not recorded, or no speech)."
        items.append(
            {
                "id": item.id,
                "position": item.position,
                "title": item.title,
                "started_at": _hm(span.start) if span else "",
                "ended_at": _hm(span.end) if span and span.end else "",
                "speakers": (
                    sorted({t.speaker for t in span.turns if isinstance(t, Turn)}) if span else []
                ),
                "unsure_words": sum(t.unsure for t in span.turns) if span else 0,
                "discussion": discussion,
                # Left for the chair: the draft never invents a decision or an action.
                "decisions": "",
                "actions": [],
            }
        )

    incidents = [f"{_hm(i.at)} {i.summary}" for i in record.incidents]
    return {
        "minutes_format": MINUTES_FORMAT,
        "heading": {
            "meeting": record.meeting,
            "authority": record.authority,
            "date": start.date().isoformat(),
            "started_at": _hm(start),
            "ended_at": _hm(ended) if ended else "",
            "times_from": "meeting log" if started else "scheduled start",
            "place": record.place or record.mode,
            "mode": record.mode,
            "chair": record.chair,
        },
        "attendees": attendees_text,
        "apologies": "\n".join(_who(a) for a in apologies),
        "recording": _recording_text(record),
        "opening": "\n".join(entry.line() for entry in opening),
        "items": items,
        "closing": "\n".join(entry.line() for entry in closing),
        "objections": _objections(record, names),
        "incidents": "\n".join(incidents),
        "log": _log_entries(record, names),
        "notes": "",
        "main_speakers": [{"name": s.name, "role": s.role, "seconds": s.seconds} for s in speakers],
        "transcript": (
            {
                "version": transcript.version,
                "recording": str(transcript.recording_id),
                # onrecord.transcripts says whether the chair has confirmed who each voice is
                "speakers_confirmed": bool(getattr(transcript, "speakers_confirmed", True)),
                "times_from": (
                    "recording start"
                    if record.audio_started_at is not None
                    else "recorded spans on the log"
                    if recorded_spans(log)
                    else "meeting start"
                ),
            }
            if transcript is not None
            else None
        ),
        "unsure_note": (
            UNSURE_NOTE
            if any(i["unsure_words"] for i in items) or any(e.unsure for e in (*opening, *closing))
            else ""
        ),
    }
