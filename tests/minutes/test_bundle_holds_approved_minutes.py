"""Approved minutes go into the court bundle as minutes/approved.json and .txt, listed in the
signed manifest, and the bundle still verifies offline; draft minutes do not go in, and a
change after approval leaves the approved version in the bundle."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.audit.context import Actor, acting_as
from onrecord.authority_key import KeySet
from onrecord.disclosure.bundle import export_bundle
from onrecord.disclosure.verify import verify_bundle
from onrecord.minutes import services
from onrecord.minutes.models import MinutesVersion
from onrecord.vault.models import Recording
from tests.support.personas import World

KEY = Ed25519PrivateKey.generate()


def _export(ran: World, recording: Recording, out: Path) -> dict[str, bytes]:
    manager = ran.users["team_manager"]
    with acting_as(Actor(manager.pk, manager.username, manager.role, "10.0.0.8")):
        export_bundle(recording, out=out, reason="Directions", signing_key=KEY)
    report = verify_bundle(out, trusted=KeySet.of(KEY.public_key()))
    assert report.ok, report.problems
    with zipfile.ZipFile(out) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def test_approved_minutes_are_in_the_signed_bundle(
    drafted: MinutesVersion, ran: World, recording: Recording, tmp_path: Path
) -> None:
    services.save_changes(
        ran.meeting,
        by=ran.users["chair"],
        changes={"items": {str(drafted.content["items"][4]["id"]): {"decisions": "Plan agreed."}}},
        based_on=1,
    )
    services.approve(ran.meeting, by=ran.users["chair"], based_on=2)
    members = _export(ran, recording, tmp_path / "bundle.zip")
    approved = json.loads(members["minutes/approved.json"])
    assert (approved["version"], approved["approved"]) == (2, True)  # approval adds no version
    assert approved["approved_by"] == "Priya Shah"
    assert approved["later_unapproved_version"] is None
    assert approved["content"]["items"][4]["decisions"] == "Plan agreed."
    text = members["minutes/approved.txt"].decode()
    assert "Version 2, approved by Priya Shah" in text
    assert "Plan agreed." in text
    listed = {f["path"] for f in json.loads(members["manifest.json"])["files"]}
    assert {"minutes/approved.json", "minutes/approved.txt"} <= listed


def test_tampering_with_the_approved_minutes_is_caught(
    drafted: MinutesVersion, ran: World, recording: Recording, tmp_path: Path
) -> None:
    services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    members = _export(ran, recording, tmp_path / "bundle.zip")
    members["minutes/approved.txt"] = members["minutes/approved.txt"].replace(b"Priya", b"Pryia")
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    report = verify_bundle(forged)
    assert "minutes/approved.txt: SHA-256 does not match the manifest" in report.problems


def test_draft_minutes_stay_out(
    drafted: MinutesVersion, ran: World, recording: Recording, tmp_path: Path
) -> None:
    members = _export(ran, recording, tmp_path / "bundle.zip")
    assert not any(name.startswith("minutes/") for name in members)


def test_a_later_unapproved_change_is_named_but_not_disclosed(
    drafted: MinutesVersion, ran: World, recording: Recording, tmp_path: Path
) -> None:
    services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    services.save_changes(
        ran.meeting, by=ran.users["social_worker"], changes={"notes": "Unchecked"}, based_on=1
    )
    members = _export(ran, recording, tmp_path / "bundle.zip")
    approved = json.loads(members["minutes/approved.json"])
    assert (approved["version"], approved["later_unapproved_version"]) == (1, 2)
    assert "Unchecked" not in members["minutes/approved.txt"].decode()
