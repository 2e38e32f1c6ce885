"""A bundle's chain of custody stays small however long the audit trail grows: the entries about
the recording, each with an inclusion proof against a checkpoint signed at export, published
outside the database once the export commits, and a consistency proof from the checkpoint
published before it; each proof verifies offline, and any change to one is named (issue 16,
failure 2: custody.json was 1.1 MB after about 5,000 entries)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from onrecord.audit import checkpoints, services
from onrecord.audit.chain import GENESIS_HASH
from onrecord.audit.models import AuditEvent
from onrecord.commands import main
from onrecord.disclosure.verify import verify_bundle
from onrecord.vault.models import Recording
from tests.disclosure.conftest import rewritten
from tests.disclosure.test_bundle_tamper import _relisted
from tests.support.personas import World

Capture = Callable[..., Any]


def _unrelated(count: int) -> None:
    """`count` audit entries about other matters, chained as record() chains them (in bulk)."""
    last = AuditEvent.objects.order_by("-seq").first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    now = dt.datetime.now(dt.UTC)
    events = []
    for i in range(count):
        seq += 1
        event = AuditEvent(
            seq=seq, occurred_at=now, actor_username="someone", action="view",
            object_type="cases.case", object_id=f"other-{i}", detail={}, prev_hash=prev,
        )  # fmt: skip
        event.hash = event.compute_hash()
        prev = event.hash
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=1000)


def _export(world: World, recording: Recording, out: Path) -> dict[str, Any]:
    code = main(
        [
            "export",
            str(recording.pk),
            "--out",
            str(out),
            "--by",
            world.users["team_manager"].username,
        ]
    )
    assert code == 0
    with zipfile.ZipFile(out) as zf:
        custody: dict[str, Any] = json.loads(zf.read("custody.json"))
        custody["_bytes"] = len(zf.read("custody.json"))
    return custody


@pytest.mark.django_db
def test_custody_stays_small_after_thousands_of_other_entries(
    world: World, recording: Recording, tmp_path: Path
) -> None:
    _unrelated(5000)
    custody = _export(world, recording, tmp_path / "bundle.zip")
    assert custody["_bytes"] < 20_000, custody["_bytes"]
    assert verify_bundle(tmp_path / "bundle.zip").ok
    assert checkpoints.parse_own(custody["checkpoint"]).size == AuditEvent.objects.count() - 1
    # (the last entry, vault.exported, is written after the bundle is complete)


@pytest.mark.django_db
def test_the_export_publishes_its_checkpoint_when_it_commits(
    world: World, recording: Recording, tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        custody = _export(world, recording, tmp_path / "bundle.zip")
    files = list(Path(settings.ONRECORD_AUDIT_CHECKPOINTS).glob("*.checkpoint"))
    assert [f.read_text() for f in files] == [custody["checkpoint"]]
    assert services.verify().ok


@pytest.mark.django_db
def test_a_consistency_proof_from_the_checkpoint_published_before(
    world: World, recording: Recording, tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        earlier = services.write_checkpoint()
    assert earlier is not None
    _unrelated(50)
    custody = _export(world, recording, tmp_path / "bundle.zip")
    assert checkpoints.parse_own(custody["previous_checkpoint"]) == earlier
    assert custody["consistency_proof"]
    assert verify_bundle(tmp_path / "bundle.zip").ok

    def shorten(members: dict[str, bytes]) -> None:
        changed = json.loads(members["custody.json"])
        changed["consistency_proof"] = changed["consistency_proof"][1:]
        _relisted(members, changed)

    report = verify_bundle(rewritten(tmp_path / "bundle.zip", tmp_path / "t.zip", shorten))
    assert report.problems == [
        f"custody.json: its checkpoint is not consistent with the {earlier.describe()} before "
        "it: the audit trail was rewritten in between"
    ]


@pytest.mark.django_db
def test_an_altered_inclusion_proof_or_checkpoint_is_named(
    world: World, recording: Recording, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle.zip"
    custody = _export(world, recording, bundle)
    seq = custody["entries"][0]["seq"]

    def proof(members: dict[str, bytes]) -> None:
        changed = json.loads(members["custody.json"])
        first = base64.b64decode(changed["entries"][0]["inclusion_proof"][0])
        changed["entries"][0]["inclusion_proof"][0] = base64.b64encode(first[::-1]).decode()
        _relisted(members, changed)

    def head(members: dict[str, bytes]) -> None:
        changed = json.loads(members["custody.json"])
        lines = changed["checkpoint"].split("\n")
        lines[1] = str(int(lines[1]) + 1)  # vouch for one more entry than was signed
        changed["checkpoint"] = "\n".join(lines)
        _relisted(members, changed)

    report = verify_bundle(rewritten(bundle, tmp_path / "p.zip", proof))
    assert report.problems == [
        f"custody.json: entry {seq} is not in the audit trail its checkpoint vouches for "
        "(the inclusion proof fails)"
    ]
    report = verify_bundle(rewritten(bundle, tmp_path / "h.zip", head))
    assert report.problems == [
        "custody.json: its checkpoint cannot be trusted: its signature does not verify"
    ]
