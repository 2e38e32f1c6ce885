"""After disposal the player, the audio, the download and the court bundle all say plainly
when and under which rule it was disposed of, and the certificate's number; none crashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.context import Actor, acting_as
from onrecord.commands import main
from onrecord.disclosure.bundle import ExportError, export_bundle
from onrecord.retention.disposal import dispose
from onrecord.vault.models import Recording
from tests.support.personas import World

NOTICE = "This recording was disposed of on {day} under the retention rule"


@pytest.fixture
def disposed(warned_recording: Recording, records_manager: Any) -> tuple[Recording, int]:
    certificate = dispose(warned_recording, by=records_manager)
    return Recording.objects.get(pk=warned_recording.pk), certificate.number


def _expected(recording: Recording, number: int) -> list[str]:
    assert recording.disposed_at is not None
    return [
        f"{recording.disposed_at:%-d %B %Y}",
        "Local authority recording of a child protection meeting",
        f"certificate {number}.",
    ]


@pytest.mark.parametrize("page", ["recording_player", "recording_audio", "recording_download"])
def test_the_player_audio_and_download_say_it_was_disposed_of(
    world: World, disposed: tuple[Recording, int], page: str
) -> None:
    recording, number = disposed
    response = world.client_for("chair").get(reverse(page, args=[recording.pk]))
    assert response.status_code == 410
    text = response.content.decode()
    assert "This recording was disposed of on" in text
    for part in _expected(recording, number):
        assert part in text
    assert response["Content-Type"].startswith("text/html")


def test_others_still_get_not_found(world: World, disposed: tuple[Recording, int]) -> None:
    recording, _ = disposed
    response = world.client_for("outsider").get(reverse("recording_player", args=[recording.pk]))
    assert response.status_code == 404


def test_export_says_it_was_disposed_of(
    world: World, disposed: tuple[Recording, int], tmp_path: Path, capsys: Any
) -> None:
    recording, number = disposed
    chair = world.users["chair"]
    with (
        acting_as(Actor(chair.pk, chair.username, chair.role, "")),
        pytest.raises(ExportError, match=f"disposed of on .*certificate {number}"),
    ):
        export_bundle(recording, out=tmp_path / "bundle.zip")
    code = main(
        [
            "export",
            str(recording.pk),
            "--out",
            str(tmp_path / "cli.zip"),
            "--by",
            world.users["team_manager"].username,
        ]
    )
    assert code == 1
    assert f"certificate {number}" in capsys.readouterr().err
    assert not (tmp_path / "cli.zip").exists()
