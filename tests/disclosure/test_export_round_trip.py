"""`onrecord export` builds a bundle that `onrecord verify-bundle` verifies: the audio exactly
as stored, the statement, the minutes, the chain of custody, a manifest and its signature."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from onrecord.audit import services as audit
from onrecord.audit.models import AuditEvent
from onrecord.commands import main
from onrecord.disclosure.verify import verify_bundle
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.vault import audio


def test_the_bundle_holds_everything(bundle: Path, recording: Recording) -> None:
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        assert names == {
            "audio/original.wav",
            "statement.json",
            "statement.txt",
            "minutes.json",
            "minutes.txt",
            "custody.json",
            "README.txt",
            "manifest.json",
            "manifest.sig",
            "signing_key.pub",
        }
        original = zf.read("audio/original.wav")
        assert original == audio.wav(1.0)
        assert hashlib.sha256(original).hexdigest() == recording.sha256
        manifest = json.loads(zf.read("manifest.json"))
        listed = {f["path"]: f for f in manifest["files"]}
        assert set(listed) == names - {"manifest.json", "manifest.sig", "signing_key.pub"}
        for name, entry in listed.items():
            data = zf.read(name)
            assert (entry["sha256"], entry["size"]) == (hashlib.sha256(data).hexdigest(), len(data))
        statement = json.loads(zf.read("statement.json"))
        assert statement["content"]["times_from"] == "meeting log"
        assert "Meeting ended: 11:47" in zf.read("statement.txt").decode()
        minutes = json.loads(zf.read("minutes.json"))["entries"]
        assert [m["summary"] for m in minutes] == ["Recording paused for item 3 (sensitive)"]
        custody = json.loads(zf.read("custody.json"))["entries"]
    full = [e for e in custody if "action" in e]
    assert full[0]["action"] == "vault.ingest"
    assert full[0]["detail"]["sha256"] == recording.sha256
    export = next(e for e in full if e["action"] == "vault.export")
    assert export["actor_username"] == "grace.owusu"
    assert export["detail"]["reason"].startswith("Directions of 3 March")
    assert export["ip_address"].startswith("cli:")
    assert (full[-1]["action"], full[-1]["detail"]["purpose"]) == ("vault.open", "export")
    # Only the entries about the recording, each proved to be in the signed trail.
    assert all(
        e["object_id"] == str(recording.pk)
        for e in custody
        if e["object_type"] == "vault.recording"
    )
    assert all(e["inclusion_proof"] for e in custody)
    assert [e["seq"] for e in custody] == sorted({e["seq"] for e in custody})
    assert verify_bundle(bundle).ok


def test_the_export_is_audited_and_the_trail_still_verifies(
    bundle: Path, recording: Recording
) -> None:
    done = AuditEvent.objects.get(action="vault.exported", object_id=str(recording.pk))
    with zipfile.ZipFile(bundle) as zf:
        assert (
            done.detail["manifest_sha256"] == hashlib.sha256(zf.read("manifest.json")).hexdigest()
        )
    assert done.actor_username == "grace.owusu"
    assert audit.verify().ok


def test_verify_bundle_command(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["signing-key"]) == 0
    printed = capsys.readouterr().out
    assert "fingerprint (SHA-256): " in printed
    key_file = tmp_path / "council-keys.txt"
    key_file.write_text(printed)
    assert main(["verify-bundle", str(bundle), "--trusted-keys", str(key_file)]) == 0
    assert capsys.readouterr().out.strip().endswith("verified")
    # On the authority's own machine: its configured key set, never the bundle's own key.
    assert main(["verify-bundle", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "by the authority's key" in out
    assert out.strip().endswith("verified")


def test_export_refuses_to_overwrite(world: World, bundle: Path, recording: Recording) -> None:
    before = bundle.read_bytes()
    code = main(
        ["export", str(recording.pk), "--out", str(bundle), "--by", world.users["chair"].username]
    )
    assert code == 1
    assert bundle.read_bytes() == before


def test_the_bundle_is_private(bundle: Path) -> None:
    assert bundle.stat().st_mode & 0o077 == 0
