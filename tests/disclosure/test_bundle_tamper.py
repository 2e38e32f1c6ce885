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
from django.conf import settings

from onrecord.audit.chain import entry_hash
from onrecord.authority_key import load_signing_key, public_pem
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
    assert report.problems == ["manifest.json: signature does not verify"]
    # ... nor the key the council publishes.
    report = verify_bundle(forged, public_key_pem=published)
    assert "manifest.json: signature does not verify" in report.problems
    assert any("which is not trusted" in n for n in report.notes)


def _relisted(members: dict[str, bytes], custody: dict[str, object]) -> None:
    """The extract put back, listed in the manifest and the manifest signed again with the
    authority's own key: only the extract's own proofs can tell."""
    key = load_signing_key(settings.DATA_DIR)
    members["custody.json"] = json.dumps(custody).encode()
    manifest = json.loads(members["manifest.json"])
    for listed in manifest["files"]:
        if listed["path"] == "custody.json":
            listed["sha256"] = hashlib.sha256(members["custody.json"]).hexdigest()
            listed["size"] = len(members["custody.json"])
    members["manifest.json"] = json.dumps(manifest).encode()
    members["manifest.sig"] = base64.b64encode(key.sign(members["manifest.json"]))


def test_a_resigned_audit_extract_with_a_rewritten_entry_is_named(
    bundle: Path, tmp_path: Path
) -> None:
    """Even when whoever changed an entry recomputed its hash, re-listed the extract and re-signed
    the manifest, the entry's inclusion proof against the signed checkpoint names it."""
    changed: list[int] = []

    def rewrite(members: dict[str, bytes]) -> None:
        custody = json.loads(members["custody.json"])
        entry = custody["entries"][2]
        entry["prev_hash"] = "f" * 64  # an entry dropped or replaced before it
        entry["hash"] = entry_hash(entry)
        changed.append(entry["seq"])
        _relisted(members, custody)

    report = verify_bundle(rewritten(bundle, tmp_path / "relinked.zip", rewrite))
    assert report.problems == [
        f"custody.json: entry {changed[0]} is not in the audit trail its checkpoint vouches for "
        "(the inclusion proof fails)"
    ]


def test_an_edited_audit_entry_is_named(bundle: Path, tmp_path: Path) -> None:
    """A full entry changed (who exported it), re-listed and re-signed: its hash names it."""
    edited: list[int] = []

    def edit(members: dict[str, bytes]) -> None:
        custody = json.loads(members["custody.json"])
        entry = next(e for e in custody["entries"] if e.get("action") == "vault.export")
        entry["actor_username"] = "someone.else"
        edited.append(entry["seq"])
        _relisted(members, custody)

    report = verify_bundle(rewritten(bundle, tmp_path / "edited.zip", edit))
    assert report.problems == [
        f"custody.json: entry {edited[0]} does not match its hash: it was changed"
    ]
