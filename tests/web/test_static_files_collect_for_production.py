"""`make run` collects the static files with the production storage (WhiteNoise's compressed
manifest), which refuses a script or stylesheet that names a file the build did not ship (a
source map, a font). The tests themselves use the plain storage (tests/settings.py), so this
runs the real one on the real build, as a new installation would."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.support.processes import bare_env, run_child

pytestmark = pytest.mark.slow


def test_the_production_static_storage_collects_every_built_file(tmp_path: Path) -> None:
    env = bare_env(data_dir=tmp_path / "data")
    collected = run_child(
        [sys.executable, "-m", "onrecord", "manage", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        timeout=300,
    )
    assert collected.returncode == 0, collected.stderr[-3000:]
    manifest = tmp_path / "data" / "staticfiles" / "staticfiles.json"
    assert manifest.exists()
    assert '"js/tus.min.js"' in manifest.read_text()
