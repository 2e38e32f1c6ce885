"""Writing the minutes: one transaction each, the `MinutesDraft` row locked so two people
saving at once cannot both replace the same version. Every new row is audited by the audit
signals in the same transaction; views of and downloads of the minutes are audited by the
views.

    version = generate(meeting, by=user)             # drafted from the record (+ transcript)
    version = save_changes(meeting, by=user, changes={...}, based_on=3)
    version = approve(meeting, by=chair, based_on=4) # the chair only; adds no version
    approved_version(meeting)                        # what goes into court bundles
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from onrecord.cases.models import Attendee, Meeting
from onrecord.incidents.models import Incident
from onrecord.meetings.meeting_plan import meeting_plan, request_lines
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Kind, Reason
from onrecord.minutes import draft as drafting
from onrecord.minutes import permissions
from onrecord.minutes.edit import apply_changes
from onrecord.minutes.models import MinutesApproval, MinutesDraft, MinutesVersion
from onrecord.policy.item_standing import item_standings
from onrecord.transcripts import services as transcripts
from onrecord.vault.models.live import LiveSession
from onrecord.versioned import add_version
from onrecord.webhooks.events import MINUTES_APPROVED
from onrecord.webhooks.services import emit

TranscriptSource = Callable[[Meeting], drafting.TranscriptLike | None]


class MinutesRefused(Exception):
    """The change may not be made; the message says why, in plain English."""


def current_transcript(meeting: Meeting) -> drafting.TranscriptLike | None:
    """The real adapter: the corrected transcript of the meeting's own (authority) recording,
    as of its latest version (onrecord.transcripts)."""
    return transcripts.current_transcript(meeting)


def _organisation(attendee: Attendee, authority: str) -> str:
    person = attendee.person
    if person.agency:
        return person.agency
    if person.kind == person.Kind.STAFF:
        return authority
    return ""


def _audio_started_at(recording_id: str | None) -> dt.datetime | None:
    """When the transcribed recording began, if it was made with the live recorder."""
    try:
        key = uuid.UUID(str(recording_id))
    except ValueError:
        return None
    session = LiveSession.objects.filter(recording_id=key).first()
    return timezone.localtime(session.started_at) if session is not None else None


def snapshot(meeting: Meeting, recording_id: str | None = None) -> drafting.MeetingRecord:
    """The meeting's record as the pure drafting code takes it, times in local time;
    `recording_id`: the recording the transcript is of."""
    case = meeting.case
    authority = case.authority.name
    mp = meeting_plan(meeting)
    events = MeetingEvent.objects.filter(meeting=meeting).order_by("seq")
    log = [
        drafting.Logged(
            at=timezone.localtime(e.at),
            kind=Kind(e.kind),
            attendee=e.attendee_id,
            item=e.agenda_item_id,
            reason=Reason(e.reason) if e.reason else None,
            note=str(e.detail.get("note", "")),
        )
        for e in events
    ]
    kind = meeting.get_kind_display()
    incidents = Incident.objects.filter(meeting=meeting).order_by("discovered_at")
    disagreements = [
        r.decision.disagreements
        for r in mp.requests
        if hasattr(r, "decision") and r.decision.disagreements
    ]
    chair = meeting.chair
    # Each item's standing, in the decision page's and meeting mode's words (one answer).
    standings = (
        {
            s.id: s.words
            for s in item_standings(
                mp.allowed.decision.policy_decision, mp.allowed.decision.outcome
            )
        }
        if mp.allowed is not None
        else {}
    )
    return drafting.MeetingRecord(
        meeting=f"{meeting.title} ({kind})" if meeting.title else kind,
        authority=authority,
        scheduled_start=timezone.localtime(meeting.scheduled_start),
        place=meeting.place,
        mode=meeting.get_mode_display(),
        chair=str(chair.get_full_name() or chair.username) if chair else "",
        attendees=[
            drafting.Attendee(a.pk, a.person.full_name, a.role, _organisation(a, authority))
            for a in mp.attendees
        ],
        items=[
            drafting.Item(i.pk, i.position, i.title, standings.get(str(i.pk), "")) for i in mp.items
        ],
        rules=mp.rules,
        item_reasons=dict(mp.roster.items),
        log=log,
        recorder=mp.roster.recorder,
        request_lines=request_lines(mp),
        disagreements=disagreements,
        incidents=[
            drafting.IncidentNote(
                timezone.localtime(i.discovered_at),
                f"{i.get_kind_display()}: {i.description.splitlines()[0] if i.description else ''}"
                f" (incident opened; status {i.get_status_display().lower()}).",
            )
            for i in incidents
        ],
        authority_recordings=meeting.recordings.filter(kind="authority").count(),
        audio_started_at=_audio_started_at(recording_id),
    )


def minutes_of(meeting: Meeting) -> MinutesDraft | None:
    return MinutesDraft.objects.filter(meeting=meeting).first()


def latest_version(meeting: Meeting) -> MinutesVersion | None:
    return (
        MinutesVersion.objects.filter(minutes__meeting=meeting)
        .select_related("written_by")
        .order_by("-version")
        .first()
    )


def approved_version(meeting: Meeting) -> MinutesVersion | None:
    """The latest approved version: what is kept with the recording and disclosed."""
    return (
        MinutesVersion.objects.filter(minutes__meeting=meeting)
        .filter(Q(approved=True) | Q(approval__isnull=False))
        .select_related("written_by", "approval__approved_by")
        .order_by("-version")
        .first()
    )


def _locked(meeting: Meeting, by: Any) -> MinutesDraft:
    """The meeting's minutes row, created if needed, locked until the transaction ends."""
    try:
        with transaction.atomic():
            MinutesDraft.objects.get_or_create(meeting=meeting, defaults={"created_by": by})
    except IntegrityError:  # someone else created it at the same moment
        pass
    return MinutesDraft.objects.select_for_update().get(meeting=meeting)


