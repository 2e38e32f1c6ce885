"""A court bundle of a recording the family brought carries its provenance report (who gave
it, how it was obtained, who received it, its hash on receipt and metadata, and every
comparison with the council's recording), listed in the signed manifest; its receipt is in the
chain of custody; the bundle verifies. A bundle of the council's own recording has none."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from onrecord.commands import main
from onrecord.disclosure.verify import verify_bundle
from onrecord.jobs import queue
from onrecord.vault.models import Recording
from tests.support.parent_copies import Stored
from tests.support.personas import World


def _export(world: World, recording: Recording, out: Path) -> None:
    code = main(
        [
            "export",
            str(recording.pk),
            "--out",
            str(out),
            "--reason",
            "Directions: disclose the mother's own recording",
            "--by",
            world.users["team_manager"].username,
        ]
    )
    assert code == 0


def test_the_bundle_of_a_familys_recording_holds_its_provenance(
    world: World, mothers_recording: Stored, tmp_path: Path
) -> None:
    recording = mothers_recording.recording
    queue.run_one("test-worker", kinds=["align_recording"])  # no council recording here
    out = tmp_path / "bundle.zip"
    _export(world, recording, out)

    with zipfile.ZipFile(out) as bundle:
        names = set(bundle.namelist())
        assert {"provenance.json", "provenance.txt"} <= names
        manifest = json.loads(bundle.read("manifest.json"))
        listed = {f["path"] for f in manifest["files"]}
        assert {"provenance.json", "provenance.txt"} <= listed
        data = json.loads(bundle.read("provenance.json"))
        text = bundle.read("provenance.txt").decode()
        custody = json.loads(bundle.read("custody.json"))["entries"]
        readme = bundle.read("README.txt").decode()

    receipt = data["receipt"]
    assert receipt["sha256"] == mothers_recording.sha256
    assert receipt["obtained"] == "own_device"
    assert receipt["given_by"] == "Dana Whitfield"
    assert receipt["metadata"]["sample_rate"] == 16_000
    [comparison] = data["comparisons"]
    assert comparison["outcome"] == "no_reference"
    assert f"SHA-256 on receipt:   {mothers_recording.sha256}" in text
    assert "Handed over by:       Dana Whitfield" in text
    assert "Alignment was not possible: the council has no recording of this meeting" in text
    assert "provenance.json/.txt" in readme
    actions = [e.get("action") for e in custody]
    assert "vault.provenance_received" in actions
    assert "vault.provenance_aligned" in actions
    assert verify_bundle(out).ok


def test_the_councils_own_recording_has_no_provenance_file(
    world: World, recording: Recording, tmp_path: Path
) -> None:
    out = tmp_path / "bundle.zip"
    _export(world, recording, out)
    with zipfile.ZipFile(out) as bundle:
        assert not {"provenance.json", "provenance.txt"} & set(bundle.namelist())
