"""A court verifies a bundle OFFLINE: the verifier and `onrecord verify-bundle` import neither
Django nor a database driver, and need no settings or data directory: only the key set the
authority publishes."""

from __future__ import annotations

import sys
from pathlib import Path

from onrecord.authority_key import configured_key_set, format_key_set
from tests.support.processes import bare_env, run_child


def _published(tmp_path: Path) -> Path:
    keys = tmp_path / "council-keys.txt"
    keys.write_text(format_key_set(configured_key_set()))
    return keys


CHECK = """
import sys
from pathlib import Path
from onrecord.authority_key import read_key_set
from onrecord.disclosure.verify import verify_bundle
report = verify_bundle(Path(sys.argv[1]), trusted=read_key_set(Path(sys.argv[2])))
assert report.ok, report.problems
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"django", "psycopg", "psycopg2"})
assert not loaded, loaded
print("offline ok")
"""


def test_the_verifier_imports_no_django(bundle: Path, tmp_path: Path) -> None:
    result = run_child(
        [sys.executable, "-c", CHECK, str(bundle), str(_published(tmp_path))],
        env=bare_env(home=tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "offline ok" in result.stdout


def test_the_command_runs_without_django_settings(bundle: Path, tmp_path: Path) -> None:
    keys = _published(tmp_path)
    result = run_child(
        [
            sys.executable,
            "-m",
            "onrecord",
            "verify-bundle",
            str(bundle),
            "--trusted-keys",
            str(keys),
        ],
        env=bare_env(home=tmp_path, data_dir=tmp_path / "no-data"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("verified")
    assert not (tmp_path / "var").exists()  # no data directory was made
    assert not (tmp_path / "no-data").exists()
