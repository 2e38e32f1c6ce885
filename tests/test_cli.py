"""The `onrecord` command: the run command really serves the demo, demo data loads once and
its passwords are shown once (issue 2)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _fresh_env(tmp_path: Path) -> dict[str, str]:
    """A brand-new installation: its own data directory and SQLite file, no test settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ONRECORD_"))}
    env.pop("DATABASE_URL", None)
    env["ONRECORD_DATA_DIR"] = str(tmp_path / "var")
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_demo_data_prints_passwords_once(tmp_path: Path) -> None:
    env = _fresh_env(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "onrecord", "manage", "migrate", "-v0"], env=env, check=True
    )
    first = subprocess.run(
        [sys.executable, "-m", "onrecord", "demo-data"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "priya.shah" in first.stdout
    assert "Demo accounts (shown once" in first.stdout
    second = subprocess.run(
        [sys.executable, "-m", "onrecord", "demo-data"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "already loaded" in second.stdout
    assert "priya.shah" not in second.stdout
    secret = (tmp_path / "var" / "secret_key").stat()
    assert secret.st_mode & 0o077 == 0, "the generated secret key must be private to its owner"


def test_serve_migrates_loads_demo_and_serves_pages_and_static_files(tmp_path: Path) -> None:
    port = _free_port()
    env = _fresh_env(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "onrecord", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
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
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "Demo accounts (shown once" in output
    assert "priya.shah" in output
