"""A fixed meeting record and a fake transcript for the pure drafting tests.

The meeting: started 10:00, item 1 from 10:02, item 2 from 10:20, recording paused 10:30 to
10:40 for a sensitive part of item 2, item 3 from 10:45, ended 11:00. The recorder ran from
10:01, so second 0 of the audio is 10:01, and after the pause second 1740 (29 min) is 10:40.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from onrecord.meetings.state import Kind, Reason
from onrecord.minutes.draft import Attendee, IncidentNote, Item, Logged, MeetingRecord
from onrecord.policy import load_profile
from onrecord.speech.types import Gap, Overlap, Word

DAY = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)


def at(hour: int, minute: int) -> dt.datetime:
    return DAY.replace(hour=hour, minute=minute)


CHAIR, WORKER, MOTHER, NURSE, FATHER = 1, 2, 3, 4, 5
ATTENDEES = [
    Attendee(CHAIR, "Priya Shah", "Chair", "Eastmere Council"),
    Attendee(WORKER, "Tom Bennett", "Social worker", "Eastmere Council"),
    Attendee(MOTHER, "Dana Whitfield", "Mother"),
    Attendee(NURSE, "Amira Hassan", "School nurse", "Eastmere Community Health NHS Trust"),
    Attendee(FATHER, "Marcus Reid", "Jade's father"),
]
ITEMS = [Item(11, 1, "Introductions"), Item(12, 2, "Jade: health"), Item(13, 3, "Plan")]
LOG = [
    Logged(at(10, 0), Kind.MEETING_STARTED),
    Logged(at(10, 0), Kind.ARRIVED, attendee=CHAIR),
    Logged(at(10, 0), Kind.ARRIVED, attendee=WORKER),
    Logged(at(10, 0), Kind.ARRIVED, attendee=MOTHER),
    Logged(at(10, 0), Kind.ARRIVED, attendee=NURSE),
    Logged(at(10, 1), Kind.CONSENT_REFUSED, attendee=NURSE),
    Logged(at(10, 1), Kind.RECORDING_STARTED),
    Logged(at(10, 2), Kind.ITEM_STARTED, item=11),
    Logged(at(10, 20), Kind.ITEM_STARTED, item=12),
    Logged(at(10, 30), Kind.RECORDING_PAUSED, reason=Reason.SENSITIVE_ITEM),
    Logged(at(10, 40), Kind.RECORDING_RESUMED),
    Logged(at(10, 45), Kind.ITEM_STARTED, item=13),
    Logged(at(10, 50), Kind.LEFT, attendee=NURSE),
    Logged(at(11, 0), Kind.RECORDING_STOPPED, reason=Reason.MEETING_ENDED),
    Logged(at(11, 0), Kind.MEETING_ENDED),
]


def record(**changes: object) -> MeetingRecord:
    base = MeetingRecord(
        meeting="Initial child protection conference (Child protection conference)",
        authority="Eastmere Council",
        scheduled_start=at(10, 0),
        place="Eastmere Civic Centre, Room 2",
        mode="Hybrid",
        chair="Priya Shah",
        attendees=ATTENDEES,
        items=ITEMS,
        log=LOG,
        recorder="Dana Whitfield",
        declaration="Dana Whitfield signed the declaration on 1 March 2025.",
        request_lines=("Dana Whitfield asked on 20 February 2025 to record the meeting: allowed.",),
        disagreements=("The school nurse prefers not to be recorded.",),
        incidents=(IncidentNote(at(10, 50), "Covert recording: found a second phone."),),
        rules=load_profile("leeds").room,  # Leeds (d): the sensitive item is paused
    )
    return MeetingRecord(**{**base.__dict__, **changes})


def words(
    speaker: int, start: float, text: str, *, unsure: Sequence[str] = (), step: float = 0.5
) -> list[Word]:
    """One word every `step` seconds from `start` (seconds into the recording)."""
    out = []
    for n, token in enumerate(text.split()):
        begin = start + n * step
        sure = 0.2 if token in unsure else 0.95
        out.append(Word(begin, begin + step * 0.8, " " + token, sure, speaker))
    return out


# Speaker 0 is the chair, 1 the mother, 2 a voice nobody named.
WORDS = [
    *words(0, 90, "Welcome everyone this meeting is recorded"),  # 10:02:30, item 1
    *words(1, 120, "Thank you I agree"),  # 10:03, item 1
    *words(0, 1260, "Now Jade's health", unsure=("health",)),  # 10:22, item 2
    *words(2, 1300, "The school has concerns"),  # 10:22:40, item 2
    # After the pause: 29 min recorded before it, so 1800 s is 10:41.
    *words(1, 1800, "She sees the doctor weekly"),  # 10:41, still item 2
    *words(0, 2700, "The plan is agreed"),  # 10:56, item 3
]


@dataclass(frozen=True)
class FakeTranscript:
    """The shape of onrecord.transcripts.services.CurrentTranscript."""

    words: Sequence[Word] = tuple(WORDS)
    speaker_names: Mapping[int, str] = field(
        default_factory=lambda: {0: "Priya Shah", 1: "Dana Whitfield"}
    )
    speaker_roles: Mapping[int, str] = field(default_factory=lambda: {0: "Chair", 1: "Mother"})
    version: int = 3
    recording_id: str = "rec-1"
    speakers_confirmed: bool = True
    gaps: Sequence[Gap] = ()
    overlaps: Sequence[Overlap] = ()
