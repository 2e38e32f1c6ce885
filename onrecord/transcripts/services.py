"""Writes to transcripts, one transaction each, and what other apps read from them.

    request_transcription(recording, by=user)        # a queued Transcript and its job
    correct_passage(transcript, by=user, segment=3, based_on=2, text="…", speaker=1, reason="…")
    confirm_speakers(transcript, by=chair, choices={0: SpeakerChoice(attendee=…), …})
    current_transcript(meeting)                      # for draft minutes (onrecord/minutes)

Every change is a new row (a version, or a speaker confirmation) naming who made it; the audit
trail records it from the model signals in the same transaction. The audio is never touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from onrecord.cases.models import Attendee, Meeting
from onrecord.jobs import queue
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Kind
from onrecord.speech.types import Gap, Overlap, Word
from onrecord.transcripts import speakers as speaker_rules
from onrecord.transcripts import words as word_rules
from onrecord.transcripts.models import SpeakerLabel, Transcript, TranscriptVersion
from onrecord.transcripts.words import EditRefused, TWord
from onrecord.vault.models import Recording
from onrecord.versioned import add_version

JOB_KIND = "transcribe_recording"
MAX_REASON = 500


class TranscriptionRefused(Exception):
    """A transcription that cannot be started now; the message says why."""


def speech_model() -> str:
    return str(getattr(settings, "ONRECORD_SPEECH_MODEL", "base") or "base")


# --- reading --------------------------------------------------------------------------------


def latest_transcript(recording: Recording) -> Transcript | None:
    return recording.transcripts.order_by("-created_at").first()


def latest_done(recording: Recording) -> Transcript | None:
    return (
        recording.transcripts.filter(status=Transcript.Status.DONE).order_by("-created_at").first()
    )


def current_version(transcript: Transcript) -> TranscriptVersion | None:
    return transcript.versions.order_by("-number").first()


def current_words(transcript: Transcript) -> tuple[TranscriptVersion, list[TWord]] | None:
    version = current_version(transcript)
    if version is None:
        return None
    return version, word_rules.words_from_json(version.words)


def gaps_to_json(gaps: Sequence[Gap]) -> list[dict[str, float]]:
    return [{"start": round(g.start, 3), "end": round(g.end, 3)} for g in gaps]


def gaps_from_json(data: Any) -> tuple[Gap, ...]:
    return tuple(Gap(float(g["start"]), float(g["end"])) for g in data or ())


def gaps_of(transcript: Transcript) -> tuple[Gap, ...]:
    """Where speech was heard but not transcribed (onrecord/speech/gaps.py), in order."""
    return tuple(sorted(gaps_from_json(transcript.gaps), key=lambda g: g.start))


def overlaps_to_json(overlaps: Sequence[Overlap]) -> list[dict[str, float]]:
    return [{"start": round(o.start, 3), "end": round(o.end, 3)} for o in overlaps]


def overlaps_from_json(data: Any) -> tuple[Overlap, ...]:
    return tuple(Overlap(float(o["start"]), float(o["end"])) for o in data or ())


def overlaps_of(transcript: Transcript) -> tuple[Overlap, ...]:
    """Where two people spoke at once (onrecord/speech/overlap.py), in order."""
    return tuple(sorted(overlaps_from_json(transcript.overlaps), key=lambda o: o.start))


@dataclass(frozen=True, slots=True)
class SpeakerName:
    cluster: int
    name: str
    role: str
    attendee_id: int | None
    confirmed: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


def confirmed_labels(transcript: Transcript) -> list[SpeakerLabel]:
    latest = (
        transcript.speaker_labels.order_by("-confirmation")
        .values_list("confirmation", flat=True)
        .first()
    )
    if latest is None:
        return []
    return list(
        transcript.speaker_labels.filter(confirmation=latest)
        .select_related("confirmed_by")
        .order_by("cluster")
    )


def speaker_names(transcript: Transcript) -> dict[int, SpeakerName]:
    """cluster -> name and role: the chair's confirmed names, else "Speaker 1", "Speaker 2"…"""
    names = {
        c: SpeakerName(c, speaker_rules.default_name(c), "", None, False)
        for c in range(transcript.speakers)
    }
    for label in confirmed_labels(transcript):
        names[label.cluster] = SpeakerName(
            label.cluster, label.name, label.role, label.attendee_id, True
        )
    return names


def present_attendees(meeting: Meeting) -> list[Attendee]:
    """Who was there, in the order they arrived (meeting mode's log, else the arrival times
    on the attendance record); empty when attendance was not recorded."""
    attendees = {a.pk: a for a in meeting.attendees.select_related("person")}
    order: list[int] = []
    for event in MeetingEvent.objects.filter(meeting=meeting, kind=Kind.ARRIVED).order_by("seq"):
        if event.attendee_id in attendees and event.attendee_id not in order:
            order.append(event.attendee_id)
    timed = sorted(
        (a for a in attendees.values() if a.attended_from and a.pk not in order),
        key=lambda a: (a.attended_from, a.pk),
    )
    return [attendees[pk] for pk in order] + timed


