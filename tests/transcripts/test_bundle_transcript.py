"""A court bundle carries the recording's transcript when there is one: as read, as captions
and as data, listed in the signed manifest so a changed byte is caught; unchecked words marked,
and the files say a machine made it and the audio is the record. No transcript, no files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from onrecord.audit.context import Actor, acting_as
from onrecord.disclosure.bundle import export_bundle
from onrecord.disclosure.verify import verify_bundle
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, transcribed


def _export(world: World, recording: Recording, out: Path) -> dict[str, bytes]:
    legal = world.users["legal"]
    with acting_as(Actor(legal.pk, legal.username, legal.role, "10.0.0.9")):
        export_bundle(recording, out=out, reason="C100 directions")
    assert verify_bundle(out).ok
    with zipfile.ZipFile(out) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def test_the_transcript_goes_into_the_signed_bundle(
    world: World, recording: Recording, engine: FakeEngine, tmp_path: Path
) -> None:
    transcribed(world, recording)
    files = _export(world, recording, tmp_path / "bundle.zip")

    manifest = json.loads(files["manifest.json"])
    listed = {entry["path"] for entry in manifest["files"]}
    assert {
        "transcript/transcript.json",
        "transcript/transcript.txt",
        "transcript/transcript.vtt",
    } <= listed
    text = files["transcript/transcript.txt"].decode()
    assert "This meeting is recorded." in text
    assert "agree. [?]" in text  # the unchecked low-confidence word is marked
    assert "The audio recording is the original record" in text
    assert recording.sha256 in text
    assert files["transcript/transcript.vtt"].startswith(b"WEBVTT")
    data = json.loads(files["transcript/transcript.json"])
    assert data["recording"] == str(recording.pk)
    assert data["version"] == 1
    assert data["version_written_by"] == "speech-to-text"
    assert data["words_to_check"] == 2
    assert len(data["words"]) == 12


def test_no_transcript_no_transcript_files(
    world: World, recording: Recording, tmp_path: Path
) -> None:
    files = _export(world, recording, tmp_path / "bundle.zip")
    assert not [name for name in files if name.startswith("transcript/")]