def _add(
    minutes: MinutesDraft,
    by: Any,
    content: Mapping[str, Any],
    source: str,
    *,
    approved: bool = False,
    note: str = "",
    based_on: int | None = None,
) -> MinutesVersion:
    def build(_: MinutesDraft, previous: MinutesVersion | None) -> dict[str, Any]:
        if based_on is not None and (previous is None or previous.version != based_on):
            raise MinutesRefused(
                f"Someone saved version {previous.version if previous else 0} of these minutes "
                f"after you opened version {based_on}. Open the latest version and make your "
                "changes again."
            )
        return {
            "source": source,
            "approved": approved,
            "content": dict(content),
            "written_by": by,
            "note": note[:500],
        }

    return add_version(MinutesVersion, minutes, build)


@transaction.atomic
def generate(
    meeting: Meeting, *, by: Any, transcript_source: TranscriptSource = current_transcript
) -> MinutesVersion:
    """A draft from the meeting's record and its current transcript: version 1, or a new
    version replacing the current one, keeping its decisions, actions and notes (earlier
    versions stay as they were)."""
    if not permissions.can_edit(by, meeting):
        raise MinutesRefused("Only staff working on this case can draft its minutes.")
    minutes = _locked(meeting, by)
    transcript = transcript_source(meeting)
    recording_id = str(transcript.recording_id) if transcript is not None else None
    content = drafting.draft(snapshot(meeting, recording_id), transcript)
    content["drafted_at"] = timezone.localtime().isoformat(timespec="minutes")
    previous = minutes.versions.order_by("-version").first()
    if previous is not None:
        _keep_what_people_wrote(previous.content, content)
    return _add(minutes, by, content, MinutesVersion.Source.DRAFTED, note="Drafted from the record")


def _keep_what_people_wrote(before: Mapping[str, Any], after: dict[str, Any]) -> None:
    """Drafting again refreshes what comes from the record and the transcript; the decisions,
    actions and notes only people wrote are carried over, item by item."""
    written = {str(item["id"]): item for item in before.get("items", [])}
    for item in after.get("items", []):
        old = written.get(str(item["id"]))
        if old is not None:
            item["decisions"] = old.get("decisions", "")
            item["actions"] = list(old.get("actions", []))
    after["notes"] = before.get("notes", "")


def _meeting_date(content: Mapping[str, Any], meeting: Meeting) -> dt.date:
    day = content.get("heading", {}).get("date")
    return dt.date.fromisoformat(day) if day else timezone.localtime(meeting.scheduled_start).date()


@transaction.atomic
def save_changes(
    meeting: Meeting,
    *,
    by: Any,
    changes: Mapping[str, Any],
    based_on: int,
    note: str = "",
) -> MinutesVersion:
    """A new version with the changes; `ChangesRefused` (edit.py) names each bad field and
    nothing is saved. After approval this is a new, unapproved version needing approval."""
    if not permissions.can_edit(by, meeting):
        raise MinutesRefused("Only staff working on this case can change its minutes.")
    minutes = MinutesDraft.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        raise MinutesRefused("There are no minutes for this meeting yet: draft them first.")
    latest = minutes.versions.order_by("-version").first()
    assert latest is not None
    content = apply_changes(latest.content, changes, _meeting_date(latest.content, meeting))
    if content == latest.content:
        raise MinutesRefused("Nothing was changed, so no new version was saved.")
    return _add(
        minutes,
        by,
        content,
        MinutesVersion.Source.EDITED,
        note=note.strip(),
        based_on=based_on,
    )


@transaction.atomic
def approve(meeting: Meeting, *, by: Any, based_on: int) -> MinutesVersion:
    """The chair approves the minutes as they stand in version `based_on` (what the chair
    read): a `MinutesApproval` of that version, which stays the latest (approving adds no
    version, issue 18). Returns the version, now approved."""
    if not permissions.can_approve(by, meeting):
        raise MinutesRefused("Only the chair of this meeting can approve its minutes.")
    minutes = MinutesDraft.objects.select_for_update().filter(meeting=meeting).first()
    latest = minutes.versions.order_by("-version").first() if minutes else None
    if minutes is None or latest is None:
        raise MinutesRefused("There are no minutes for this meeting yet: draft them first.")
    if latest.version != based_on:
        raise MinutesRefused(
            f"Someone saved version {latest.version} of these minutes after you opened version "
            f"{based_on}. Open the latest version and read it before you approve it."
        )
    if latest.is_approved:
        raise MinutesRefused(f"Version {latest.version} is already approved.")
    MinutesApproval.objects.create(minutes=minutes, version=latest, approved_by=by)
    emit(MINUTES_APPROVED, latest, meeting_id=meeting.pk, version=latest.version)  # events out
    return MinutesVersion.objects.select_related("approval__approved_by").get(pk=latest.pk)


def main_speakers_of(recording: Any) -> list[dict[str, str]]:
    """The main speakers and their roles by talk time, from the current transcript when it is
    of this recording (Brent: the explanatory statement's "main speakers and their role or
    title"); empty when there is none, and the statement falls back to attendance."""
    transcript = current_transcript(recording.meeting)
    if transcript is None or str(transcript.recording_id) != str(recording.pk):
        return []
    return [
        {"name": s.name, "role": s.role}
        for s in drafting.main_speakers(
            transcript.words, transcript.speaker_names, transcript.speaker_roles
        )
    ]
