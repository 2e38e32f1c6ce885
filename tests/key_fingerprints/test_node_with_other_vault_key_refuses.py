"""Two nodes, one database (issue 15): the first `onrecord serve` records its keys' fingerprints
and serves; a second `onrecord serve` whose vault key differs refuses to start, naming the key
and how to supply it; a third given the same keys through *_FILE variables agrees."""

from __future__ import annotations

import base64
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from onrecord.commands.node_keys import KEYS_REFUSED
from onrecord.key_fingerprints.models import KeyFingerprint
from onrecord.vault.keys import encode_key
from tests.support.processes import (
    env_for_test_database,
    finish_child,
    running_child,
    start_child,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _keys() -> dict[str, str]:
    return {
        "ONRECORD_SECRET_KEY": secrets.token_urlsafe(64),
        "ONRECORD_VAULT_KEYS": "k1:" + encode_key(secrets.token_bytes(32)),
        "ONRECORD_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }


def _node(data_dir: Path, keys: dict[str, str]) -> dict[str, str]:
    env = env_for_test_database()
    env["ONRECORD_DATA_DIR"] = str(data_dir)
    env.update(keys)
    return env


def _wait_until_up(url: str) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            time.sleep(0.5)
    return 0


def test_a_node_with_a_different_vault_key_refuses_to_start(tmp_path: Path) -> None:
    keys = _keys()
    port = _free_port()
    serve = [sys.executable, "-m", "onrecord", "serve", "--no-demo", "--workers", "1"]
    log = tmp_path / "first.log"
    with log.open("w") as output:
        first = start_child(
            [*serve, "--port", str(port)],
            env=_node(tmp_path / "a", keys),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    with running_child(first):
        status = _wait_until_up(f"http://127.0.0.1:{port}/accounts/sign-in/")
        assert status == 200, log.read_text()[-2000:]
        recorded = set(KeyFingerprint.objects.values_list("name", flat=True))
        assert recorded == {
            "ONRECORD_SECRET_KEY",
            "ONRECORD_SIGNING_KEY",
            "ONRECORD_VAULT_KEYS[k1]",
        }

        other = dict(keys, ONRECORD_VAULT_KEYS="k1:" + encode_key(secrets.token_bytes(32)))
        second = start_child(
            [*serve, "--port", str(_free_port())], env=_node(tmp_path / "b", other)
        )
        code, out, err = finish_child(second, timeout=120)
        assert code == KEYS_REFUSED, out + err
        assert "will not start" in err
        assert "ONRECORD_VAULT_KEYS[k1] on this node differs" in err
        assert "ONRECORD_VAULT_KEYS_FILE" in err  # how to supply it
        assert "is running" not in out
        assert keys["ONRECORD_VAULT_KEYS"].split(":")[1] not in err + out

        files = {}
        for name, value in keys.items():
            path = tmp_path / name.lower()
            path.write_text(value + "\n")
            path.chmod(0o600)
            files[f"{name}_FILE"] = str(path)
        env = _node(tmp_path / "c", {})
        for name in keys:
            env.pop(name, None)
        env.update(files)
        third = start_child([sys.executable, "-m", "onrecord", "keys", "check"], env=env)
        code, out, err = finish_child(third, timeout=120)
        assert code == 0, err
        assert "agree" in out
