"""A court verifies a bundle OFFLINE: the verifier and `onrecord verify-bundle` import neither
Django nor a database driver, and need no settings or data directory."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.support.processes import bare_env, run_child

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


def test_the_verifier_imports_no_django(bundle: Path, tmp_path: Path) -> None:
    result = run_child(
        [sys.executable, "-c", CHECK, str(bundle)], env=bare_env(home=tmp_path), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "offline ok" in result.stdout


def test_the_command_runs_without_django_settings(bundle: Path, tmp_path: Path) -> None:
    result = run_child(
        [sys.executable, "-m", "onrecord", "verify-bundle", str(bundle)],
        env=bare_env(home=tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("verified")
    assert not (tmp_path / "var").exists()  # no data directory was made
