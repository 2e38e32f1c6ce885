"""The explanatory statement kept with a recording (Brent, "Local authority recording of
meetings/case conferences": "an explanatory statement identifying when and where the recording
was made, date and time the meeting started and ended, the context of the discussion, the main
speakers and their role or title").

    statement = current_statement(recording)       # version 1 is filled from the meeting's record
    revise_statement(recording, by=chair, context="…", speakers=[…])   # a new version
    approve_statement(recording, by=chair)         # a new, approved version; no edits after it
    statement_text(statement.content)              # plain text for the player and exports

The content is a JSON object (`statement_format` 1):

| key | meaning |
| --- | --- |
| recording | id, kind, SHA-256, length, file name, who provided it (and whose copy it is) |
| authority | the local authority holding it |
| where, mode | the place (or "Online") and how the meeting was held |
| date, started_at, ended_at | the day and the start/end times (ISO 8601, UK local time) |
| times_from | "meeting log" (the chair's meeting mode) or "scheduled start" (no log) |
| meeting, context, agenda | the kind of meeting, the case it is about, its agenda |
| chair | who chaired it |
| speakers, speakers_from | main speakers and roles; "transcript", "attendance" or "invitations" |
| notes | the chair's notes (corrections say why here) |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from onrecord.cases.models import Attendee, Meeting
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Kind
from onrecord.minutes.services import main_speakers_of
from onrecord.vault.models import ExplanatoryStatement, Recording
from onrecord.versioned import add_version

STATEMENT_FORMAT = 1
# What the chair may correct; the recording's own details come from the vault and stay.
EDITABLE = frozenset({"where", "started_at", "ended_at", "context", "speakers", "notes"})


class StatementRefused(Exception):
    """A correction that may not be made; the message says why."""


def _person_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)


def _local(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else None


def _speakers(meeting: Meeting, events: list[MeetingEvent]) -> tuple[list[dict[str, str]], str]:
    attendees = list(meeting.attendees.select_related("person").order_by("pk"))
    arrived = {e.attendee_id for e in events if e.kind == Kind.ARRIVED and e.attendee_id}
    present = [a for a in attendees if a.pk in arrived or a.attended_from is not None]
    source = "attendance" if present else "invitations"

    def role(attendee: Attendee) -> str:
        return attendee.role or attendee.person.job_title or attendee.person.get_kind_display()

    chosen = present or attendees
    return [{"name": a.person.full_name, "role": role(a)} for a in chosen], source


def from_meeting_record(recording: Recording) -> dict[str, Any]:
    """The statement as the meeting's record has it: the event log when the chair ran the
    meeting in meeting mode, else the meeting's scheduled details."""
    meeting = recording.meeting
    case = meeting.case
    events = list(MeetingEvent.objects.filter(meeting=meeting).order_by("seq"))
    started = next((e.at for e in events if e.kind == Kind.MEETING_STARTED), None)
    ended = next((e.at for e in reversed(events) if e.kind == Kind.MEETING_ENDED), None)
    times_from = "meeting log" if started else "scheduled start"
    start = started or meeting.scheduled_start
    speakers, speakers_from = _speakers(meeting, events)
    if spoken := main_speakers_of(recording):  # by talk time, once there is a transcript
        speakers, speakers_from = spoken, "transcript"
    online = meeting.mode == Meeting.Mode.ONLINE
    where = "Online" if online and not meeting.place else meeting.place or "Not recorded"
    kind_label = meeting.get_kind_display()
    return {
        "statement_format": STATEMENT_FORMAT,
        "recording": {
            "id": str(recording.pk),
            "kind": recording.get_kind_display(),
            "sha256": recording.sha256,
            "size": recording.size,
            "duration_seconds": recording.duration_seconds,
            "original_filename": recording.original_filename,
            "provided_by": _person_name(recording.provided_by),
            "family_member": recording.family_member.full_name if recording.family_member else "",
            "added_at": _local(recording.created_at),
        },
        "authority": case.authority.name,
        "where": where,
        "mode": meeting.get_mode_display(),
        "date": timezone.localtime(start).date().isoformat(),
        "started_at": _local(start),
        "ended_at": _local(ended),
        "times_from": times_from,
        "meeting": kind_label if not meeting.title else f"{meeting.title} ({kind_label})",
        "context": f"{kind_label} about {family_phrase(case.family_name)} (case {case.reference}).",
        "agenda": [
            f"{item.position}. {item.title}" for item in meeting.agenda_items.order_by("position")
        ],
        "chair": _person_name(meeting.chair),
        "speakers": speakers,
        "speakers_from": speakers_from,
        "notes": "",
    }


