"""A parent's large upload on a slow line, through the real `onrecord serve` (issue 15).

    .venv/bin/python bench/throttled_upload.py [--mb 200] [--rate-mb-s 1] [--cut 0.5]

Starts `onrecord serve` with the demo data in a throwaway data directory, signs the demo mother
in, and uploads a WAV of --mb megabytes (noise: incompressible, like audio to AES) as the upload
page's script does (tus, 8 MiB requests), paced at --rate-mb-s. At --cut of the file the
connection is dropped in the middle of a request, as a phone losing its signal; the upload asks
the server where it got to (HEAD) and goes on from there. Prints the wall time, the bytes sent
again after the cut, whether the stored recording's SHA-256 is the file's, and whether any of
the file's bytes are in clear under the data directory. Exit 1 if any check fails.

No worker timeout applies: every request is at most 8 MiB, and the server commits each MiB
with its offset as it arrives (docs/VAULT.md "Resumable uploads").
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

MB = 1_000_000
REQUEST_BYTES = 8 * 1024 * 1024  # as web/js/resumable-upload.mjs
PIECE = 64 * 1024
CSRF = "b" * 32


def make_wav(path: Path, size: int) -> None:
    data_size = size - 44
    rate, channels, width = 44100, 2, 2
    header = b"RIFF" + struct.pack("<I", 36 + data_size) + b"WAVE"
    header += b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, channels, rate, rate * channels * width, channels * width, 16
    )
    header += b"data" + struct.pack("<I", data_size)
    block = os.urandom(4 * 1024 * 1024)
    with path.open("wb") as out:
        out.write(header)
        for _ in range(data_size // len(block)):
            out.write(block)
        out.write(block[: data_size % len(block)])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def mothers_session(data_dir: Path) -> tuple[str, str]:
    """A session for the demo mother, made in the same database the server uses."""
    os.environ["ONRECORD_DATA_DIR"] = str(data_dir)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from onrecord.django_setup import setup_django

    setup_django()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from onrecord.accounts.models import User
    from onrecord.cases.models import Meeting

    mother = User.objects.get(username="dana.whitfield")
    meeting = Meeting.objects.filter(case__people__user=mother).order_by("scheduled_start")[0]
    session = SessionStore()
    session[SESSION_KEY] = str(mother.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = mother.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key, str(meeting.pk)


def stored_sha256() -> str | None:
    from onrecord.vault.models import Recording

    latest = Recording.objects.filter(kind=Recording.Kind.PARENT_COPY).order_by("-created_at")
    return latest[0].sha256 if latest else None


class Uploader:
    def __init__(self, port: int, session: str, rate: float) -> None:
        self.port = port
        self.headers = {
            "Tus-Resumable": "1.0.0",
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
        }
        self.rate = rate
        self.sent = 0

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def create(self, meeting: str, length: int) -> str:
        conn = self._connection()
        name = base64.b64encode(b"phone-recording.wav").decode()
        kind = base64.b64encode(b"audio/wav").decode()
        conn.request(
            "POST",
            f"/meetings/{meeting}/recordings/uploads/",
            headers={
                **self.headers,
                "Upload-Length": str(length),
                "Upload-Metadata": f"filename {name},filetype {kind}",
            },
        )
        answer = conn.getresponse()
        answer.read()
        if answer.status != 201:
            raise SystemExit(f"creation refused: {answer.status}")
        return str(answer.headers["Location"])

    def offset(self, location: str) -> int:
        conn = self._connection()
        conn.request("HEAD", location, headers=self.headers)
        answer = conn.getresponse()
        answer.read()
        return int(answer.headers["Upload-Offset"])

    def patch(self, location: str, data: bytes, offset: int, drop_after: int | None) -> int:
        """One request, paced; returns the status, or 0 when the line was dropped."""
        conn = self._connection()
        conn.putrequest("PATCH", location)
        for name, value in {
            **self.headers,
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(len(data)),
        }.items():
            conn.putheader(name, value)
        conn.endheaders()
        started = time.monotonic()
        for at in range(0, len(data), PIECE):
            if drop_after is not None and at >= drop_after:
                assert conn.sock is not None
                conn.sock.shutdown(socket.SHUT_RDWR)  # the phone loses its signal
                conn.close()
                return 0
            piece = data[at : at + PIECE]
            conn.send(piece)
            self.sent += len(piece)
            ahead = (at + len(piece)) / self.rate - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)
        answer = conn.getresponse()
        answer.read()
        return answer.status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--rate-mb-s", type=float, default=1.0)
    parser.add_argument("--cut", type=float, default=0.5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="onrecord-bench-upload-"))
    data_dir = work / "data"
    audio = work / "upload.wav"
    size = args.mb * MB
    make_wav(audio, size)
    data = audio.read_bytes()
    digest = hashlib.sha256(data).hexdigest()

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ONRECORD_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env["ONRECORD_DATA_DIR"] = str(data_dir)
    port = free_port()
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "onrecord", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"serve did not start: see {work / 'serve.log'}") from None
                time.sleep(0.5)
        session, meeting = mothers_session(data_dir)
        uploader = Uploader(port, session, args.rate_mb_s * MB)
        location = uploader.create(meeting, size)
        cut_at = int(size * args.cut)
        started = time.monotonic()
        offset, cut_done, cuts = 0, False, 0
        while offset < size:
            piece = data[offset : offset + REQUEST_BYTES]
            drop = None
            if not cut_done and offset + len(piece) > cut_at:
                drop, cut_done = cut_at - offset, True
            status = uploader.patch(location, piece, offset, drop)
            if status == 0:
                cuts += 1
                time.sleep(1)
                offset = uploader.offset(location)  # where the server got to
                print(f"cut at {cut_at / MB:.1f} MB; the server holds {offset / MB:.1f} MB")
                continue
            if status != 204:
                raise SystemExit(f"PATCH at {offset} answered {status}")
            offset += len(piece)
        took = time.monotonic() - started
        stored = stored_sha256()
        needle = data[size // 3 : size // 3 + 64]
        clear = [str(p) for p in data_dir.rglob("*") if p.is_file() and needle in p.read_bytes()]
        resent = uploader.sent - size
        print(f"file            {size / MB:.0f} MB, paced at {args.rate_mb_s} MB/s")
        print(f"wall time       {took:.0f} s ({size / MB / took:.2f} MB/s); cuts: {cuts}")
        print(
            f"sent again      {resent / MB:.2f} MB after the cut "
            f"(a restart would be {cut_at / MB:.0f} MB)"
        )
        print(f"stored SHA-256  {'matches' if stored == digest else 'DIFFERS: ' + str(stored)}")
        print(f"in clear on disk {clear or 'nothing'}")
        worker_timeouts = (work / "serve.log").read_text().count("WORKER TIMEOUT")
        print(f"worker timeouts {worker_timeouts}")
        ok = stored == digest and not clear and resent < REQUEST_BYTES and not worker_timeouts
        return 0 if ok else 1
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
