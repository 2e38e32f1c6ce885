"""The `onrecord` command: the run command really serves the demo, demo data loads once and
its passwords are shown once (issue 2)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.processes import bare_env, finish_child, run_child, start_child

# Slow (make test-fast leaves it out): a new installation migrated and served in child processes.
pytestmark = pytest.mark.slow


def _fresh_env(tmp_path: Path) -> dict[str, str]:
    """A brand-new installation: its own data directory and SQLite file, no test settings."""
    return bare_env(data_dir=tmp_path / "var")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_demo_data_prints_passwords_once(tmp_path: Path) -> None:
    env = _fresh_env(tmp_path)
    migrated = run_child([sys.executable, "-m", "onrecord", "manage", "migrate", "-v0"], env=env)
    assert migrated.returncode == 0, migrated.stderr
    first = run_child([sys.executable, "-m", "onrecord", "demo-data"], env=env)
    assert first.returncode == 0, first.stderr
    assert "priya.shah" in first.stdout
    assert "Demo accounts (shown once" in first.stdout
    second = run_child([sys.executable, "-m", "onrecord", "demo-data"], env=env)
    assert second.returncode == 0, second.stderr
    assert "already loaded" in second.stdout
    assert "priya.shah" not in second.stdout
    secret = (tmp_path / "var" / "secret_key").stat()
    assert secret.st_mode & 0o077 == 0, "the generated secret key must be private to its owner"


def test_serve_migrates_loads_demo_and_serves_pages_and_static_files(tmp_path: Path) -> None:
    port = _free_port()
    env = _fresh_env(tmp_path)
    server = start_child(
        [sys.executable, "-m", "onrecord", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        page = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/accounts/sign-in/", timeout=2) as response:
                    page = response.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert "Sign in to OnRecord" in page
        css_path = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css_path.startswith("/static/css/app."), "static files should be fingerprinted"
        with urllib.request.urlopen(base + css_path, timeout=5) as response:
            assert b".govuk-header" in response.read()
        with urllib.request.urlopen(base + "/accounts/sign-in/", timeout=5) as response:
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    finally:
        server.terminate()  # then killed with its workers if it has not stopped in 20 s
        _, output, _ = finish_child(server, timeout=20)
    assert "Demo accounts (shown once" in output
    assert "priya.shah" in output
