"""Child processes for tests: the environment they run in, and a wait with a timeout that ends
the child's whole process group (a command's own workers too) when it runs over or the test
fails, so that no test leaves a process behind."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.db import connection

# Environment variables that configure OnRecord, or Django, for a process.
CONFIGURATION_PREFIXES = ("DJANGO_", "ONRECORD_")


def env_for_test_database(settings_module: str = "tests.settings") -> dict[str, str]:
    """This process's environment, pointed at the database the running test uses (the SQLite
    file, or the PostgreSQL test database), with the test settings."""
    env = dict(os.environ)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        env["ONRECORD_TEST_SQLITE_NAME"] = str(db["NAME"])
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    return env


def bare_env(*, data_dir: Path | None = None, home: Path | None = None) -> dict[str, str]:
    """No OnRecord or Django configuration and no database URL: a new installation (with
    `data_dir` as its data directory), or a machine with no OnRecord at all."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(CONFIGURATION_PREFIXES)}
    env.pop("DATABASE_URL", None)
    if data_dir is not None:
        env["ONRECORD_DATA_DIR"] = str(data_dir)
    if home is not None:
        env["HOME"] = str(home)
    return env


def start_child(
    argv: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    stdout: int | IO[Any] | None = subprocess.PIPE,
    stderr: int | IO[Any] | None = subprocess.PIPE,
    text: bool = True,
    stdin: int = subprocess.DEVNULL,
) -> subprocess.Popen[Any]:
    """Start `argv` as the leader of its own process group (see `kill_group`)."""
    return subprocess.Popen(
        list(argv),
        env=env,
        cwd=cwd,
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        text=text,
        start_new_session=True,
    )


def kill_group(child: subprocess.Popen[Any]) -> None:
    """SIGKILL the child and everything it started, then reap it."""
    try:
        if os.getpgid(child.pid) == child.pid:  # its own group, as start_child makes it
            os.killpg(child.pid, signal.SIGKILL)
        else:  # never the test run's own group
            child.kill()
    except ProcessLookupError:  # already gone, with its group
        pass
    child.wait()


def finish_child(
    child: subprocess.Popen[Any], *, input: str | None = None, timeout: float = 60
) -> tuple[int, Any, Any]:
    """Wait for the child (feeding it `input`); past `timeout` seconds its group is killed and
    the test fails. Returns (exit status, stdout, stderr)."""
    try:
        out, err = child.communicate(input, timeout=timeout)
    except BaseException:
        kill_group(child)
        child.communicate()
        raise
    return child.returncode, out, err


@contextmanager
def running_child(child: subprocess.Popen[Any], *, grace: float = 15) -> Iterator[None]:
    """For a child that runs beside the test (a server, a worker): whatever happens, it is
    asked to stop (SIGTERM) when the block ends, and its group killed if it has not within
    `grace` seconds."""
    try:
        yield
    finally:
        stop_child(child, grace=grace)


def stop_child(child: subprocess.Popen[Any], *, grace: float = 15) -> None:
    if child.poll() is None:
        child.terminate()
    try:
        child.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        kill_group(child)


def run_child(
    argv: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    input: str | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run `argv` to the end with `env` (see `env_for_test_database`, `bare_env`), its output
    captured as text; a child that runs past `timeout` seconds is killed with its group."""
    stdin = subprocess.DEVNULL if input is None else subprocess.PIPE
    child = start_child(argv, env=env, cwd=cwd, stdin=stdin)
    code, out, err = finish_child(child, input=input, timeout=timeout)
    return subprocess.CompletedProcess(list(argv), code, out, err)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_node(
    data_dir: Path, port: int, env_extra: dict[str, str], log: Path
) -> subprocess.Popen[str]:
    """`onrecord serve` (no demo, one worker) on the test's database with its own data
    directory, as one node of several; returned once it answers a page (or has exited). The
    test's own secret key, so a session made with the test client is good on it."""
    import sys
    import time
    import urllib.request

    from django.conf import settings

    env = env_for_test_database()
    env.update(ONRECORD_DATA_DIR=str(data_dir), ONRECORD_SECRET_KEY=str(settings.SECRET_KEY))
    env.update(env_extra)
    argv = [sys.executable, "-m", "onrecord", "serve", "--no-demo", "--workers", "1"]
    with log.open("w") as output:
        server = start_child(
            [*argv, "--port", str(port)], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/sign-in/", timeout=5):
                return server
        except OSError:
            time.sleep(0.3)
    return server