def latest_statement(recording: Recording) -> ExplanatoryStatement | None:
    return recording.statements.order_by("-version").first()


def current_statement(recording: Recording) -> ExplanatoryStatement:
    """The latest version, filling version 1 from the meeting's record if there is none yet."""
    latest = latest_statement(recording)
    if latest is not None:
        return latest
    try:
        with transaction.atomic():
            return ExplanatoryStatement.objects.create(
                recording=recording,
                version=1,
                source=ExplanatoryStatement.Source.MEETING_RECORD,
                content=from_meeting_record(recording),
            )
    except IntegrityError:  # another request filled it first
        filled = latest_statement(recording)
        assert filled is not None
        return filled


def _check_chair(recording: Recording, by: Any) -> None:
    chair_id = recording.meeting.chair_id
    if chair_id is None or getattr(by, "pk", None) != chair_id:
        raise StatementRefused(
            "Only the chair of the meeting may correct or approve its statement."
        )


def _add_version(
    recording: Recording, by: Any, content: dict[str, Any], source: str, *, approved: bool
) -> ExplanatoryStatement:
    def build(_: Recording, previous: ExplanatoryStatement | None) -> dict[str, Any]:
        assert previous is not None  # current_statement filled version 1
        if previous.approved:
            raise StatementRefused(
                f"Version {previous.version} of the statement is approved; it is not changed."
            )
        return {"source": source, "approved": approved, "content": content, "written_by": by}

    with transaction.atomic():
        current_statement(recording)
        return add_version(ExplanatoryStatement, recording, build)


def _clean_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise StatementRefused(
            f"{', '.join(unknown)} cannot be corrected: they are the recording's own details."
        )
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "speakers":
            if not isinstance(value, list) or not all(
                isinstance(s, Mapping) and str(s.get("name", "")).strip() for s in value
            ):
                raise StatementRefused("Each speaker needs a name (and their role or title).")
            cleaned[key] = [
                {"name": str(s["name"]).strip(), "role": str(s.get("role", "")).strip()}
                for s in value
            ]
        elif key in {"started_at", "ended_at"} and value is not None:
            try:
                moment = dt.datetime.fromisoformat(str(value))
            except ValueError:
                raise StatementRefused(
                    f"{key} must be a date and time, e.g. 2025-03-04T10:00"
                ) from None
            if moment.tzinfo is None:
                moment = timezone.make_aware(moment)
            cleaned[key] = _local(moment)
        else:
            cleaned[key] = str(value).strip()
    start, end = cleaned.get("started_at"), cleaned.get("ended_at")
    if start and end and dt.datetime.fromisoformat(end) < dt.datetime.fromisoformat(start):
        raise StatementRefused("The meeting cannot end before it started.")
    return cleaned


def revise_statement(recording: Recording, /, *, by: Any, **changes: Any) -> ExplanatoryStatement:
    """The chair's correction: a new version with these fields changed, naming the one it
    replaces. Refused once a version is approved, and for anyone but the meeting's chair."""
    _check_chair(recording, by)
    cleaned = _clean_changes(changes)
    content = dict(current_statement(recording).content) | cleaned
    if cleaned.get("started_at"):
        content["date"] = cleaned["started_at"][:10]
        content["times_from"] = "chair"
    return _add_version(recording, by, content, ExplanatoryStatement.Source.CHAIR, approved=False)


