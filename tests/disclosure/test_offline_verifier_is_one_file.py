"""`onrecord verifier --out FILE.pyz` writes the offline verifier as one file a court's IT can run
with only Python and `cryptography`: no Django, no OnRecord checkout, no data directory. It
trusts only the keys it is given, and built twice it is byte for byte the same."""

from __future__ import annotations

import hashlib
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.authority_key import KeySet, format_key_set
from onrecord.commands import main
from tests.disclosure.synthetic import genuine_members, manifest_of, sign, write_zip
from tests.support.processes import bare_env, run_child

KEY = Ed25519PrivateKey.generate()


@pytest.mark.slow  # child processes
def test_the_one_file_verifier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    court = tmp_path / "court"
    court.mkdir()
    tool = court / "onrecord-verify.pyz"
    assert main(["verifier", "--out", str(tool)]) == 0
    assert f"SHA-256 {hashlib.sha256(tool.read_bytes()).hexdigest()}" in capsys.readouterr().out
    with zipfile.ZipFile(tool) as archive:
        names = archive.namelist()
    assert "__main__.py" in names
    assert "onrecord/disclosure/verify.py" in names
    assert all(n == "__main__.py" or n.startswith("onrecord/") for n in names), names
    assert not any("django" in n or "settings" in n or "models" in n for n in names), names

    genuine = write_zip(court / "bundle.zip", genuine_members(KEY))
    members = genuine_members(KEY)
    sign(members, Ed25519PrivateKey.generate(), manifest_of(members))
    forged = write_zip(court / "forged.zip", members)
    keys = court / "council-keys.txt"
    keys.write_text(format_key_set(KeySet.of(KEY.public_key())))

    def verify(*args: str) -> tuple[int, str]:
        result = run_child(
            [sys.executable, "-I", str(tool), *args],
            env=bare_env(home=court, data_dir=court / "no-data"),
            cwd=court,
        )
        assert "Traceback" not in result.stderr
        return result.returncode, result.stdout + result.stderr

    code, output = verify(str(genuine), "--trusted-keys", str(keys))
    assert code == 0, output
    assert output.strip().endswith("verified")
    code, output = verify(str(forged), "--trusted-keys", str(keys))
    assert code == 1
    assert "manifest.json: signature does not verify" in output
    code, output = verify(str(genuine))
    assert code == 3
    assert "signer is UNKNOWN" in output
    code, output = verify(str(court / "missing.zip"), "--trusted-keys", str(keys))
    assert code == 1
    assert not (court / "no-data").exists()

    again = tmp_path / "again.pyz"
    assert main(["verifier", "--out", str(again)]) == 0
    assert again.read_bytes() == tool.read_bytes()
