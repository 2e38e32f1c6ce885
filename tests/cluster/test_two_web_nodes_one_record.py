"""Many machines, one record (issue 15), on a real cluster (tests/cluster/topology.py): two web
nodes with separate disks behind HAProxy's round-robin, a Celery job node, PostgreSQL, Redis and
an S3-compatible store.

- a signed-in session is good on both nodes, and signing in works when the form is fetched
  from one node and posted to the other;
- a parent's upload taken by one node is played, with ranges, from both; nothing of it is left
  in clear on either node's disk;
- transcription runs on the job node and its result is read through either web node;
- a web node killed with kill -9 takes nothing with it: the proxy sends everyone to the other;
- a live recording whose chunks alternate between the nodes, one node killed with kill -9
  halfway, is stored whole: every acknowledged chunk is in it;
- a phone's upload cut at half on one node resumes on the other from the offset it kept;
- a node started with another vault key refuses to start.

Runs on PostgreSQL only: a cluster shares one database server (SQLite cannot be shared by
machines), so the SQLite pass skips it and the PostgreSQL pass runs it."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.test import Client
from django.urls import reverse

from onrecord.commands.node_keys import KEYS_REFUSED
from onrecord.jobs.models import Job
from onrecord.transcripts.models import Transcript
from onrecord.vault.keys import ENV_KEYS, encode_key
from onrecord.vault.models import Recording
from tests.cluster.topology import (
    CSRF,
    NODE_HEADER,
    Cluster,
    running_cluster,
    spoken_webm,
)
from tests.support.parent_copies import upload_url
from tests.support.personas import World
from tests.support.processes import finish_child, free_port, start_child
from tests.vault import audio
from tests.vault.live.support import CHUNKS, MIME, WEBM

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cluster(world: World, tmp_path: Path) -> Iterator[Cluster]:
    """A cluster started for each test. (Started once per module, with the database emptied
    between tests and killed nodes started again, one CI run on a loaded machine had a web node
    answer 500 to a transcription's start, unexplained: until it is, each test has its own.)"""
    if connection.vendor != "postgresql":
        pytest.skip("a cluster shares one PostgreSQL server; the PostgreSQL pass runs this")
    with running_cluster(tmp_path) as running:
        yield running


def _sessionid(world: World, persona: str) -> str:
    client = Client()
    client.force_login(world.users[persona])
    return str(client.cookies["sessionid"].value)


def _plaintext_on_disk(roots: list[Path], needle: bytes) -> list[Path]:
    found = []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and needle in path.read_bytes():
                found.append(path)
    return found


def test_a_session_and_a_sign_in_are_good_on_both_nodes(world: World, cluster: Cluster) -> None:
    browser = cluster.session(_sessionid(world, "chair"))
    page = reverse("meeting_detail", args=[world.meeting.pk])
    served_by = set()
    for _ in range(6):
        response = browser.get(cluster.proxy_url + page, allow_redirects=False)
        assert response.status_code == 200, cluster.outputs()
        assert str(world.meeting) in response.text
        served_by.add(response.headers[NODE_HEADER])
    assert served_by == {"a", "b"}, "round-robin must send the same session to both nodes"

    # The sign-in form from one node, posted to the other: CSRF and the session travel.
    signing_in = cluster.session("")
    signing_in.cookies.clear()
    form = signing_in.get(cluster.proxy_url + reverse("login"))
    first = form.headers[NODE_HEADER]
    token = signing_in.cookies.get("csrftoken")
    assert token, "the sign-in page sets the CSRF cookie"
    posted = signing_in.post(
        cluster.proxy_url + reverse("login"),
        data={
            "csrfmiddlewaretoken": token,
            "username": world.users["social_worker"].username,
            "password": "a-long-test-password-42",
        },
        headers={"X-CSRFToken": token, "Referer": cluster.proxy_url + reverse("login")},
        allow_redirects=False,
    )
    assert posted.headers[NODE_HEADER] != first
    assert posted.status_code == 302, posted.text[:2000]
    home = signing_in.get(cluster.proxy_url + "/", allow_redirects=False)
    assert home.status_code == 200
    assert str(world.users["social_worker"]) in home.text


def test_an_upload_on_one_node_is_played_with_ranges_from_both(
    world: World, cluster: Cluster
) -> None:
    upload = audio.noise_wav(300 * 1024, seed=151)
    mother = cluster.session(_sessionid(world, "mother"))
    stored = mother.post(
        cluster.proxy_url + upload_url(world),
        data={"csrfmiddlewaretoken": CSRF},
        files={"recording": ("phone.wav", upload, "audio/wav")},
        allow_redirects=False,
    )
    assert stored.status_code == 302, stored.text[:2000] + cluster.outputs()
    recording = Recording.objects.get(size=len(upload))
    assert cluster.stored_objects(), "the vault's bytes live in the shared S3 store"

    chair = cluster.session(_sessionid(world, "chair"))
    path = reverse("recording_audio", args=[recording.pk])
    # From each node directly (whichever took the upload), then through the proxy.
    for base in [*(n.url for n in cluster.nodes), cluster.proxy_url]:
        for start in range(0, 4 * 4096, 4096):
            part = chair.get(base + path, headers={"Range": f"bytes={start}-{start + 4095}"})
            assert part.status_code == 206, part.text[:500]
            assert part.content == upload[start : start + 4096]

    roots = [n.data_dir for n in [*cluster.nodes, cluster.job_node]]
    assert _plaintext_on_disk(roots, upload[5000:5064]) == []


SPOKEN = (
    "Good morning everyone. This is the initial child protection conference for the "
    "Whitfield family. Please introduce yourselves."
)


def _record_on(cluster: Cluster, world: World, node_url: str, webm: bytes = WEBM) -> Recording:
    """The chair records the meeting in the browser, every chunk sent to one node."""
    chunks = (
        CHUNKS if webm == WEBM else [webm[at : at + 16384] for at in range(0, len(webm), 16384)]
    )
    chair = cluster.session(_sessionid(world, "chair"))
    started = chair.post(
        node_url + reverse("live_start", args=[world.meeting.pk]), json={"mime_type": MIME}
    )
    assert started.status_code == 201, started.text
    session = started.json()
    for seq, chunk in enumerate(chunks):
        sent = chair.post(
            f"{node_url}{session['chunk_url']}{seq}/",
            data=chunk,
            headers={"Content-Type": "application/octet-stream"},
        )
        assert sent.status_code == 200, sent.text
    finished = chair.post(node_url + session["finish_url"], headers={"Accept": "application/json"})
    assert finished.status_code in (200, 201), finished.text
    return Recording.objects.get(size=len(webm), kind=Recording.Kind.AUTHORITY)


def test_transcription_runs_on_the_job_node_and_is_read_through_either_web_node(
    world: World, cluster: Cluster, tmp_path: Path
) -> None:
    recording = _record_on(cluster, world, cluster.nodes[0].url, spoken_webm(SPOKEN, tmp_path))
    chair = cluster.session(_sessionid(world, "chair"))
    started = chair.post(
        cluster.proxy_url + reverse("transcript_start", args=[recording.pk]),
        data={"csrfmiddlewaretoken": CSRF},
        allow_redirects=False,
    )
    assert started.status_code == 302, started.text[:2000] + cluster.outputs()
    transcript = Transcript.objects.get(recording=recording)
    status_url = cluster.proxy_url + reverse("transcript_status", args=[transcript.pk])
    deadline = time.monotonic() + 300
    status: dict[str, object] = {}
    while time.monotonic() < deadline:
        status = chair.get(status_url).json()
        if not status["active"]:
            break
        time.sleep(1)
    assert status.get("status") == Transcript.Status.DONE, (status, cluster.outputs())

    job_id = Transcript.objects.get(pk=transcript.pk).job_id
    assert job_id is not None
    job = Job.objects.get(pk=job_id)
    pid = int(job.claimed_by.split(":")[-2])  # celery:HOST:PID:THREAD (jobs/celery_app.py)
    assert cluster.job_node.process is not None
    assert os.getpgid(pid) == cluster.job_node.process.pid, "the job node did the work"
    for _ in range(2):  # both web nodes show the finished transcript
        editor = chair.get(cluster.proxy_url + str(status["editor"]))
        assert editor.status_code == 200
        assert "protection conference" in editor.text.lower()


def test_a_node_killed_with_kill_9_loses_nothing(world: World, cluster: Cluster) -> None:
    browser = cluster.session(_sessionid(world, "chair"))
    page = cluster.proxy_url + reverse("meeting_detail", args=[world.meeting.pk])
    cluster.nodes[0].kill()
    answers = [browser.get(page, allow_redirects=False) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 6, [
        (a.status_code, a.headers.get(NODE_HEADER), a.text[:120]) for a in answers
    ]
    assert {a.headers[NODE_HEADER] for a in answers} == {"b"}
    # Everything the dead node stored is still there for the living one.
    recording = _record_on(cluster, world, cluster.nodes[1].url)
    heard = browser.get(
        cluster.proxy_url + reverse("recording_audio", args=[recording.pk]),
        headers={"Range": "bytes=0-99"},
    )
    assert heard.status_code == 206
    assert heard.content == WEBM[:100]


def test_a_node_with_another_vault_key_refuses_to_join(cluster: Cluster, tmp_path: Path) -> None:
    wrong = dict(cluster.env, ONRECORD_DATA_DIR=str(tmp_path / "node-c"))
    wrong[ENV_KEYS] = "cluster:" + encode_key(os.urandom(32))
    argv = [sys.executable, "-m", "onrecord", "serve", "--no-demo", "--port", str(free_port())]
    node = start_child(argv, env=wrong, stderr=subprocess.PIPE, stdout=subprocess.PIPE)
    code, out, err = finish_child(node, timeout=120)
    assert code == KEYS_REFUSED, out + err
    assert "ONRECORD_VAULT_KEYS[cluster] on this node differs" in err


def _send_until_acknowledged(browser: requests.Session, url: str, data: bytes) -> str:
    """Send a chunk as the recorder does: a 5xx or a dropped connection is tried again (the
    chunk is idempotent by its number); returns the node that acknowledged it."""
    for _ in range(20):
        try:
            sent = browser.post(
                url, data=data, headers={"Content-Type": "application/octet-stream"}, timeout=30
            )
        except requests.ConnectionError:
            time.sleep(0.5)
            continue
        if sent.status_code < 500:
            assert sent.status_code == 200, sent.text
            return sent.headers[NODE_HEADER]
        time.sleep(0.5)
    pytest.fail(f"the chunk at {url} was never acknowledged")


def test_a_live_recording_across_both_nodes_survives_one_killed_halfway(
    world: World, cluster: Cluster, tmp_path: Path
) -> None:
    webm = spoken_webm(SPOKEN, tmp_path)
    chunks = [webm[at : at + 8192] for at in range(0, len(webm), 8192)]
    assert len(chunks) >= 6
    chair = cluster.session(_sessionid(world, "chair"))
    started = chair.post(
        cluster.proxy_url + reverse("live_start", args=[world.meeting.pk]),
        json={"mime_type": MIME},
    )
    assert started.status_code == 201, started.text
    session = started.json()
    acknowledged_by = []
    half = len(chunks) // 2
    for seq, chunk in enumerate(chunks):
        if seq == half:
            cluster.nodes[0].kill()  # kill -9, mid-recording: what it acknowledged must stay
        url = f"{cluster.proxy_url}{session['chunk_url']}{seq}/"
        acknowledged_by.append(_send_until_acknowledged(chair, url, chunk))
    assert set(acknowledged_by[:half]) == {"a", "b"}, "chunks went to both nodes"
    assert set(acknowledged_by[half:]) == {"b"}

    finished = chair.post(
        cluster.proxy_url + session["finish_url"], headers={"Accept": "application/json"}
    )
    assert finished.status_code in (200, 201), finished.text
    recording = Recording.objects.get(kind=Recording.Kind.AUTHORITY)
    assert recording.size == len(webm), "every acknowledged chunk is in the recording"
    heard = chair.get(
        cluster.proxy_url + reverse("recording_audio", args=[recording.pk]),
        headers={"Range": f"bytes=0-{len(webm) - 1}"},
    )
    assert heard.content == webm
    roots = [n.data_dir for n in [*cluster.nodes, cluster.job_node]]
    assert _plaintext_on_disk(roots, webm[len(webm) // 2 : len(webm) // 2 + 64]) == []


def _cut_after(node_url: str, location: str, sessionid: str, data: bytes, sent: int) -> None:
    """A phone's PATCH of the whole file whose connection drops after `sent` bytes."""
    host, port = node_url.removeprefix("http://").split(":")
    head = (
        f"PATCH {location} HTTP/1.1\r\nHost: {host}:{port}\r\nTus-Resumable: 1.0.0\r\n"
        "Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {len(data)}\r\nX-CSRFToken: {CSRF}\r\n"
        f"Cookie: sessionid={sessionid}; csrftoken={CSRF}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(head)
        for at in range(0, sent, 65536):
            connection.sendall(data[at : min(at + 65536, sent)])
        time.sleep(1)  # let the node read what arrived before the line drops


def _offset_once_settled(browser: requests.Session, url: str) -> int:
    """The offset the other node reports once the first has finished with the cut request: a
    loaded machine may still be storing what arrived before the line dropped, as a phone that
    asks again a moment later would find. Asked until two answers a second apart agree."""
    tus = {"Tus-Resumable": "1.0.0"}
    deadline = time.monotonic() + 60
    last = -1
    while time.monotonic() < deadline:
        asked = browser.head(url, headers=tus)
        assert asked.status_code == 200, asked.text
        offset = int(asked.headers["Upload-Offset"])
        if offset > 0 and offset == last:
            return offset
        last = offset
        time.sleep(1)
    return last


def test_an_upload_cut_at_half_resumes_through_the_other_node(
    world: World, cluster: Cluster
) -> None:
    data = audio.wav(seconds=150.0)  # about 4.8 MB: several of the parts committed as they come
    sessionid = _sessionid(world, "mother")
    mother = cluster.session(sessionid)
    tus = {"Tus-Resumable": "1.0.0"}
    node_a, node_b = (n.url for n in cluster.nodes)
    made = mother.post(
        node_a + reverse("parent_copy_resumable_create", args=[world.meeting.pk]),
        headers={
            **tus,
            "Upload-Length": str(len(data)),
            "Upload-Metadata": "filename cGhvbmUud2F2,filetype YXVkaW8vd2F2",
        },
    )
    assert made.status_code == 201, made.text
    location = made.headers["Location"]
    _cut_after(node_a, location, sessionid, data, len(data) // 2)

    offset = _offset_once_settled(mother, node_b + location)
    assert 0 < offset <= len(data) // 2, "the other node resumes from what the first kept"
    done = mother.patch(
        node_b + location,
        data=data[offset:],
        headers={
            **tus,
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
        },
    )
    assert done.status_code == 204, done.text
    recording = Recording.objects.get(kind=Recording.Kind.PARENT_COPY)
    assert recording.sha256 == hashlib.sha256(data).hexdigest()
    roots = [n.data_dir for n in [*cluster.nodes, cluster.job_node]]
    assert _plaintext_on_disk(roots, data[100_000:100_064]) == []
