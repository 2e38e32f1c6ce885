"""Any node, any chunk (issue 15): two web nodes with their own disks (their own data, upload
spool and media directories) and the same keys, sharing the database and the vault's store.
Chunks alternate between them, a retry lands on the other node, one node's disk is lost mid-
recording, the other finishes; the job node's sweep finishes a session both abandoned. The
recording is whole in every case, and no node's disk holds the audio in the clear.

In one process the "nodes" take turns: each request runs with that node's directories set."""

from __future__ import annotations

import base64
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from onrecord.vault.live.services import sweep_interrupted
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from onrecord.vault.services import open_recording
from tests.support.personas import World
from tests.vault.live.support import (
    CHUNKS,
    WEBM,
    chunks_holding_bytes,
    finish,
    send_chunk,
    sha256,
    start,
)
from tests.vault.plaintext import needles_of, plaintext_in

NEEDLES = needles_of(WEBM, every=1024, length=32)


class Nodes:
    def __init__(self, settings: Any, root: Path) -> None:
        self.settings = settings
        self.root = root
        shared_vault = root / "shared-vault"  # the S3 bucket or shared mount every node sees
        shared_vault.mkdir(mode=0o700)
        for name in ("a", "b", "jobs"):
            data = root / name
            (data / "upload-spool").mkdir(parents=True, mode=0o700)
            (data / "media").mkdir(mode=0o700)
            (data / "vault").symlink_to(shared_vault)

    @contextmanager
    def on(self, name: str) -> Iterator[None]:
        data = self.root / name
        self.settings.DATA_DIR = data
        self.settings.FILE_UPLOAD_TEMP_DIR = str(data / "upload-spool")
        self.settings.MEDIA_ROOT = data / "media"
        yield

    def local_dirs(self) -> list[Path]:
        return [self.root / name for name in ("a", "b", "jobs") if (self.root / name).exists()]


@pytest.fixture
def nodes(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Nodes:
    # The same key on every node, passed by environment (docs/DEPLOYMENT.md "Keys").
    key = base64.b64encode(os.urandom(32)).decode()
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", f"k1:{key}")
    return Nodes(settings, tmp_path)


def _send(nodes: Nodes, node: str, client: Client, session: str, seq: int) -> Any:
    with nodes.on(node):
        reply = send_chunk(client, session, seq, CHUNKS[seq])
    assert reply.status_code == 200, reply.content
    return reply.json()


def _nothing_in_clear(nodes: Nodes) -> None:
    for directory in nodes.local_dirs():
        assert list((directory / "upload-spool").iterdir()) == []
    assert plaintext_in([nodes.root], NEEDLES) == {}


def _whole(recording_id: str, expected: bytes) -> None:
    recording = Recording.objects.get(pk=recording_id)
    assert recording.sha256 == sha256(expected)
    with open_recording(recording, purpose="verify") as audio:
        assert audio.read() == expected


def test_chunks_alternate_between_nodes_and_the_other_node_finishes(
    world: World, nodes: Nodes
) -> None:
    client = world.client_for("chair")
    with nodes.on("a"):
        session = start(client, world.meeting).json()["session"]
    _send(nodes, "a", client, session, 0)
    _send(nodes, "b", client, session, 1)
    _send(nodes, "a", client, session, 2)
    # Chunk 1's answer was lost on its way from b; the browser sends it again, to a.
    again = _send(nodes, "a", client, session, 1)
    assert (again["already_stored"], again["chunk_count"]) == (True, 3)
    _nothing_in_clear(nodes)

    with nodes.on("b"):
        reply = finish(client, session)
    assert reply.status_code == 200, reply.content
    assert reply.json()["missing_chunks"] == []
    with nodes.on("a"):
        _whole(reply.json()["recording"], WEBM)
    assert chunks_holding_bytes(LiveSession.objects.get(pk=session)) == 0
    _nothing_in_clear(nodes)


def test_a_node_lost_mid_recording_loses_nothing_acknowledged(world: World, nodes: Nodes) -> None:
    client = world.client_for("chair")
    with nodes.on("a"):
        session = start(client, world.meeting).json()["session"]
    _send(nodes, "a", client, session, 0)
    _send(nodes, "a", client, session, 1)
    shutil.rmtree(nodes.root / "a")  # node a and its disk are gone
    _send(nodes, "b", client, session, 2)
    with nodes.on("b"):
        reply = finish(client, session)
        assert reply.status_code == 200, reply.content
        _whole(reply.json()["recording"], WEBM)
    _nothing_in_clear(nodes)


def test_the_job_nodes_sweep_finishes_a_session_abandoned_on_the_web_nodes(
    world: World, nodes: Nodes, settings: Any
) -> None:
    settings.ONRECORD_LIVE_ABANDON_HOURS = 2
    client = world.client_for("chair")
    with nodes.on("a"):
        session = start(client, world.meeting).json()["session"]
    _send(nodes, "a", client, session, 0)
    _send(nodes, "b", client, session, 1)
    LiveSession.objects.filter(pk=session).update(
        last_chunk_at=timezone.now() - dt.timedelta(hours=1)
    )
    with nodes.on("jobs"):
        assert sweep_interrupted().finished == []  # idle an hour: not yet
    LiveSession.objects.filter(pk=session).update(
        last_chunk_at=timezone.now() - dt.timedelta(hours=2, minutes=1)
    )
    with nodes.on("jobs"):
        result = sweep_interrupted()
        assert result.failed == {}
        [recording] = result.finished
        _whole(str(recording.pk), CHUNKS[0] + CHUNKS[1])
    stored = LiveSession.objects.get(pk=session)
    assert stored.status == LiveSession.Status.FINISHED
    assert chunks_holding_bytes(stored) == 0
    _nothing_in_clear(nodes)
