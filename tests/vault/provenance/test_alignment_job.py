"""The comparison job: a family's copy, cut and re-joined from the council's own recording and
re-encoded by a phone, is placed on the meeting's timeline and the report stored; both
recordings are opened through the audited gate, as the system; with no council recording the
report says alignment was not possible; a recording of another meeting "does not match". The
player page shows staff what was found."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onrecord.audit.context import Actor, acting_as
from onrecord.audit.models import AuditEvent
from onrecord.jobs import queue
from onrecord.jobs.models import Job
from onrecord.recording_requests.parent_copies import add_parent_copy
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from onrecord.vault.models.provenance import AlignmentReport
from onrecord.vault.provenance.alignment import Alignment, JumpKind
from tests.support.parent_copies import person_of
from tests.support.personas import World
from tests.vault.provenance.meeting_audio import (
    AAC_M4A,
    MP3_8K,
    WAV,
    another_meeting,
    conference,
    encode,
    pieces,
)

pytestmark = pytest.mark.slow  # espeak-ng speech, decoded and compared: seconds each

WITHIN = 1.0


def council_recording(world: World) -> Recording:
    samples, rate = conference()
    chair = world.users["chair"]
    with acting_as(Actor(chair.pk, chair.username, chair.role, "10.0.0.7")):
        return ingest(
            io.BytesIO(encode(samples, rate, WAV)),
            meeting=world.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=chair,
            original_filename="conference.wav",
        )


def family_copy(world: World, data: bytes, name: str = "recording.m4a") -> Recording:
    worker = world.users["social_worker"]
    with acting_as(Actor(worker.pk, worker.username, worker.role, "10.0.0.8")):
        return add_parent_copy(
            SimpleUploadedFile(name, data, "audio/mp4"),
            meeting=world.meeting,
            family_member=person_of(world, "mother"),
            provided_by=worker,
            obtained="covert_found",
            given_by="Dana Whitfield",
        )


def run_the_comparison() -> AlignmentReport:
    job = queue.run_one("test-worker", kinds=["align_recording"])
    assert job is not None
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return AlignmentReport.objects.get(pk=job.result["report"])


def test_a_cut_and_rejoined_phone_copy_is_placed_and_reported(world: World) -> None:
    council = council_recording(world)
    samples, rate = conference()
    edited = pieces(samples, rate, (5.0, 30.0), (62.0, 85.0), (35.0, 50.0))
    copy = family_copy(world, encode(edited, rate, AAC_M4A))

    report = run_the_comparison()
    assert report.recording == copy
    assert report.reference == council
    assert report.outcome == AlignmentReport.Outcome.ALIGNED
    assert report.requested_by == world.users["social_worker"]
    assert "normalised cross-correlation" in report.method
    found = Alignment.from_dict(report.result)
    starts = [(p.copy_start, p.meeting_start) for p in found.placements]
    for (copy_at, meeting_at), (want_copy, want_meeting) in zip(
        starts, [(0.0, 5.0), (25.0, 62.0), (48.0, 35.0)], strict=True
    ):
        assert abs(copy_at - want_copy) <= WITHIN
        assert abs(meeting_at - want_meeting) <= WITHIN
    assert [j.kind for j in found.jumps] == [JumpKind.CUT, JumpKind.BACK]
    missing = [(m.start, m.end) for m in found.missing]
    for (start, end), (want_start, want_end) in zip(
        missing,
        [(0.0, 5.0), (30.0, 35.0), (50.0, 62.0), (85.0, council.duration_seconds)],
        strict=True,
    ):
        assert abs(start - want_start) <= WITHIN
        assert abs(end - want_end) <= WITHIN

    # Both recordings were read through the audited gate, by the system, for provenance.
    for recording in (copy, council):
        opened = AuditEvent.objects.filter(
            action="vault.open", object_id=str(recording.pk), detail__purpose="provenance"
        ).latest("seq")
        assert opened.actor_username == "system"
    aligned = AuditEvent.objects.get(action="vault.provenance_aligned")
    assert aligned.object_id == str(copy.pk)
    assert aligned.detail["reference_sha256"] == council.sha256
    assert aligned.detail["outcome"] == "aligned"

    page = world.client_for("social_worker").get(reverse("recording_player", args=[copy.pk]))
    text = page.content.decode()
    assert "Where this recording came from" in text
    assert "Handed over after a covert recording was found" in text
    assert "Placed on the timeline of the council" in text
    assert "jumps forward" in text
    assert "jumps back" in text
    assert "of the meeting is not in it" in text


def test_with_no_council_recording_only_its_metadata_and_hash_are_kept(world: World) -> None:
    samples, rate = conference()
    copy = family_copy(world, encode(pieces(samples, rate, (0.0, 30.0)), rate, MP3_8K), "a.mp3")
    report = run_the_comparison()
    assert report.outcome == AlignmentReport.Outcome.NO_REFERENCE
    assert report.reference is None
    assert "could not be placed" in report.result["reason"]
    assert copy.receipt.metadata["codec"] == "mp3"
    assert copy.receipt.metadata["sample_rate"] == 8_000

    text = world.client_for("chair").get(reverse("recording_player", args=[copy.pk]))
    page = text.content.decode()
    assert "Alignment was not possible: the council has no recording of this meeting" in page
    assert copy.sha256 in page


def test_a_recording_of_another_meeting_does_not_match(world: World) -> None:
    council_recording(world)
    samples, rate = another_meeting()
    copy = family_copy(world, encode(samples, rate, AAC_M4A))
    report = run_the_comparison()
    assert report.recording == copy
    assert report.outcome == AlignmentReport.Outcome.NO_MATCH
    assert Alignment.from_dict(report.result).placements == ()
    page = world.client_for("social_worker").get(reverse("recording_player", args=[copy.pk]))
    assert "Does not match the council" in page.content.decode()


def test_the_council_recording_arriving_later_brings_the_comparison(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    samples, rate = conference()
    copy = family_copy(world, encode(pieces(samples, rate, (10.0, 70.0)), rate, MP3_8K), "a.mp3")
    assert run_the_comparison().outcome == AlignmentReport.Outcome.NO_REFERENCE
    with django_capture_on_commit_callbacks(execute=True):
        council = council_recording(world)
    report = run_the_comparison()
    assert (report.recording, report.reference) == (copy, council)
    assert report.outcome == AlignmentReport.Outcome.ALIGNED
    assert report.requested_by is None  # the system, on the council recording's arrival
    [placement] = Alignment.from_dict(report.result).placements
    assert abs(placement.meeting_start - 10.0) <= WITHIN
    assert abs(placement.meeting_end - 70.0) <= WITHIN
    # The earlier "not possible" report stays: reports are added, never replaced.
    assert [r.outcome for r in copy.alignment_reports.order_by("made_at", "id")] == [
        "no_reference",
        "aligned",
    ]
