"""A court verifies a bundle OFFLINE: the verifier and `onrecord verify-bundle` import neither
Django nor a database driver, and need no settings or data directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHECK = """
import sys
from pathlib import Path
from onrecord.disclosure.verify import verify_bundle
report = verify_bundle(Path(sys.argv[1]))
assert report.ok, report.problems
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"django", "psycopg", "psycopg2"})
assert not loaded, loaded
print("offline ok")
"""


def _bare_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ONRECORD_"))}
    env.pop("DATABASE_URL", None)
    env["HOME"] = str(tmp_path)
    return env


def test_the_verifier_imports_no_django(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(bundle)],
        env=_bare_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "offline ok" in result.stdout


def test_the_command_runs_without_django_settings(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "onrecord", "verify-bundle", str(bundle)],
        env=_bare_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("verified")
    assert not (tmp_path / "var").exists()  # no data directory was made
