"""Key rotation reaches a live recording still open: `rewrap_all` re-wraps its session's data
key under the new key-encryption key (audited as a change of the session), so once the old key
is retired the chunks already stored still decrypt and the recording is finished whole."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.vault.keys import KeyRing
from onrecord.vault.live.services import finish, receive_chunk, start_session
from onrecord.vault.models.live import LiveSession
from onrecord.vault.services import rewrap_all
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, MIME, WEBM, sha256, use_private_spool


def _env(keys: dict[str, bytes]) -> str:
    return ",".join(f"{kid}:{base64.b64encode(key).decode()}" for kid, key in keys.items())


def test_an_open_session_is_rewrapped_and_survives_the_old_keys_retirement(
    world: World, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_private_spool(settings, tmp_path)
    old, new = os.urandom(32), os.urandom(32)
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", _env({"k2025": old}))
    session = start_session(world.meeting, world.users["chair"], MIME)
    receive_chunk(session.pk, 0, CHUNKS[0])

    monkeypatch.setenv("ONRECORD_VAULT_KEYS", _env({"k2025": old, "k2026": new}))
    assert rewrap_all(KeyRing(keys={"k2025": old, "k2026": new}, active_id="k2026")) == 1
    assert LiveSession.objects.get(pk=session.pk).kek_id == "k2026"
    change = AuditEvent.objects.get(action="change", object_type="vault.livesession")
    assert sorted(change.detail["fields"]) == ["kek_id", "wrapped_key"]

    monkeypatch.setenv("ONRECORD_VAULT_KEYS", _env({"k2026": new}))  # the old key retired
    receive_chunk(session.pk, 1, CHUNKS[1])
    receive_chunk(session.pk, 2, CHUNKS[2])
    assert finish(session.pk, None).sha256 == sha256(WEBM)
