"""A node pointed at PostgreSQL without its keys refuses to start rather than generating them
(issue 15): `onrecord serve` and `onrecord worker`, as real processes, exit 3 naming each
missing key, and nothing is written into their data directory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from onrecord.commands.node_keys import KEYS_REFUSED
from tests.support.processes import bare_env, finish_child, start_child


@pytest.mark.parametrize("command", [["serve", "--port", "0", "--no-demo"], ["worker"]])
def test_a_node_without_keys_on_postgresql_refuses(tmp_path: Path, command: list[str]) -> None:
    data_dir = tmp_path / "var"
    env = bare_env(data_dir=data_dir)
    # Never reached: the refusal comes before any connection is made.
    env["DATABASE_URL"] = "postgresql://onrecord@127.0.0.1:9/onrecord"
    child = start_child([sys.executable, "-m", "onrecord", *command], env=env)
    status, _, err = finish_child(child, timeout=60)
    assert status == KEYS_REFUSED, err
    for variable in ("ONRECORD_SECRET_KEY", "ONRECORD_VAULT_KEYS", "ONRECORD_SIGNING_KEY"):
        assert f"{variable} is not supplied" in err
    assert "does not generate keys" in err
    assert not data_dir.exists() or not any(
        (data_dir / name).exists() for name in ("secret_key", "vault_keys", "signing_key")
    )


def test_a_supplied_key_is_not_reported(tmp_path: Path) -> None:
    env = bare_env(data_dir=tmp_path / "var")
    env["DATABASE_URL"] = "postgresql://onrecord@127.0.0.1:9/onrecord"
    env["ONRECORD_SECRET_KEY"] = "k" * 64
    child = start_child([sys.executable, "-m", "onrecord", "worker"], env=env)
    status, _, err = finish_child(child, timeout=60)
    assert status == KEYS_REFUSED
    assert "ONRECORD_SECRET_KEY is not supplied" not in err
    assert "ONRECORD_VAULT_KEYS is not supplied" in err
