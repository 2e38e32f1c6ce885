"""kill -9 of the web server at 20 random points of a large upload leaves no audio in the clear
anywhere in the data directory or the temporary directory it uses, and after a restart's sweep
nothing but encrypted vault blobs (issue 16, failure 3: a plain `upload-spool/tmp*.upload.wav`
survived the restart, and `onrecord vault sweep` reported nothing to remove).

A real server (gunicorn, one worker, the test database) in its own process group receives a
parent's upload over a socket. Each run kills the whole group with SIGKILL: at a random byte
offset while the upload is arriving, or at a random moment while it is being taken into the
vault. Then every file under the server's data directory and TMPDIR is searched for audio
headers (RIFF/WAVE, Ogg, FLAC, WebM/EBML, ID3) and for pieces of the upload's own body (seeded
noise, so a match can only be this upload). The seed is printed, and ONRECORD_CRASH_SEED
replays a failing run.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from onrecord.vault.keys import ENV_KEYS, encode_key
from onrecord.vault.models import Recording
from tests.support.parent_copies import upload_url
from tests.support.personas import World
from tests.support.processes import env_for_test_database, kill_group, start_child
from tests.vault import audio
from tests.vault.plaintext import needles_of, plaintext_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

KILLS = 20
UPLOAD_BYTES = 12 * 1024 * 1024
PIECE = 64 * 1024
CSRF = "k" * 32  # an unmasked CSRF secret, the same in the cookie and the form


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, root: Path) -> None:
        self.data_dir = root / "data"
        self.tmp_dir = root / "tmp"
        self.data_dir.mkdir(mode=0o700, exist_ok=True)
        self.tmp_dir.mkdir(mode=0o700, exist_ok=True)
        self.env = env_for_test_database()
        self.env.update(
            ONRECORD_DATA_DIR=str(self.data_dir),
            TMPDIR=str(self.tmp_dir),
            ONRECORD_SECRET_KEY=str(settings.SECRET_KEY),  # so the test's session is valid
            **{ENV_KEYS: f"crash:{encode_key(b'k' * 32)}"},
        )
        self.child: subprocess.Popen[str] | None = None
        self.port = 0

    def start(self) -> None:
        self.port = _free_port()
        argv = [sys.executable, "-m", "gunicorn", "onrecord.wsgi:application"]
        argv += ["--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "120"]
        self.child = start_child(
            argv, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        if self.child is not None:
            kill_group(self.child)
            self.child = None

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "onrecord", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def _request(path: str, session: str, audio_bytes: bytes) -> tuple[bytes, bytes]:
    boundary = "onrecordcrashboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{CSRF}\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="recording"; filename="big.wav"\r\n'
            "Content-Type: audio/wav\r\n\r\n"
        ).encode()
        + audio_bytes
        + f"\r\n--{boundary}--\r\n".encode()
    )
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Cookie: sessionid={session}; csrftoken={CSRF}\r\nConnection: close\r\n\r\n"
    ).encode()
    return head, body


def _send(server: Server, head: bytes, body: bytes, upto: int | None) -> socket.socket:
    """Send the request (all of it, or the body's first `upto` bytes) and leave it open."""
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=120)
    connection.sendall(head)
    end = len(body) if upto is None else upto
    for at in range(0, end, PIECE):
        connection.sendall(body[at : min(at + PIECE, end)])
    return connection


def _status(connection: socket.socket) -> int:
    reply = b""
    while chunk := connection.recv(65536):
        reply += chunk
    connection.close()
    return int(reply.split(b" ", 2)[1])


def test_kill_9_at_random_points_of_a_large_upload_leaves_no_plaintext(
    world: World, tmp_path: Path
) -> None:
    seed = int(os.environ.get("ONRECORD_CRASH_SEED") or random.SystemRandom().randrange(2**32))
    print(f"crash seed {seed} (replay: ONRECORD_CRASH_SEED={seed})")
    rng = random.Random(seed)
    upload = audio.noise_wav(UPLOAD_BYTES, seed=seed)
    needles = needles_of(upload)
    client = Client()
    client.force_login(world.users["mother"])
    head, body = _request(upload_url(world), client.cookies["sessionid"].value, upload)

    server = Server(tmp_path)
    roots = [server.data_dir, server.tmp_dir]
    try:
        # One whole upload first: it is stored, and it times the vault's part of the request.
        server.start()
        connection = _send(server, head, body, None)
        started = time.monotonic()
        assert _status(connection) == 302, "the upload was not accepted"
        taking_in = time.monotonic() - started
        assert Recording.objects.filter(size=len(upload)).count() == 1
        server.kill()

        for run in range(KILLS):
            server.start()
            if run % 2 == 0:  # while the upload is arriving
                point = f"byte {rng.randrange(1, len(body))} of {len(body)}"
                connection = _send(server, head, body, int(point.split()[1]))
                time.sleep(0.3)  # let the server write what arrived
            else:  # while it is being encrypted, probed and stored
                delay = rng.uniform(0, taking_in)
                point = f"{delay:.3f} s after the last byte (taking in takes {taking_in:.3f} s)"
                connection = _send(server, head, body, None)
                time.sleep(delay)
            server.kill()
            connection.close()
            found = plaintext_in(roots, needles)
            assert found == {}, f"seed {seed}, run {run}, killed at {point}: {found}"

        # The restart's tidy-up: nothing is left but encrypted vault blobs.
        swept = server.command("vault", "sweep", "--older-than", "0")
        assert swept.returncode == 0, swept.stderr
        assert list((server.data_dir / "upload-spool").iterdir()) == []
        vault_files = [p for p in (server.data_dir / "vault").rglob("*") if p.is_file()]
        assert vault_files, "the first upload's blob"
        assert all(p.suffix == ".orv" for p in vault_files), vault_files
        assert plaintext_in(roots, needles) == {}, f"seed {seed}"
    finally:
        server.kill()
