"""`onrecord export` names who is exporting (--by, audited with the operating-system user) and
refuses accounts that may not have the recording: family, professionals, other authorities."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.commands import main
from onrecord.vault.models import Recording
from tests.support.personas import World


@pytest.mark.parametrize("persona", ["mother", "nurse", "outsider", "other_authority", "admin"])
def test_refused_without_access(
    world: World, recording: Recording, tmp_path: Path, persona: str
) -> None:
    out = tmp_path / "b.zip"
    code = main(
        ["export", str(recording.pk), "--out", str(out), "--by", world.users[persona].username]
    )
    assert code == 1
    assert not out.exists()
    assert not AuditEvent.objects.filter(action__startswith="vault.export").exists()


def test_unknown_account_or_recording(world: World, recording: Recording, tmp_path: Path) -> None:
    out = str(tmp_path / "b.zip")
    assert main(["export", str(recording.pk), "--out", out, "--by", "nobody"]) == 1
    assert main(["export", "not-a-uuid", "--out", out, "--by", "priya.shah"]) == 1


def test_legal_staff_may_export(world: World, recording: Recording, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    username = world.users["legal"].username
    assert main(["export", str(recording.pk), "--out", str(out), "--by", username]) == 0
    event = AuditEvent.objects.get(action="vault.export")
    assert (event.actor_username, event.detail["reason"]) == (username, "(none given)")