def speaker_count(meeting: Meeting) -> int | None:
    """How many voices to look for: the people present, when attendance was recorded."""
    present = present_attendees(meeting)
    return len(present) or None


def _role_of(attendee: Attendee) -> str:
    return attendee.role or attendee.person.job_title or attendee.person.get_kind_display()


def candidates(meeting: Meeting) -> tuple[list[Attendee], bool]:
    """The people a speaker can be, and whether they come from attendance (True) or from the
    invitations (False: attendance was not recorded)."""
    present = present_attendees(meeting)
    if present:
        return present, True
    return list(meeting.attendees.select_related("person").order_by("invited_at", "pk")), False


def suggestions(transcript: Transcript) -> dict[int, Attendee | None]:
    """Who each speaker probably is: by voice where the meeting's introductions enrolled voices
    (onrecord/speech/enrol.py; a voice that matches nobody has no suggestion), else by order."""
    meeting = transcript.recording.meeting
    people, _ = candidates(meeting)
    by_pk = {a.pk: a for a in people}
    if transcript.enrolled:
        enrolled = {int(k): v for k, v in transcript.enrolled.items()}
        return {
            c: by_pk.get(enrolled[c]) if enrolled.get(c) is not None else None
            for c in range(transcript.speakers)
        }
    pairs = current_words(transcript)
    words = pairs[1] if pairs else []
    chosen = speaker_rules.suggest(
        words,
        transcript.speakers,
        [
            speaker_rules.Candidate(
                a.pk,
                a.person.full_name,
                _role_of(a),
                is_chair=bool(meeting.chair_id and a.person.user_id == meeting.chair_id),
            )
            for a in people
        ],
    )
    return {c: (by_pk[s.key] if s else None) for c, s in chosen.items()}


@dataclass(frozen=True, slots=True)
class CurrentTranscript:
    """The latest finished transcript of a meeting's own (authority) recording, as of its
    latest version: what draft minutes are written from."""

    recording_id: str
    transcript_id: str
    version: int
    words: list[Word]
    speaker_names: dict[int, str]
    speaker_roles: dict[int, str]
    speakers_confirmed: bool
    language: str
    duration_seconds: float | None
    gaps: tuple[Gap, ...] = ()  # speech heard but not transcribed
    overlaps: tuple[Overlap, ...] = ()  # two people speaking at once


def current_transcript(meeting: Meeting) -> CurrentTranscript | None:
    """The latest DONE transcript of the meeting's latest authority recording (None if there
    is none). Words carry speaker indices; `speaker_names` gives the chair's confirmed names,
    or "Speaker 1"… until the chair has confirmed them."""
    for recording in meeting.recordings.filter(kind=Recording.Kind.AUTHORITY).order_by(
        "-created_at"
    ):
        transcript = latest_done(recording)
        if transcript is None:
            continue
        pair = current_words(transcript)
        if pair is None:  # pragma: no cover - a done transcript always has version 1
            continue
        version, words = pair
        names = speaker_names(transcript)
        return CurrentTranscript(
            recording_id=str(recording.pk),
            transcript_id=str(transcript.pk),
            version=version.number,
            words=[Word(w.start, w.end, w.text, w.probability, w.speaker) for w in words],
            speaker_names={c: n.name for c, n in names.items()},
            speaker_roles={c: n.role for c, n in names.items()},
            speakers_confirmed=any(n.confirmed for n in names.values()),
            language=transcript.language,
            duration_seconds=transcript.duration_seconds,
            gaps=gaps_of(transcript),
            overlaps=overlaps_of(transcript),
        )
    return None


# --- starting -------------------------------------------------------------------------------


def request_transcription(
    recording: Recording, *, by: Any | None, model: str | None = None
) -> Transcript:
    """Queue a transcription of the recording. Refused while another one of it is waiting or
    running. The caller checks permissions (permissions.can_start)."""
    chosen = (model or speech_model()).strip()
    if not chosen or len(chosen) > 100:
        raise TranscriptionRefused("Name a speech model, e.g. base or tiny.en.")
    with transaction.atomic():
        locked = Recording.objects.select_for_update().filter(pk=recording.pk).first()
        if locked is None or locked.disposed_at is not None:
            raise TranscriptionRefused(
                "This recording was disposed of under the retention schedule: its audio can no "
                "longer be read, so it cannot be transcribed."
            )
        if recording.transcripts.filter(
            status__in=[Transcript.Status.QUEUED, Transcript.Status.RUNNING]
        ).exists():
            raise TranscriptionRefused(
                "This recording is already being transcribed. Wait for it to finish."
            )
        transcript = Transcript.objects.create(recording=recording, model=chosen, requested_by=by)
        job = queue.enqueue(JOB_KIND, {"transcript": str(transcript.pk)})
        transcript.job = job
        transcript.save(update_fields=["job"])
    return transcript


