"""The vault is swept daily by the job queue: one sweep per day is queued however many workers
run, and it removes an old orphan blob but never a recording's own blob."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from onrecord.cases.models import Meeting
from onrecord.jobs import queue
from onrecord.jobs.models import Job
from onrecord.jobs.worker import queue_periodic
from onrecord.vault import jobs as vault_jobs
from onrecord.vault.ingest import default_store, ingest
from onrecord.vault.storage import FileBlobStore, blob_name_for
from tests.vault import audio

assert "vault_sweep" in queue.handlers(), vault_jobs  # importing vault.jobs registers it


@pytest.fixture
def private_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("ONRECORD_VAULT_KEYS", raising=False)
    with override_settings(DATA_DIR=tmp_path):
        yield tmp_path


def test_one_sweep_a_day_removes_old_orphans_only(private_vault: Path, meeting: Meeting) -> None:
    recording = ingest(io.BytesIO(audio.wav(0.5)), meeting=meeting, kind="authority")
    store = default_store()
    assert isinstance(store, FileBlobStore)
    orphan = blob_name_for("0123abcd-0000-4000-8000-000000000001")
    pending = store.begin(orphan)
    pending.write(b"no row")
    pending.commit()
    os.utime(store.root / orphan, (0, 0))
    os.utime(store.root / recording.blob_name, (0, 0))

    queue_periodic()
    queue_periodic()
    assert Job.objects.filter(kind="vault_sweep").count() == 1
    job = queue.run_one("test-worker", kinds=["vault_sweep"])
    assert job is not None
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result["orphans_removed"] == [orphan]
    assert not store.exists(orphan)
    assert store.exists(recording.blob_name)
