"""A worker killed mid-transcription: the job is claimed again once its lease runs out, carries
on after the last finished window (earlier windows are not transcribed again), and exactly one
version 1 is written; the dead worker, waking late, can write nothing.

With the fake engine, whose scripted windows make the job's bookkeeping easy to check. The same
with the real decoder and models: test_real_audio.py (slow)."""

from __future__ import annotations

import pytest

from onrecord.jobs import queue
from onrecord.transcripts import jobs, services
from onrecord.transcripts.models import Transcript, TranscriptVersion, TranscriptWindow
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, Killed, expire_lease, job_of, run_jobs

pytestmark = pytest.mark.django_db


def test_a_killed_worker_is_resumed_from_the_last_finished_window(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    transcript = services.request_transcription(recording, by=world.users["chair"])
    engine.kill_after = 2
    with pytest.raises(Killed):
        queue.run_one("dying-worker")
    # Two windows were finished and stored before the worker died; no version exists.
    assert sorted(TranscriptWindow.objects.values_list("index", flat=True)) == [0, 1]
    assert not TranscriptVersion.objects.exists()
    job = job_of(transcript)
    assert (job.status, job.claimed_by) == ("running", "dying-worker")

    # While the lease holds, nobody else takes the job.
    assert queue.claim("impatient-worker") is None
    expire_lease(job)
    engine.kill_after = None
    engine.transcribed.clear()
    run_jobs("healthy-worker")

    assert engine.transcribed == [2], "windows 0 and 1 must not be transcribed again"
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.DONE
    version = TranscriptVersion.objects.get(transcript=transcript)
    assert version.number == 1
    assert len(version.words) == 12
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


def test_the_dead_worker_waking_late_writes_nothing(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    transcript = services.request_transcription(recording, by=world.users["chair"])
    first = queue.claim("dying-worker")
    assert first is not None
    late = queue.RunningJob(first, "dying-worker")
    expire_lease(first)
    run_jobs("healthy-worker")
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.DONE

    # The first worker wakes up and runs the handler to the end: refused, nothing written.
    result = jobs.transcribe_recording(late)
    assert result == {"skipped": "done"}
    assert TranscriptVersion.objects.filter(transcript=transcript).count() == 1
    assert not queue.finish(first, "dying-worker", {})


def test_a_worker_that_lost_its_lease_stops_at_the_next_window(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    services.request_transcription(recording, by=world.users["chair"])
    first = queue.claim("slow-worker")
    assert first is not None
    # Another worker takes the job over while the slow one is still running.
    expire_lease(first)
    second = queue.claim("new-worker")
    assert second is not None
    with pytest.raises(queue.LeaseLost):
        jobs.transcribe_recording(queue.RunningJob(first, "slow-worker"))
    assert not TranscriptWindow.objects.exists()
    assert not TranscriptVersion.objects.exists()
