"""A family member's own record of a meeting they attended: the chair's approved minutes and the
transcript they were made from, cut to the agenda items about children they hold parental
responsibility for (part.py; the rule is `cases.permissions.agenda_items_shown_in_full`, the
one the meeting page and the recording decision use, Hackney 000_881dd3342fdd64fe.txt §3).

Only approved minutes are shown (Brent, 004_a2b517fdd324f552.txt: the typed record is the
chair's, approved by the chair); the transcript is the version the approved minutes name, so
the family reads what the chair read, not a later machine correction nobody has approved
(transcripts/permissions.py: an unreviewed machine transcript is not handed to a parent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from onrecord.accounts.roles import Role
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Attendee, Meeting, Person
from onrecord.family_record import part
from onrecord.minutes import draft as drafting
from onrecord.minutes import services as minutes
from onrecord.minutes.models import MinutesVersion
from onrecord.speech.types import Word
from onrecord.transcripts import services as transcripts
from onrecord.transcripts.models import Transcript, TranscriptVersion
from onrecord.transcripts.words import words_from_json


def attendance(user: Any, meeting: Meeting) -> Attendee | None:
    """The signed-in family member's attendance at `meeting`, if they were there (marked as
    arrived: meeting mode's log sets `attended_from`). Invited and never there: None."""
    if case_permissions.role_of(user) != Role.FAMILY:
        return None
    return (
        Attendee.objects.filter(
            meeting=meeting,
            person__user=user,
            person__case=meeting.case_id,
            attended_from__isnull=False,
        )
        .select_related("person")
        .first()
    )


def record_link(meeting: Meeting, person: Person) -> str:
    """For the home page's task list: the address of my part of the notes, once the chair has
    approved them and if I was at the meeting; "" otherwise."""
    if person.user_id is None:
        return ""
    attended = Attendee.objects.filter(
        meeting=meeting, person=person, attended_from__isnull=False
    ).exists()
    if not attended or minutes.approved_version(meeting) is None:
        return ""
    return reverse("family_record", args=[meeting.pk])


@dataclass(frozen=True)
class FamilyRecord:
    meeting: Meeting
    person: Person
    version: MinutesVersion | None  # the approved minutes; None while none are approved
    part: part.MyPart | None

    @property
    def ready(self) -> bool:
        return self.version is not None and self.part is not None


def _said(entry: drafting.Entry) -> part.Said:
    if isinstance(entry, drafting.Turn):
        return part.Said(entry.start, entry.end, entry.speaker, entry.role, entry.text)
    return part.Said(entry.start, entry.end)


@dataclass(frozen=True)
class _Transcript:
    """The transcript version the approved minutes name, in the shape drafting reads."""

    recording_id: str
    version: int
    words: list[Word]
    speaker_names: dict[int, str]
    speaker_roles: dict[int, str]
    gaps: tuple[Any, ...]


def _transcript_of(version: MinutesVersion) -> _Transcript | None:
    named = version.content.get("transcript") or {}
    recording, number = str(named.get("recording", "")), named.get("version")
    if not recording or not isinstance(number, int):
        return None
    # The transcript that was current when the minutes were drafted: the latest finished one
    # of that recording that has that version, made before the minutes version was.
    found = (
        TranscriptVersion.objects.filter(
            transcript__recording_id=recording,
            transcript__status=Transcript.Status.DONE,
            number=number,
            created_at__lte=version.created_at,
        )
        .select_related("transcript")
        .order_by("-transcript__created_at")
        .first()
    )
    if found is None:
        return None
    names = transcripts.speaker_names(found.transcript)
    return _Transcript(
        recording_id=recording,
        version=number,
        words=[
            Word(w.start, w.end, w.text, w.probability, w.speaker)
            for w in words_from_json(found.words)
        ],
        speaker_names={c: n.name for c, n in names.items()},
        speaker_roles={c: n.role for c, n in names.items()},
        gaps=transcripts.gaps_of(found.transcript),
    )


def record_for(user: Any, meeting: Meeting, person: Person) -> FamilyRecord:
    """My record of `meeting` (the caller has checked that I attended it)."""
    version = minutes.approved_version(meeting)
    if version is None:
        return FamilyRecord(meeting, person, None, None)
    shown = {str(pk) for pk in case_permissions.agenda_items_shown_in_full(user, meeting)}
    transcript = _transcript_of(version)
    if transcript is None:
        return FamilyRecord(meeting, person, version, part.my_part(version.content, shown))
    shared = drafting.by_item(minutes.snapshot(meeting, transcript.recording_id), transcript)
    return FamilyRecord(
        meeting,
        person,
        version,
        part.my_part(
            version.content,
            shown,
            transcript={
                str(item): tuple(_said(e) for e in said) for item, said in shared.items.items()
            },
            transcript_opening=tuple(_said(e) for e in shared.opening),
            transcript_closing=tuple(_said(e) for e in shared.closing),
        ),
    )
