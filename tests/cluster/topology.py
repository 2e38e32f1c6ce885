"""A real cluster for the tests (issue 15), as a council's IT would deploy OnRecord past one
machine: two web nodes (`onrecord serve`, each with its own data directory and nothing shared on
disk) behind HAProxy doing round-robin, one Celery job node, the test's PostgreSQL database,
Redis as the broker, and an S3-compatible server (moto's) for the vault. Keys are passed by
environment, the same to every node, as docs/DEPLOYMENT.md says.

HAProxy stamps each answer with the node that gave it (`X-OnRecord-Node`), so a test can show
that a session, an upload or a recording really crossed nodes.
"""

from __future__ import annotations

import base64
import secrets
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings
from moto.server import ThreadedMotoServer

from onrecord.vault.keys import ENV_KEYS, encode_key
from tests.jobs.celery_support import BROKERS
from tests.support.processes import (
    env_for_test_database,
    free_port,
    kill_group,
    start_child,
    stop_child,
)
from tests.vault.s3_server import REGION, s3_client

NODE_HEADER = "X-OnRecord-Node"
CSRF = "c" * 32  # an unmasked CSRF secret, the same in the cookie and the header
UP_SECONDS = 120

HAPROXY_CONFIG = """\
global
    maxconn 256
defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    # A loaded machine (CI's two cores) may take a while to answer a health check: a node is
    # down after three missed checks, never after one slow one.
    timeout check 5s
    # A node that cannot be reached, or that dies holding a reused connection: try the other,
    # as a production proxy does. Only reads are replayed; a POST that may have reached a dead
    # node is the client's to send again (the recorder's chunks are idempotent by number).
    retries 2
    option redispatch
    retry-on conn-failure empty-response response-timeout
frontend web
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /healthz
    http-request disable-l7-retry unless METH_GET || METH_HEAD
    http-response set-header {header} %[srv_name]
{servers}
"""


def haproxy_or_skip() -> str:
    path = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/sbin")
    if path is None:
        message = "HAProxy is not installed (Debian package 'haproxy'; scripts/setup.sh --test)"
        if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            pytest.fail(message)  # set-up installs it: on CI a missing proxy is a failure
        pytest.skip(message)
    return path


@dataclass
class Node:
    name: str
    port: int
    data_dir: Path
    log: Path
    process: subprocess.Popen[Any] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """kill -9 the node and every worker it started: no chance to tidy up."""
        assert self.process is not None
        kill_group(self.process)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


@dataclass
class Cluster:
    proxy_url: str
    nodes: list[Node]
    job_node: Node
    bucket: str
    s3_endpoint: str
    env: dict[str, str]
    logs: list[Path] = field(default_factory=list)

    def session(self, sessionid: str) -> requests.Session:
        """A browser signed in (the session cookie of a test-client login) that sends the
        CSRF token as the app's scripts do."""
        browser = requests.Session()
        browser.cookies.set("sessionid", sessionid, domain="127.0.0.1")
        browser.cookies.set("csrftoken", CSRF, domain="127.0.0.1")
        browser.headers["X-CSRFToken"] = CSRF
        return browser

    def outputs(self) -> str:
        return "\n".join(f"--- {n.name}\n{n.output()}" for n in [*self.nodes, self.job_node])

    def stored_objects(self) -> list[str]:
        listing = s3_client(self.s3_endpoint).list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]


def cluster_keys() -> dict[str, str]:
    """One set of keys for every node, passed by environment. The Django secret key is the test
    process's own, so a session made by the test client is valid on every node."""
    return {
        "ONRECORD_SECRET_KEY": str(settings.SECRET_KEY),
        ENV_KEYS: "cluster:" + encode_key(secrets.token_bytes(32)),
        "ONRECORD_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }


def wait_until_up(url: str, process: subprocess.Popen[Any] | None) -> bool:
    deadline = time.monotonic() + UP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.3)
    return False


def both_in_rotation(proxy_url: str) -> bool:
    """Both nodes answer through the proxy (each passed its first health check)."""
    deadline = time.monotonic() + UP_SECONDS
    seen: set[str] = set()
    while time.monotonic() < deadline:
        with suppress(requests.RequestException, KeyError):
            seen.add(requests.get(f"{proxy_url}/healthz", timeout=5).headers[NODE_HEADER])
        if len(seen) == 2:
            return True
        time.sleep(0.2)
    return False


