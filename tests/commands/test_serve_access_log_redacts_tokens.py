"""`onrecord serve`'s logs carry no one-time link token (issue 16, failure 8): a family's link
served through the real server (gunicorn, its access log, Django's request log) appears in the
captured output only as /link/[redacted]/."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.processes import bare_env, finish_child, start_child

pytestmark = pytest.mark.slow  # a new installation served in a child process


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_link_token_is_never_in_the_served_logs(tmp_path: Path) -> None:
    port = _free_port()
    token = secrets.token_urlsafe(32)
    server = start_child(
        [sys.executable, "-m", "onrecord", "serve", "--port", str(port), "--workers", "1"],
        env=bare_env(data_dir=tmp_path / "var"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    statuses: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                statuses.append(_get(base + "/accounts/sign-in/"))
                break
            except OSError:
                time.sleep(0.5)
        statuses.append(_get(f"{base}/link/{token}/"))
        statuses.append(_get(f"{base}/link/{token}/?token={token}"))
        statuses.append(_get(base + "/accounts/sign-in/", {"Referer": f"{base}/link/{token}/"}))
    finally:
        server.terminate()
        _, output, _ = finish_child(server, timeout=30)
    assert statuses == [200, 410, 410, 200], output[-2000:]
    assert token not in output
    output = output.replace('\\"', '"')  # the log lines are JSON (ONRECORD_LOG_FORMAT=json)
    assert '"GET /link/[redacted]/ HTTP/1.1" 410' in output  # gunicorn's access log
    assert "Gone: /link/[redacted]/" in output  # Django's request log
    assert "/link/[redacted]/" in output.split("GET /accounts/sign-in/")[-1]  # the referrer
