"""`onrecord verify-audit` on a data directory not yet set up says what to run and exits
non-zero, without a traceback (issue 16, failure 6)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.support.processes import bare_env, run_child


def test_it_says_what_to_run(tmp_path: Path) -> None:
    env = bare_env(data_dir=tmp_path / "var")
    result = run_child([sys.executable, "-m", "onrecord", "verify-audit"], env=env)
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert "no such table" not in result.stderr
    assert "is not set up yet" in result.stderr
    assert "onrecord manage migrate" in result.stderr
    assert result.stdout == ""


def test_so_does_audit_checkpoint(tmp_path: Path) -> None:
    env = bare_env(data_dir=tmp_path / "var")
    result = run_child([sys.executable, "-m", "onrecord", "audit-checkpoint"], env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "onrecord manage migrate" in result.stderr
