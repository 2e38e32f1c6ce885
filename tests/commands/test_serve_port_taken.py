"""`onrecord serve` when its port is taken (issue 16, failure 6): exit 1 with one line saying
the port is in use, never "running"; it binds before it sets anything up."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from onrecord.commands.serve import CannotBind, bind_listener
from tests.support.processes import bare_env, run_child

pytestmark = pytest.mark.slow  # runs the serve command in a child process


@pytest.fixture
def taken_port() -> tuple[socket.socket, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    return sock, sock.getsockname()[1]


def test_serve_on_a_taken_port_exits_1_and_never_says_running(
    tmp_path: Path, taken_port: tuple[socket.socket, int]
) -> None:
    sock, port = taken_port
    with sock:
        done = run_child(
            [sys.executable, "-m", "onrecord", "serve", "--port", str(port), "--no-demo"],
            env=bare_env(data_dir=tmp_path / "var"),
            timeout=60,
        )
    assert done.returncode == 1
    assert "running" not in done.stdout
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"onrecord: cannot serve on 127.0.0.1:{port}: the port is already in use (is OnRecord "
        "or another server running there?); stop it or choose another --port"
    )
    assert not (tmp_path / "var").exists() or not any((tmp_path / "var").glob("*.sqlite3"))


def test_an_unknown_host_is_a_clear_message() -> None:
    with pytest.raises(CannotBind, match=r"cannot serve on no\.such\.host\.invalid:8000"):
        bind_listener("no.such.host.invalid", 8000)


def test_a_free_port_is_bound_and_listening() -> None:
    with bind_listener("127.0.0.1", 0) as listener:
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
