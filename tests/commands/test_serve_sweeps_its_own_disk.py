"""Each web node sweeps its own disk (issue 15): in Celery mode the daily sweep job runs on one
worker only, so `onrecord serve` tidies its own leftovers, at start-up and every
ONRECORD_NODE_SWEEP_SECONDS: the vault's encrypted `.tmp-` files, plaintext upload spools of
older versions, and bundle zips left by an interrupted download. Here the node runs in Celery
mode with a broker nobody answers, so no job can do it for the node."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.processes import bare_env, running_child, start_child

pytestmark = pytest.mark.slow  # a new installation served in a child process

HOURS_AGO = time.time() - 2 * 3600


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _leftovers(data_dir: Path, tag: str) -> list[Path]:
    """An abandoned vault temporary, plaintext upload spool and bundle, two hours old."""
    paths = [
        data_dir / "vault" / "ab" / f".tmp-{tag}.orv.0123456789ab",
        data_dir / "upload-spool" / f"tmp{tag}.upload.wav",
        data_dir / "bundles" / f"{tag}-0123456789abcdef.zip",
    ]
    for path in paths:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_bytes(b"RIFF....WAVE leftover " + tag.encode())
        os.utime(path, (HOURS_AGO, HOURS_AGO))
    return paths


def test_a_web_node_sweeps_its_own_leftovers_at_start_and_periodically(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    at_start = _leftovers(data_dir, "beforestart")
    env = bare_env(data_dir=data_dir)
    env.update(
        ONRECORD_NODE_SWEEP_SECONDS="1",
        ONRECORD_JOBS_BROKER="redis://127.0.0.1:9/0",  # Celery mode; no worker will ever run
    )
    port = _free_port()
    log = tmp_path / "serve.log"
    argv = [sys.executable, "-m", "onrecord", "serve", "--no-demo", "--workers", "1"]
    with log.open("w") as output:
        server = start_child(
            [*argv, "--port", str(port)], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    with running_child(server):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/sign-in/"):
                    break
            except OSError:
                time.sleep(0.3)
        assert [p for p in at_start if p.exists()] == [], log.read_text()[-3000:]

        later = _leftovers(data_dir, "whilerunning")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(p.exists() for p in later):
            time.sleep(0.5)
        assert [p for p in later if p.exists()] == [], log.read_text()[-3000:]
