"""Checkpoints are written outside the database, write-once and private (0600 files in a 0700
directory), by the hourly job and on demand, appended to a witness file with a consistency
proof from the one before; a checkpoint signed by another key is not trusted; the witness alone
still catches a truncation after the checkpoint directory was emptied."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.test import override_settings

from onrecord.audit import checkpoints, services
from onrecord.audit.tree_head import Checkpoint, now_stamp, sign
from onrecord.commands import main
from onrecord.jobs import queue
from onrecord.jobs.models import Job
from onrecord.jobs.worker import PERIODIC, queue_periodic
from tests.audit.tamper import delete_newest

Capture = Callable[..., Any]
pytestmark = pytest.mark.django_db


def _append(n: int) -> None:
    for i in range(n):
        services.record("view", object_type="cases.case", object_id=f"c{i}")


def test_files_are_private_and_written_once(django_capture_on_commit_callbacks: Capture) -> None:
    _append(2)
    with django_capture_on_commit_callbacks(execute=True):
        written = services.write_checkpoint()
    assert written is not None
    folder = Path(settings.ONRECORD_AUDIT_CHECKPOINTS)
    files = list(folder.glob("*.checkpoint"))
    assert len(files) == 1
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert checkpoints.parse_own(files[0].read_text()) == written
    # Nothing new: no second file.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.write_checkpoint() is None
    assert len(list(folder.glob("*.checkpoint"))) == 1
    assert services.verify().ok


def test_a_checkpoint_is_published_only_when_its_entries_commit(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _append(1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.write_checkpoint()
    assert len(callbacks) == 1  # waiting for the commit: a rollback publishes nothing
    assert list(Path(settings.ONRECORD_AUDIT_CHECKPOINTS).glob("*.checkpoint")) == []


def test_the_hourly_job_writes_one(django_capture_on_commit_callbacks: Capture) -> None:
    assert PERIODIC["audit_checkpoint"] == "%Y-%m-%dT%H"
    _append(1)
    queue_periodic()
    with django_capture_on_commit_callbacks(execute=True):
        job = queue.run_one("test", kinds=["audit_checkpoint"])
    assert job is not None
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.result["written"] is True
    assert len(list(Path(settings.ONRECORD_AUDIT_CHECKPOINTS).glob("*.checkpoint"))) == 1


def test_the_command_writes_one(
    django_capture_on_commit_callbacks: Capture, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(1)
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["audit-checkpoint"]) == 0
    assert "signed and stored a checkpoint of" in capsys.readouterr().out


def test_a_checkpoint_signed_by_another_key_is_not_trusted() -> None:
    _append(1)
    forged = sign(
        Checkpoint(checkpoints.origin(), 1, b"\0" * 32, now_stamp()), Ed25519PrivateKey.generate()
    )
    (Path(settings.ONRECORD_AUDIT_CHECKPOINTS) / "000000000001-forged.checkpoint").write_text(
        forged
    )
    report = services.verify()
    assert not report.ok
    assert report.problems == [
        "checkpoint 000000000001-forged.checkpoint cannot be trusted: "
        "it is not signed by the authority's key"
    ]


def test_the_witness_keeps_a_consistency_proof_and_catches_truncation_alone(
    tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    witness = tmp_path / "witness" / "onrecord-audit.jsonl"
    witness.parent.mkdir()
    with override_settings(ONRECORD_AUDIT_WITNESS=str(witness)):
        _append(2)
        with django_capture_on_commit_callbacks(execute=True):
            first = services.write_checkpoint()
        _append(3)
        with django_capture_on_commit_callbacks(execute=True):
            second = services.write_checkpoint()
        assert first is not None
        assert second is not None
        lines = [json.loads(line) for line in witness.read_text().splitlines()]
        assert [checkpoints.parse_own(r["checkpoint"]).size for r in lines] == [
            first.size,
            second.size,
        ]
        assert lines[1]["from_size"] == first.size
        assert lines[1]["consistency"]
        assert stat.S_IMODE(witness.stat().st_mode) == 0o600
        assert services.verify().ok
        # Whoever deletes the checkpoint files too is still caught by the witness.
        for path in Path(settings.ONRECORD_AUDIT_CHECKPOINTS).glob("*.checkpoint"):
            path.unlink()
        delete_newest(1)
        report = services.verify()
        assert not report.ok
        assert "TRUNCATED: checkpoint onrecord-audit.jsonl line 2" in report.problems[0]


def test_a_witness_line_that_is_not_consistent_with_the_one_before_is_named(
    tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    witness = tmp_path / "witness.jsonl"
    with override_settings(ONRECORD_AUDIT_WITNESS=str(witness)):
        _append(2)
        with django_capture_on_commit_callbacks(execute=True):
            services.write_checkpoint()
        _append(2)
        with django_capture_on_commit_callbacks(execute=True):
            services.write_checkpoint()
        records = [json.loads(line) for line in witness.read_text().splitlines()]
        records[1]["consistency"] = records[1]["consistency"][:-1]
        witness.write_text("".join(json.dumps(r) + "\n" for r in records))
        problems = services.verify().problems
    assert problems == [
        f"checkpoint witness.jsonl line 2 cannot be trusted: is not consistent with the "
        f"checkpoint of {records[1]['from_size']} entries witnessed before it: the log was "
        "rewritten between them"
    ]
