"""`onrecord retention`: list what is due, dispose with the same checks, holds, schedule."""

from __future__ import annotations

from typing import Any

from onrecord.commands import main
from onrecord.vault.models import LegalHold, Recording
from tests.support.personas import World


def test_list_and_dispose(
    world: World, warned_recording: Recording, records_manager: Any, capsys: Any
) -> None:
    assert main(["retention"]) == 0
    out = capsys.readouterr().out
    assert f"{warned_recording.pk}  due " in out
    assert "ready" in out

    assert main(["retention", "--dispose", str(warned_recording.pk), "--by", "tom.bennett"]) == 1
    assert "may not dispose of recordings" in capsys.readouterr().err
    assert Recording.objects.get(pk=warned_recording.pk).disposed_at is None

    code = main(["retention", "--dispose", str(warned_recording.pk), "--by", "rita.records"])
    assert code == 0
    assert "certificate" in capsys.readouterr().out
    assert Recording.objects.get(pk=warned_recording.pk).disposed_at is not None

    assert main(["retention", "--dispose", str(warned_recording.pk), "--by", "rita.records"]) == 1
    assert "was disposed of on" in capsys.readouterr().err


def test_holds_from_the_command_line(
    world: World, warned_recording: Recording, records_manager: Any, capsys: Any
) -> None:
    args = ["--reference", "ZC1", "--reason", "Proceedings", "--by", "helen.ward"]
    assert main(["retention", "--hold-case", str(world.case.pk), *args]) == 0
    hold = LegalHold.objects.get()
    assert main(["retention", "--dispose", str(warned_recording.pk), "--by", "rita.records"]) == 1
    assert "under legal hold (ZC1" in capsys.readouterr().err
    assert main(["retention", "--lift", str(hold.pk), "--by", "helen.ward"]) == 1
    assert "Enter the reason" in capsys.readouterr().err
    lift = ["retention", "--lift", str(hold.pk), "--reason", "Done", "--by", "helen.ward"]
    assert main(lift) == 0
    assert main(["retention", "--hold-case", str(world.case.pk), *args[:-1], "dana.whitfield"]) == 1
    assert "may not place legal holds" in capsys.readouterr().err


def test_check_schedule(short_retention: Any, capsys: Any) -> None:
    assert main(["retention", "--check-schedule"]) == 0
    out = capsys.readouterr().out
    assert "Retention schedule OK" in out
    assert "kept for 1 year after the meeting" in out
