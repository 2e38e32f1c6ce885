"""A single changed byte anywhere in a bundle, a file added or taken out, or a signature by
another key: `verify-bundle` fails and names exactly what is wrong."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.authority_key import KeySet, fingerprint, public_pem
from onrecord.commands import main
from onrecord.disclosure.verify import verify_bundle
from tests.disclosure.conftest import Mutation, flip, rewritten


def _custody_link(members: dict[str, bytes]) -> None:
    """One byte of one entry's link: the manifest's hash of the extract catches it first."""
    flip(members, "custody.json", members["custody.json"].index(b'"prev_hash": "') + 20)


def _extra(members: dict[str, bytes]) -> None:
    members["audio/extra.wav"] = b"RIFF"


def _removed(members: dict[str, bytes]) -> None:
    del members["statement.txt"]


def _other_key(members: dict[str, bytes]) -> None:
    other = Ed25519PrivateKey.generate()
    members["manifest.sig"] = base64.b64encode(other.sign(members["manifest.json"]))
    members["signing_key.pub"] = public_pem(other.public_key())


CASES: list[tuple[str, Mutation, str]] = [
    (
        "audio",
        lambda m: flip(m, "audio/original.wav", 3000),
        "audio/original.wav: SHA-256 does not match the manifest",
    ),
    (
        "manifest",
        lambda m: flip(m, "manifest.json", 40),
        "manifest.json: signature does not verify",
    ),
    (
        "statement",
        lambda m: flip(m, "statement.json", 60),
        "statement.json: SHA-256 does not match the manifest",
    ),
    (
        "statement text",
        lambda m: flip(m, "statement.txt", 30),
        "statement.txt: SHA-256 does not match the manifest",
    ),
    ("audit extract", _custody_link, "custody.json: SHA-256 does not match the manifest"),
    (
        "minutes",
        lambda m: flip(m, "minutes.json", 20),
        "minutes.json: SHA-256 does not match the manifest",
    ),
    ("signature", lambda m: flip(m, "manifest.sig", 5), "manifest.json: signature does not verify"),
    ("extra file", _extra, "audio/extra.wav: not listed in the manifest"),
    ("removed file", _removed, "statement.txt: missing from the bundle"),
]


@pytest.mark.parametrize(("what", "mutate", "named"), CASES, ids=[c[0] for c in CASES])
def test_each_change_is_detected_and_named(
    bundle: Path, tmp_path: Path, what: str, mutate: Mutation, named: str
) -> None:
    tampered = rewritten(bundle, tmp_path / "tampered.zip", mutate)
    report = verify_bundle(tampered)
    assert not report.ok
    assert named in report.problems, report.problems


def test_the_command_names_it_and_exits_1(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tampered = rewritten(bundle, tmp_path / "t.zip", lambda m: flip(m, "audio/original.wav", 100))
    assert main(["verify-bundle", str(tampered)]) == 1
    err = capsys.readouterr().err
    assert "audio/original.wav: SHA-256 does not match the manifest" in err
    assert "NOT verified" in err


def test_another_key_is_caught_by_the_published_key(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as zf:
        published = zf.read("signing_key.pub")
    forged = rewritten(bundle, tmp_path / "forged.zip", _other_key)
    # Re-signed by someone else with their key put inside: the key it carries is never trusted,
    # so neither this installation's keys ...
    report = verify_bundle(forged)
    assert "manifest.json: signature does not verify" in report.problems
    # ... nor the key the council publishes verify it.
    report = verify_bundle(forged, public_key_pem=published)
    assert "manifest.json: signature does not verify" in report.problems
    assert any("which is not trusted" in n for n in report.notes)


def test_a_resigned_audit_extract_with_a_broken_link_is_named(bundle: Path, tmp_path: Path) -> None:
    """Even when whoever changed the extract also re-listed it and re-signed the manifest, the
    extract's own hash links name the broken entry."""
    key = Ed25519PrivateKey.generate()

    def relink(members: dict[str, bytes]) -> None:
        custody = json.loads(members["custody.json"])
        entries = custody["entries"]
        entries[2]["prev_hash"] = "f" * 64  # an entry dropped or replaced before it
        members["custody.json"] = json.dumps(custody).encode()
        manifest = json.loads(members["manifest.json"])
        for entry in manifest["files"]:
            if entry["path"] == "custody.json":
                entry["sha256"] = hashlib.sha256(members["custody.json"]).hexdigest()
                entry["size"] = len(members["custody.json"])
        manifest["signing_key"]["id"] = fingerprint(key.public_key())
        members["manifest.json"] = json.dumps(manifest).encode()
        members["manifest.sig"] = base64.b64encode(key.sign(members["manifest.json"]))
        members["signing_key.pub"] = public_pem(key.public_key())

    tampered = rewritten(bundle, tmp_path / "relinked.zip", relink)
    # Trusting the key it was re-signed with, to see the extract's own checks at work.
    report = verify_bundle(tampered, trusted=KeySet.of(key.public_key()))
    with zipfile.ZipFile(bundle) as zf:
        seqs = [e["seq"] for e in json.loads(zf.read("custody.json"))["entries"]]
    assert report.problems == [f"custody.json: entry {seqs[2]} does not link to entry {seqs[1]}"]


def test_an_edited_audit_entry_is_named(bundle: Path, tmp_path: Path) -> None:
    """A full entry changed (who exported it), re-listed and re-signed: its hash names it."""
    key = Ed25519PrivateKey.generate()
    edited: list[int] = []

    def edit(members: dict[str, bytes]) -> None:
        custody = json.loads(members["custody.json"])
        entry = next(e for e in custody["entries"] if e.get("action") == "vault.export")
        entry["actor_username"] = "someone.else"
        edited.append(entry["seq"])
        members["custody.json"] = json.dumps(custody).encode()
        manifest = json.loads(members["manifest.json"])
        for listed in manifest["files"]:
            if listed["path"] == "custody.json":
                listed["sha256"] = hashlib.sha256(members["custody.json"]).hexdigest()
                listed["size"] = len(members["custody.json"])
        manifest["signing_key"]["id"] = fingerprint(key.public_key())
        members["manifest.json"] = json.dumps(manifest).encode()
        members["manifest.sig"] = base64.b64encode(key.sign(members["manifest.json"]))
        members["signing_key.pub"] = public_pem(key.public_key())

    report = verify_bundle(
        rewritten(bundle, tmp_path / "edited.zip", edit), trusted=KeySet.of(key.public_key())
    )
    assert report.problems == [
        f"custody.json: entry {edited[0]} does not match its hash: it was changed"
    ]
