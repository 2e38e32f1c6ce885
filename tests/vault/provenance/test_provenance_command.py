"""`onrecord vault provenance ID --by USER [--compare]` prints a family's recording's
provenance report (the bundle's provenance.txt) for staff allocated to the case, audited; it
refuses others and recordings that have no receipt."""

from __future__ import annotations

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.commands import main
from onrecord.vault.models import Recording
from onrecord.vault.models.provenance import AlignmentReport
from tests.support.parent_copies import Stored
from tests.support.personas import World


def test_staff_print_the_report_and_compare_now(
    world: World, mothers_recording: Stored, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = mothers_recording.recording
    code = main(["vault", "provenance", str(recording.pk), "--by", "tom.bennett", "--compare"])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("Provenance of a recording brought by the family")
    assert f"SHA-256 on receipt:   {recording.sha256}" in out
    assert "Alignment was not possible: the council has no recording of this meeting" in out
    report = AlignmentReport.objects.get(recording=recording)
    assert report.requested_by == world.users["social_worker"]
    viewed = AuditEvent.objects.filter(action="view", object_id=str(recording.pk)).latest("seq")
    assert (viewed.actor_username, viewed.detail["via"]) == ("tom.bennett", "cli")
    assert viewed.ip_address.startswith("cli:")


def test_others_and_recordings_without_a_receipt_are_refused(
    world: World,
    mothers_recording: Stored,
    recording: Recording,
    capsys: pytest.CaptureFixture[str],
) -> None:
    family = str(mothers_recording.recording.pk)
    assert main(["vault", "provenance", family, "--by", "dana.whitfield"]) == 1
    assert main(["vault", "provenance", family, "--by", "westford.chair"]) == 1
    assert "may not see this recording's provenance" in capsys.readouterr().err
    assert main(["vault", "provenance", str(recording.pk), "--by", "tom.bennett"]) == 1
    assert "has no provenance report" in capsys.readouterr().err
    assert not AlignmentReport.objects.exists()
