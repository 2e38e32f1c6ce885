"""`onrecord demo-data` on a data directory not yet set up (issue 16, failure 6) sets the
database up first and says so, instead of a traceback ending in "no such table"."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.support.processes import bare_env, run_child

# A new installation migrated in a child process.
pytestmark = pytest.mark.slow


def test_demo_data_migrates_a_fresh_data_directory_first(tmp_path: Path) -> None:
    env = bare_env(data_dir=tmp_path / "var")
    done = run_child([sys.executable, "-m", "onrecord", "demo-data"], env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Setting up the database first" in done.stdout
    assert "Demo data loaded" in done.stdout
    again = run_child([sys.executable, "-m", "onrecord", "demo-data"], env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "Setting up the database" not in again.stdout
    assert "already loaded" in again.stdout
