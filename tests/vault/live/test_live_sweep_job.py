"""The daily vault_sweep job also finishes browser recordings left open past
ONRECORD_LIVE_ABANDON_HOURS (a crashed laptop, a closed tab), from what arrived."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone

from onrecord.jobs import queue
from onrecord.jobs.models import Job
from onrecord.vault import jobs as vault_jobs
from onrecord.vault.live.services import receive_chunk, start_session
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, MIME, sha256, use_private_spool

assert "vault_sweep" in queue.handlers(), vault_jobs  # importing vault.jobs registers it


def test_the_daily_sweep_finishes_an_interrupted_recording(
    world: World, settings: Any, tmp_path: Path
) -> None:
    use_private_spool(settings, tmp_path)
    session = start_session(world.meeting, world.users["chair"], MIME)
    receive_chunk(session.pk, 0, CHUNKS[0])
    receive_chunk(session.pk, 1, CHUNKS[1])
    LiveSession.objects.filter(pk=session.pk).update(
        last_chunk_at=timezone.now() - dt.timedelta(hours=6, minutes=1)
    )

    queue.enqueue("vault_sweep", unique_key="vault_sweep:test")
    job = queue.run_one("test-worker", kinds=["vault_sweep"])
    assert job is not None
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    recording = Recording.objects.get()
    assert job.result["live_recordings_finished"] == [str(recording.pk)]
    assert job.result["live_recordings_not_finished"] == {}
    assert recording.sha256 == sha256(CHUNKS[0] + CHUNKS[1])
    assert LiveSession.objects.get(pk=session.pk).status == LiveSession.Status.FINISHED
