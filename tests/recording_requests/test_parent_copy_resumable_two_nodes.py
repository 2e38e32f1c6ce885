"""Issue 15's "one cut at 50% resumes rather than restarting", through real servers: two
`onrecord serve` nodes with their own data directories and the same keys, on the test's
database. A phone creates the upload on node A and sends the whole file in one PATCH, but the
connection dies half-way; asked with HEAD, node B says how much arrived (every byte before the
cut but the last read in flight), takes the rest, and the recording is stored whole. No node's
disk holds the audio in the clear."""

from __future__ import annotations

import base64
import hashlib
import http.client
import secrets
import socket
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from onrecord.vault.keys import ENV_KEYS, encode_key
from onrecord.vault.models import Recording
from onrecord.vault.resumable.protocol import PART_BYTES
from onrecord.vault.resumable.services import READ_BYTES
from tests.support.personas import World
from tests.support.processes import free_port, running_child, serve_node
from tests.vault import audio
from tests.vault.plaintext import needles_of, plaintext_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CSRF = "t" * 32  # an unmasked CSRF secret, the same in the cookie and the header


def _headers(session: str, **extra: str) -> dict[str, str]:
    return {
        "Tus-Resumable": "1.0.0",
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        **extra,
    }


def _call(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _cut_patch(port: int, path: str, headers: dict[str, str], body: bytes, send: int) -> None:
    """A PATCH promising all of `body` whose connection dies after `send` bytes."""
    head = f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    head += f"Content-Length: {len(body)}\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        connection.sendall(head.encode() + body[:send])
        time.sleep(1.0)  # let the node read what arrived
        connection.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
        )
    # closed with a reset: the phone lost its signal


def test_an_upload_cut_at_half_on_one_node_resumes_on_the_other(
    world: World, tmp_path: Path
) -> None:
    data = audio.noise_wav(3 * 1024 * 1024, seed=1515)
    half = len(data) // 2
    client = Client()
    client.force_login(world.users["mother"])
    session = client.cookies["sessionid"].value
    keys = {
        ENV_KEYS: f"k:{encode_key(secrets.token_bytes(32))}",
        "ONRECORD_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    ports = {"a": free_port(), "b": free_port()}
    with ExitStack() as stack:
        for name, port in ports.items():
            server = serve_node(tmp_path / name, port, keys, tmp_path / f"{name}.log")
            stack.enter_context(running_child(server))
        create_path = reverse("parent_copy_resumable_create", args=[world.meeting.pk])
        filename = base64.b64encode(b"phone.wav").decode()
        made = _call(
            ports["a"],
            "POST",
            create_path,
            _headers(
                session,
                **{"Upload-Length": str(len(data)), "Upload-Metadata": f"filename {filename}"},
            ),
        )
        assert made.status == 201, (tmp_path / "a.log").read_text()[-3000:]
        location = made.getheader("Location") or ""
        patch_headers = _headers(session, **{"Content-Type": "application/offset+octet-stream"})
        _cut_patch(ports["a"], location, {**patch_headers, "Upload-Offset": "0"}, data, half)

        deadline = time.monotonic() + 30
        offset = -1
        while time.monotonic() < deadline:
            asked = _call(ports["b"], "HEAD", location, _headers(session))
            assert asked.status == 200
            offset = int(asked.getheader("Upload-Offset") or "-1")
            if offset > PART_BYTES:
                break
            time.sleep(0.5)
        # Every byte that reached node a, but for the read a reset interrupted (64 KiB at most).
        assert half - READ_BYTES < offset <= half, offset

        done = _call(
            ports["b"],
            "PATCH",
            location,
            {**patch_headers, "Upload-Offset": str(offset)},
            data[offset:],
        )
        assert done.status == 204, (tmp_path / "b.log").read_text()[-3000:]
        assert done.getheader("Upload-Offset") == str(len(data))
    recording = Recording.objects.get()
    assert recording.sha256 == hashlib.sha256(data).hexdigest()
    assert plaintext_in([tmp_path / "a", tmp_path / "b"], needles_of(data)) == {}
