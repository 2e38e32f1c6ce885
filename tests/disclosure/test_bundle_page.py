"""The bundle page is the web twin of `onrecord export`: staff allocated to the case give a
reason and download a signed bundle that verifies; everyone else is refused and the refusal is
audited; nothing is left on the server's disk once it is sent."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.disclosure.verify import verify_bundle
from onrecord.vault.models import Recording
from tests.support.personas import World

REASON = "Court's directions of 3 March, paragraph 4"


def _url(recording: Recording) -> str:
    return reverse("recording_bundle", args=[recording.pk])


@pytest.mark.parametrize("persona", ["legal", "team_manager", "chair", "social_worker"])
def test_staff_on_the_case_download_a_bundle_that_verifies(
    world: World, recording: Recording, tmp_path: Path, persona: str
) -> None:
    client = world.client_for(persona)
    page = client.get(_url(recording))
    assert page.status_code == 200
    assert "Make a disclosure bundle" in page.content.decode()

    response = client.post(_url(recording), {"reason": REASON, "confirm": "on"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    pieces = iter(response.streaming_content)  # type: ignore[attr-defined]
    first = next(pieces)
    # While it is being sent, no file on this node holds the bundle in the clear (issue 15):
    # it streams from a nameless scratch file encrypted under a key only memory holds.
    assert _files_holding(first[:4096]) == []
    body = first + b"".join(pieces)
    assert int(response["Content-Length"]) == len(body)
    out = tmp_path / "bundle.zip"
    out.write_bytes(body)
    report = verify_bundle(out)
    assert report.ok, report
    with zipfile.ZipFile(io.BytesIO(body)) as bundle:
        assert any(name.startswith("audio/original.") for name in bundle.namelist())
    export = AuditEvent.objects.get(action="vault.export")
    user = world.users[persona]
    assert (export.actor_username, export.detail["reason"]) == (user.username, REASON)
    assert AuditEvent.objects.filter(action="vault.exported").count() == 1
    assert _files_holding(body[-4096:]) == []
    bundles = Path(settings.DATA_DIR) / "bundles"
    assert not bundles.exists() or list(bundles.iterdir()) == []


def _files_holding(needle: bytes) -> list[Path]:
    """Every file under the data directory whose bytes contain `needle`."""
    found = []
    for path in Path(settings.DATA_DIR).rglob("*"):
        if path.is_file() and not path.is_symlink() and needle in path.read_bytes():
            found.append(path)
    return found


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mother", 404), ("nurse", 404), ("outsider", 404), ("other_authority", 404), ("admin", 404)],
)
def test_others_are_refused_and_the_refusal_audited(
    world: World, recording: Recording, persona: str, status: int
) -> None:
    client = world.client_for(persona)
    assert client.get(_url(recording)).status_code == status
    response = client.post(_url(recording), {"reason": REASON, "confirm": "on"})
    assert response.status_code == status
    assert not AuditEvent.objects.filter(action__startswith="vault.export").exists()
    assert AuditEvent.objects.filter(action="access_denied", object_id=str(recording.pk)).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"confirm": "on"}, "Say why you are making the bundle"),
        ({"reason": "   ", "confirm": "on"}, "Say why you are making the bundle"),
        ({"reason": REASON}, "Confirm that you will keep the bundle secure"),
        ({"reason": "x" * 501, "confirm": "on"}, "at most 500 characters"),
    ],
)
def test_a_missing_reason_or_confirmation_makes_nothing(
    world: World, recording: Recording, data: dict[str, str], message: str
) -> None:
    response = world.client_for("legal").post(_url(recording), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="vault.export").exists()


def test_the_player_links_to_the_page_only_for_those_who_may_use_it(
    world: World, recording: Recording
) -> None:
    link = _url(recording)
    player = reverse("recording_player", args=[recording.pk])
    assert link in world.client_for("legal").get(player).content.decode()
    recording_of_hers = world.client_for("mother").get(player)
    assert recording_of_hers.status_code == 404