def approve_statement(recording: Recording, *, by: Any) -> ExplanatoryStatement:
    """The chair approves the statement as it stands: an approved version with the same
    content, after which it is not changed."""
    _check_chair(recording, by)
    content = dict(current_statement(recording).content)
    return _add_version(recording, by, content, ExplanatoryStatement.Source.APPROVAL, approved=True)


def statement_times(content: Mapping[str, Any]) -> dict[str, Any]:
    """The date and times as Python values, for templates."""

    def moment(key: str) -> dt.datetime | None:
        value = content.get(key)
        return dt.datetime.fromisoformat(str(value)) if value else None

    day = content.get("date")
    return {
        "date": dt.date.fromisoformat(str(day)) if day else None,
        "started": moment("started_at"),
        "ended": moment("ended_at"),
    }


def family_phrase(family_name: str) -> str:
    """'the Whitfield family', whether staff wrote the case's family name as "Whitfield" or as
    "Whitfield family" (never "the Whitfield family family", issue 18)."""
    name = " ".join(family_name.split())
    if name.lower().startswith("the "):
        name = name[4:]
    if name.lower() == "family" or name.lower().endswith(" family"):
        return f"the {name}"
    return f"the {name} family"


def long_date(day: dt.date) -> str:
    """'Friday 4 December 2026': GOV.UK style, no leading zero on the day."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _time(value: Any) -> str:
    if not value:
        return "not recorded"
    return dt.datetime.fromisoformat(str(value)).strftime("%H:%M")


def statement_text(content: Mapping[str, Any], *, version: int | None = None) -> str:
    """The statement as plain text, as read out or printed: for exports and the court."""
    recording = content.get("recording", {})
    day = (
        long_date(dt.date.fromisoformat(str(content["date"])))
        if content.get("date")
        else "not recorded"
    )
    lines = [
        "EXPLANATORY STATEMENT" + (f" (version {version})" if version else ""),
        "",
        f"This is a {str(recording.get('kind', 'recording')).lower()} held by "
        f"{content.get('authority', '')}.",
        f"Where: {content.get('where', '')} ({content.get('mode', '')})",
        f"Date: {day}",
        f"Meeting started: {_time(content.get('started_at'))}",
        f"Meeting ended: {_time(content.get('ended_at'))}",
        f"Times taken from: {content.get('times_from', '')}",
        f"Meeting: {content.get('meeting', '')}",
        f"Context: {content.get('context', '')}",
        f"Chair: {content.get('chair') or 'not recorded'}",
    ]
    if content.get("agenda"):
        lines += ["Agenda:"] + [f"  {item}" for item in content["agenda"]]
    lines.append(
        "Main speakers"
        + (
            " (from the invitations: attendance was not recorded)"
            if content.get("speakers_from") == "invitations"
            else ""
        )
        + ":"
    )
    lines += [
        f"  {s['name']}" + (f", {s['role']}" if s.get("role") else "")
        for s in content.get("speakers", [])
    ] or ["  none recorded"]
    if content.get("notes"):
        lines.append(f"Notes: {content['notes']}")
    lines += [
        "",
        f"Recording: {recording.get('id', '')}",
        f"SHA-256 of the original: {recording.get('sha256', '')}",
        f"Size: {recording.get('size', '')} bytes; "
        f"length: {round(float(recording.get('duration_seconds') or 0))} seconds",
    ]
    if recording.get("family_member"):
        lines.append(f"Whose recording: {recording['family_member']}")
    if recording.get("provided_by"):
        lines.append(f"Provided by: {recording['provided_by']}")
    lines += ["The audio recording has not been edited."]
    return "\n".join(lines) + "\n"


def statement_json(statement: ExplanatoryStatement) -> dict[str, Any]:
    """The version with its history fields, for exports."""
    return {
        "version": statement.version,
        "replaces_version": statement.replaces.version if statement.replaces else None,
        "source": statement.source,
        "approved": statement.approved,
        "written_by": _person_name(statement.written_by) or "filled by the system",
        "created_at": statement.created_at.astimezone(dt.UTC).isoformat(),
        "content": statement.content,
    }
