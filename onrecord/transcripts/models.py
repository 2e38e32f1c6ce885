"""Transcripts of recordings (issue 7; Brent, "Local authority recording of meetings/case
conferences": the chair makes "an audio and digitally typed record of the meeting").

- `Transcript`: one speech-to-text run over one recording, with its status and, when it failed,
  why in plain English. The recording itself is only ever read.
- `TranscriptWindow`: a checkpoint per finished window of audio, so a run that was killed goes
  on from the last finished window instead of starting again.
- `TranscriptVersion`: the words with their times, append-only. Version 1 is the machine's;
  each correction adds a version naming who made it and why. Never edited or deleted (here and,
  on PostgreSQL, by a trigger).
- `SpeakerLabel`: who each speaker cluster is (an attendee, or a name and role), confirmed by
  the chair. Append-only too: a correction is a new confirmation, numbered per transcript.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from onrecord.append_only import AppendOnly
from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import Attendee
from onrecord.jobs.models import Job
from onrecord.vault.models import Recording
from onrecord.versioned import Versioned


class Transcript(CaseScoped, models.Model):
    case_path = "recording.meeting.case_id"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Transcribing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recording = models.ForeignKey(Recording, on_delete=models.PROTECT, related_name="transcripts")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    model = models.CharField(max_length=100, help_text="The speech model asked for.")
    model_used = models.CharField(
        max_length=200, blank=True, help_text="The model that produced it, with its checksum."
    )
    language = models.CharField(max_length=20, blank=True)
    speakers = models.PositiveSmallIntegerField(default=0)
    duration_seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, in plain English.")
    notes = models.JSONField(default=list, blank=True)
    enrolled = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "Speaker (as a string) -> the attendee id whose introduction it sounds like, or "
            "null for a voice that matches nobody; empty when the meeting had no introductions."
        ),
    )
    gaps = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "[{start, end}] seconds into the recording where speech was heard but no words "
            "could be transcribed (onrecord/speech/gaps.py): shown as 'speech not transcribed'."
        ),
    )
    overlaps = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "[{start, end}] seconds into the recording where two people spoke at once "
            "(onrecord/speech/overlap.py): shown as 'two people speaking at once'."
        ),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Transcript of {self.recording_id} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class TranscriptWindow(CaseScoped, models.Model):
    """One finished window (`onrecord.speech.types.WindowResult` as JSON)."""

    case_path = "transcript.recording.meeting.case_id"

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="windows")
    index = models.PositiveIntegerField()
    start = models.FloatField()
    end = models.FloatField()
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["transcript", "index"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "index"], name="transcript_window_once")
        ]

    def __str__(self) -> str:
        return f"window {self.index} of {self.transcript_id}"


class TranscriptVersion(CaseScoped, Versioned):
    case_path = "transcript.recording.meeting.case_id"
    version_of = "transcript"
    number_field = "number"
    replaces_field = None
    refuse_change = "A transcript version is never changed; add a new version instead."
    refuse_delete = "Transcript versions are never deleted."

    class Source(models.TextChoices):
        MACHINE = "machine", "Speech-to-text"
        TEXT = "text", "Text corrected"
        SPEAKER = "speaker", "Speaker corrected"

    transcript = models.ForeignKey(Transcript, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(help_text="1, 2, 3, … per transcript.")
    source = models.CharField(max_length=10, choices=Source.choices)
    words = models.JSONField(help_text="[{start, end, text, probability, speaker, checked?}]")
    summary = models.CharField(max_length=500, help_text="What changed and why.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who made this version (empty: the speech-to-text model).",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["transcript", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "number"], name="transcript_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"version {self.number} of {self.transcript_id}"


class SpeakerLabel(CaseScoped, AppendOnly):
    """Who speaker `cluster` is, as of confirmation number `confirmation`."""

    case_path = "transcript.recording.meeting.case_id"

    refuse_change = "Speaker names are never changed; confirm them again."
    refuse_delete = "Speaker names are never deleted."

    transcript = models.ForeignKey(
        Transcript, on_delete=models.PROTECT, related_name="speaker_labels"
    )
    confirmation = models.PositiveIntegerField(help_text="1, 2, 3, … per transcript.")
    cluster = models.PositiveSmallIntegerField(help_text="The speech engine's speaker (0-based).")
    attendee = models.ForeignKey(
        Attendee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["transcript", "confirmation", "cluster"]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "confirmation", "cluster"], name="speaker_label_once"
            )
        ]

    def __str__(self) -> str:
        return f"speaker {self.cluster} = {self.name}"
