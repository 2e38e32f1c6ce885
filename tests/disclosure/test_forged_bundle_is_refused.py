"""Issue 16, failure 1: a bundle whose audio was replaced, with every hash fixed (statement,
custody, manifest) and re-signed with a freshly generated key put inside it, is refused: by
`onrecord verify-bundle` with no options on the authority's machine, with the published key set
(`--trusted-keys`) and with `--public-key`; on a machine with no trusted key it is never called
verified (exit 3: content intact, signer unknown)."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.audit.chain import entry_hash
from onrecord.authority_key import KeySet, fingerprint, public_pem
from onrecord.commands import main
from onrecord.disclosure.verify import EXIT_BROKEN, EXIT_SIGNER_UNKNOWN, verify_bundle
from tests.disclosure.conftest import rewritten

FORGER = Ed25519PrivateKey.generate()


def _forge(members: dict[str, bytes]) -> None:
    """What a careful forger does: new audio, every hash that names it fixed, re-signed."""
    manifest = json.loads(members["manifest.json"])
    audio_name = manifest["recording"]["audio"]
    old_sha = manifest["recording"]["sha256"]
    audio = bytearray(members[audio_name])
    audio[2000:2100] = bytes(100)  # "the meeting said something else"
    members[audio_name] = bytes(audio)
    new_sha = hashlib.sha256(audio).hexdigest()
    for name in ("statement.json", "statement.txt"):
        members[name] = members[name].replace(old_sha.encode(), new_sha.encode())
    custody = json.loads(members["custody.json"])
    previous = None
    for entry in custody["entries"]:
        if previous is not None:
            entry["prev_hash"] = previous
        if "action" in entry:
            if entry["action"] == "vault.ingest":
                entry["detail"]["sha256"] = new_sha
            entry["hash"] = entry_hash(entry)
        previous = entry["hash"]
    members["custody.json"] = json.dumps(custody, indent=2).encode()
    manifest["recording"]["sha256"] = new_sha
    manifest["custody_head"] = previous
    for listed in manifest["files"]:
        data = members[listed["path"]]
        listed["sha256"], listed["size"] = hashlib.sha256(data).hexdigest(), len(data)
    if "signing_key" in manifest:
        manifest["signing_key"]["id"] = fingerprint(FORGER.public_key())
    members["manifest.json"] = json.dumps(manifest, indent=2).encode()
    members["manifest.sig"] = base64.b64encode(FORGER.sign(members["manifest.json"]))
    members["signing_key.pub"] = public_pem(FORGER.public_key())


@pytest.fixture
def forged(bundle: Path, tmp_path: Path) -> Path:
    path = rewritten(bundle, tmp_path / "forged.zip", _forge)
    # The forgery is consistent on its own terms, with the forger's key trusted, but for the audit
    # checkpoint in its custody extract, which only the authority's key can sign.
    assert verify_bundle(path, trusted=KeySet.of(FORGER.public_key())).problems == [
        "custody.json: its checkpoint cannot be trusted: it is not signed by the authority's key"
    ]
    return path


def test_refused_with_no_options_on_the_authoritys_machine(
    forged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify-bundle", str(forged)]) == EXIT_BROKEN
    captured = capsys.readouterr()
    assert "manifest.json: signature does not verify" in captured.err
    assert "NOT verified" in captured.err
    assert not captured.out.strip().endswith("verified")


@pytest.mark.parametrize("option", ["--trusted-keys", "--public-key"])
def test_refused_with_the_published_keys(
    forged: Path, tmp_path: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["signing-key"]) == 0
    published = tmp_path / "council-keys.txt"
    published.write_text(capsys.readouterr().out)
    assert main(["verify-bundle", str(forged), option, str(published)]) == EXIT_BROKEN
    assert "manifest.json: signature does not verify" in capsys.readouterr().err


def test_refused_with_the_authoritys_pem(
    bundle: Path, forged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pem = tmp_path / "council.pem"
    with zipfile.ZipFile(bundle) as genuine:
        pem.write_bytes(genuine.read("signing_key.pub"))
    assert main(["verify-bundle", str(forged), "--public-key", str(pem)]) == EXIT_BROKEN
    assert main(["verify-bundle", str(bundle), "--public-key", str(pem)]) == 0


def test_never_verified_without_a_trusted_key(
    bundle: Path,
    forged: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A court's machine with no OnRecord data: the genuine and the forged bundle alike are
    "content intact, signer unknown", never "verified"."""
    monkeypatch.setenv("ONRECORD_DATA_DIR", str(tmp_path / "no-onrecord-here"))
    monkeypatch.delenv("ONRECORD_SIGNING_KEY", raising=False)
    assert main(["verify-bundle", str(bundle)]) == EXIT_SIGNER_UNKNOWN
    captured = capsys.readouterr()
    assert "the content is intact, but the signer is UNKNOWN" in captured.err
    assert not captured.out.strip().endswith("verified")
    # The forger re-signed the manifest but could not re-sign the audit checkpoint inside it
    # with the key the bundle carries: not even "intact".
    assert main(["verify-bundle", str(forged)]) == EXIT_BROKEN
    captured = capsys.readouterr()
    assert "its checkpoint cannot be trusted" in captured.out + captured.err
    assert not captured.out.strip().endswith("verified")
    assert not (tmp_path / "no-onrecord-here").exists()