# --- correcting -----------------------------------------------------------------------------


def _clean_reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if len(cleaned) > MAX_REASON:
        raise EditRefused(f"Say why in at most {MAX_REASON} characters.")
    return cleaned


def correct_passage(
    transcript: Transcript,
    *,
    by: Any,
    segment: int,
    based_on: int,
    text: str | None = None,
    speaker: int | None = None,
    reason: str = "",
) -> TranscriptVersion:
    """A new version with passage `segment` of version `based_on` corrected: its text, who
    said it, or both. Refused if someone saved a newer version meanwhile (their change would
    be silently overwritten), if nothing changed, and for unknown speakers. The caller checks
    permissions (permissions.can_edit)."""
    why = _clean_reason(reason)

    def build(locked: Transcript, previous: TranscriptVersion | None) -> dict[str, Any]:
        if locked.status != Transcript.Status.DONE:
            raise EditRefused("This transcript is not finished, so it cannot be corrected.")
        if previous is None:  # pragma: no cover - done implies version 1
            raise EditRefused("This transcript has no text to correct.")
        if previous.number != based_on:
            raise EditRefused(
                f"Someone else saved version {previous.number} while you were working on "
                f"version {based_on}. Your change was not saved: look at the latest version "
                "and make it again."
            )
        words = word_rules.words_from_json(previous.words)
        new_words, changed = word_rules.edit_passage(
            words, segment, text=text, speaker=speaker, speakers=locked.speakers
        )
        word_rules.check_timing(new_words)
        n = segment + 1
        name = speaker_names(locked)[speaker].label if speaker is not None else ""
        if changed == ["text", "speaker"]:
            summary = f"Corrected the words of passage {n} and who said it ({name})"
        elif changed == ["text"]:
            summary = f"Corrected the words of passage {n}"
        else:
            summary = f"Passage {n} was said by {name}"
        summary += f". Why: {why}" if why else ""
        return {
            "source": (
                TranscriptVersion.Source.TEXT
                if "text" in changed
                else TranscriptVersion.Source.SPEAKER
            ),
            "words": word_rules.words_to_json(new_words),
            "summary": summary[:MAX_REASON],
            "author": by,
        }

    # The transcript is locked so two corrections cannot both build on the same version.
    return add_version(TranscriptVersion, transcript, build)


@dataclass(frozen=True, slots=True)
class SpeakerChoice:
    attendee: Attendee | None = None
    name: str = ""
    role: str = ""


def confirm_speakers(
    transcript: Transcript, *, by: Any, choices: Mapping[int, SpeakerChoice]
) -> list[SpeakerLabel]:
    """The chair's one step: who every speaker is. A new confirmation, all speakers at once."""
    if transcript.status != Transcript.Status.DONE:
        raise EditRefused("Speakers can be named once the transcript is finished.")
    missing = [c for c in range(transcript.speakers) if c not in choices]
    if missing or set(choices) - set(range(transcript.speakers)):
        raise EditRefused("Say who every speaker is.")
    meeting_id = transcript.recording.meeting_id
    rows: list[tuple[int, Attendee | None, str, str]] = []
    for cluster in sorted(choices):
        choice = choices[cluster]
        if choice.attendee is not None:
            if choice.attendee.meeting_id != meeting_id:
                raise EditRefused("Choose someone who was invited to this meeting.")
            name = choice.attendee.person.full_name
            role = choice.role.strip() or _role_of(choice.attendee)
        else:
            name, role = " ".join(choice.name.split()), " ".join(choice.role.split())
            if not name:
                raise EditRefused(
                    f"Write the name of {speaker_rules.default_name(cluster)}, or choose "
                    "someone from the list."
                )
        if len(name) > 200 or len(role) > 200:
            raise EditRefused("A name or role can be at most 200 characters.")
        rows.append((cluster, choice.attendee, name, role))
    with transaction.atomic():
        Transcript.objects.select_for_update().filter(pk=transcript.pk).first()
        last = (
            transcript.speaker_labels.order_by("-confirmation")
            .values_list("confirmation", flat=True)
            .first()
        )
        number = (last or 0) + 1
        return [
            SpeakerLabel.objects.create(
                transcript=transcript,
                confirmation=number,
                cluster=cluster,
                attendee=attendee,
                name=name,
                role=role,
                confirmed_by=by,
            )
            for cluster, attendee, name, role in rows
        ]


def history(transcript: Transcript) -> Sequence[TranscriptVersion]:
    return list(transcript.versions.select_related("author").order_by("-number"))
