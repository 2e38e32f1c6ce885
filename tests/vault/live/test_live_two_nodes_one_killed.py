"""Issue 15's live recording "with chunks round-robined across two nodes, one of them killed
with kill -9 halfway, is stored whole up to the last acknowledged chunk", through real servers:
two `onrecord serve` nodes with their own data directories and the same keys, on the test's
database. Chunks alternate; node A is killed (SIGKILL to its process group) after acknowledging
chunk 1; node B takes chunk 2 and finishes: the recording is the three chunks, whole, and no
node's disk holds the audio in the clear."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import secrets
import signal
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onrecord.vault.keys import ENV_KEYS, encode_key
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.support.processes import free_port, running_child, serve_node
from tests.vault.live.support import CHUNKS, MIME, WEBM
from tests.vault.plaintext import needles_of, plaintext_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CSRF = "u" * 32  # an unmasked CSRF secret, the same in the cookie and the header


def _post(
    port: int, path: str, session: str, body: bytes, content_type: str
) -> tuple[int, dict[str, Any]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": content_type,
            "Accept": "application/json",
        },
    )
    response = connection.getresponse()
    answer = json.loads(response.read() or b"{}")
    connection.close()
    return response.status, answer


def test_chunks_round_robin_and_a_node_killed_halfway_lose_nothing_acknowledged(
    world: World, tmp_path: Path
) -> None:
    client = Client()
    client.force_login(world.users["chair"])
    session = client.cookies["sessionid"].value
    keys = {
        ENV_KEYS: f"k:{encode_key(secrets.token_bytes(32))}",
        "ONRECORD_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    ports = {"a": free_port(), "b": free_port()}
    with ExitStack() as stack:
        servers = {}
        for name, port in ports.items():
            servers[name] = serve_node(tmp_path / name, port, keys, tmp_path / f"{name}.log")
            stack.enter_context(running_child(servers[name]))
        status, started = _post(
            ports["a"],
            reverse("live_start", args=[world.meeting.pk]),
            session,
            json.dumps({"mime_type": MIME}).encode(),
            "application/json",
        )
        assert status == 201, (tmp_path / "a.log").read_text()[-3000:]
        chunk_url = started["chunk_url"]
        for seq, node in ((0, "a"), (1, "b")):
            status, answer = _post(
                ports[node], f"{chunk_url}{seq}/", session, CHUNKS[seq], "application/octet-stream"
            )
            assert status == 200, answer
            assert answer["chunk_count"] == seq + 1
        os.killpg(servers["a"].pid, signal.SIGKILL)  # node a is gone, mid-recording
        servers["a"].wait(timeout=30)
        status, answer = _post(
            ports["b"], f"{chunk_url}2/", session, CHUNKS[2], "application/octet-stream"
        )
        assert status == 200, answer
        status, finished = _post(
            ports["b"], started["finish_url"], session, b"", "application/json"
        )
        assert status == 200, (finished, (tmp_path / "b.log").read_text()[-3000:])
        assert finished["missing_chunks"] == []
    recording = Recording.objects.get()
    assert recording.sha256 == hashlib.sha256(WEBM).hexdigest()
    assert (
        plaintext_in([tmp_path / "a", tmp_path / "b"], needles_of(WEBM, every=1024, length=32))
        == {}
    )