@contextmanager
def s3_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def _start(node: Node, argv: list[str], env: dict[str, str]) -> None:
    node.data_dir.mkdir(parents=True)
    with node.log.open("w") as output:
        node.process = start_child(argv, env=env, stdout=output, stderr=subprocess.STDOUT)


@contextmanager
def running_cluster(
    tmp_path: Path, *, extra_env: dict[str, str] | None = None
) -> Iterator[Cluster]:
    haproxy = haproxy_or_skip()
    with ExitStack() as stack:
        endpoint = stack.enter_context(s3_server())
        bucket = f"vault-{uuid.uuid4().hex[:12]}"
        s3_client(endpoint).create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        env = env_for_test_database()
        env.update(cluster_keys())
        env.update(
            ONRECORD_VAULT_STORAGE="s3",
            ONRECORD_VAULT_S3_BUCKET=bucket,
            ONRECORD_VAULT_S3_ENDPOINT_URL=endpoint,
            ONRECORD_VAULT_S3_REGION=REGION,
            AWS_ACCESS_KEY_ID="test-only",
            AWS_SECRET_ACCESS_KEY="test-only",
            ONRECORD_JOBS_BROKER=BROKERS["redis"],
            ONRECORD_JOBS_QUEUE=f"onrecord-cluster-{uuid.uuid4().hex[:12]}",
            ONRECORD_SPEECH_MODEL="tiny.en",
            ONRECORD_BASE_URL="http://127.0.0.1",
        )
        env.update(extra_env or {})
        serve = [sys.executable, "-m", "onrecord", "serve", "--no-demo", "--workers", "2"]
        nodes = [
            Node(name, free_port(), tmp_path / f"node-{name}", tmp_path / f"node-{name}.log")
            for name in ("a", "b")
        ]
        for node in nodes:  # one after the other: the first records the keys' fingerprints
            _start(
                node,
                [*serve, "--port", str(node.port)],
                dict(env, ONRECORD_DATA_DIR=str(node.data_dir)),
            )
            assert node.process is not None
            stack.callback(stop_child, node.process)
            if not wait_until_up(f"{node.url}/healthz", node.process):
                pytest.fail(f"web node {node.name} did not start:\n{node.output()}")

        job_node = Node("jobs", 0, tmp_path / "node-jobs", tmp_path / "node-jobs.log")
        _start(
            job_node,
            [sys.executable, "-m", "onrecord", "celery-worker"],
            dict(env, ONRECORD_DATA_DIR=str(job_node.data_dir)),
        )
        assert job_node.process is not None
        stack.callback(stop_child, job_node.process)

        proxy_port = free_port()
        servers = "\n".join(
            f"    server {n.name} 127.0.0.1:{n.port} check inter 1s fall 3 rise 1" for n in nodes
        )
        config = tmp_path / "haproxy.cfg"
        config.write_text(
            HAPROXY_CONFIG.format(port=proxy_port, header=NODE_HEADER, servers=servers)
        )
        proxy_log = tmp_path / "haproxy.log"
        with proxy_log.open("w") as output:
            proxy = start_child(
                [haproxy, "-db", "-f", str(config)],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        stack.callback(stop_child, proxy)
        proxy_url = f"http://127.0.0.1:{proxy_port}"
        if not wait_until_up(f"{proxy_url}/healthz", proxy):
            pytest.fail(f"HAProxy did not start:\n{proxy_log.read_text()}")
        if not both_in_rotation(proxy_url):
            pytest.fail(f"HAProxy never sent requests to both nodes:\n{proxy_log.read_text()}")
        yield Cluster(proxy_url, nodes, job_node, bucket, endpoint, env)


def spoken_webm(text: str, workdir: Path) -> bytes:
    """espeak-ng saying `text`, as the browser's recorder sends it: WebM with Opus at 48 kHz."""
    import io

    import av
    import numpy as np

    from tests.speech.helpers import speak

    samples, rate = speak(text, "en", workdir)
    out_rate = 48000
    timeline = np.arange(round(len(samples) * out_rate / rate)) * (rate / out_rate)
    pcm = (np.interp(timeline, np.arange(len(samples)), samples) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="webm") as container:
        stream = container.add_stream("libopus", rate=out_rate, layout="mono")
        assert isinstance(stream, av.AudioStream)
        step = 960 * 4
        for start in range(0, len(pcm), step):
            piece = pcm[start : start + step]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(piece))
            frame.planes[0].update(piece.tobytes())
            frame.sample_rate = out_rate
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()
