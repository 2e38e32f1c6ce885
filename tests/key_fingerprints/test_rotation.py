"""Rotation (issue 15): a new vault key added to the secret store is refused by the start-up
check until `onrecord keys record` (audited) records it; then a node without it is refused; a
changed secret key is accepted only when named; a key is dropped only when nothing names it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from onrecord.audit.models import AuditEvent
from onrecord.commands import main
from onrecord.key_fingerprints.models import KeyFingerprint
from onrecord.key_fingerprints.startup import RecordRefused, check_keys, record_keys
from onrecord.vault.keys import encode_key, load_keyring
from onrecord.webhooks.models import Subscriber
from tests.support.personas import World

pytestmark = pytest.mark.django_db

NEW_KEY = "knew:" + encode_key(bytes(range(32)))


def _old_keys() -> str:
    ring = load_keyring(Path(settings.DATA_DIR), environ={})
    return ",".join(f"{key_id}:{encode_key(key)}" for key_id, key in ring.keys.items())


def test_the_first_check_records_and_the_next_agrees() -> None:
    assert check_keys() == []
    names = set(KeyFingerprint.objects.values_list("name", flat=True))
    assert {"ONRECORD_SECRET_KEY", "ONRECORD_SIGNING_KEY"} <= names
    assert any(name.startswith("ONRECORD_VAULT_KEYS[") for name in names)
    assert check_keys() == []


def test_a_new_vault_key_is_recorded_by_the_audited_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_keys() == []
    old = _old_keys()
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", f"{old},{NEW_KEY}")
    problems = check_keys()
    assert len(problems) == 1
    assert "ONRECORD_VAULT_KEYS[knew] is held here but was never recorded" in problems[0]

    assert main(["keys", "record", "--by", "ops-jo"]) == 0
    assert "added: ONRECORD_VAULT_KEYS[knew]" in capsys.readouterr().out
    event = AuditEvent.objects.get(action="keys.recorded")
    assert event.detail["added"] == ["ONRECORD_VAULT_KEYS[knew]"]
    assert event.detail["by"] == "ops-jo"
    assert check_keys() == []

    monkeypatch.setenv("ONRECORD_VAULT_KEYS", old)  # a node not yet given the new key
    problems = check_keys()
    assert len(problems) == 1
    assert "ONRECORD_VAULT_KEYS[knew] is missing on this node" in problems[0]
    assert main(["keys", "check"]) == 1


def test_a_changed_secret_key_needs_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    assert check_keys() == []
    monkeypatch.setattr(settings, "SECRET_KEY", "n" * 64)
    assert any("ONRECORD_SECRET_KEY on this node differs" in p for p in check_keys())
    with pytest.raises(RecordRefused, match="--replace ONRECORD_SECRET_KEY"):
        record_keys(by="ops-jo")
    assert not AuditEvent.objects.filter(action="keys.recorded").exists()
    result = record_keys(replace=frozenset({"ONRECORD_SECRET_KEY"}), by="ops-jo")
    assert result.replaced == ["ONRECORD_SECRET_KEY"]
    assert check_keys() == []


def test_a_vault_key_is_dropped_only_when_no_recording_names_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = _old_keys()
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", f"{old},{NEW_KEY}")
    assert check_keys() == []
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", NEW_KEY)  # the old key retired everywhere
    result = record_keys(by="ops-jo")
    assert result.removed == [f"ONRECORD_VAULT_KEYS[{old.split(':')[0]}]"]
    assert check_keys() == []


def test_a_vault_key_a_recording_names_is_never_dropped(
    monkeypatch: pytest.MonkeyPatch, recording: object
) -> None:
    assert check_keys() == []
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", NEW_KEY)
    with pytest.raises(RecordRefused, match="recording\\(s\\) are wrapped by it"):
        record_keys(by="ops-jo")
    assert check_keys() != []


def test_a_vault_key_a_webhook_secret_is_sealed_by_is_kept_until_resealed(
    monkeypatch: pytest.MonkeyPatch, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    subscriber = Subscriber.objects.create(
        authority=world.case.authority, name="mosaic", url="https://m.example/h", kinds=[]
    )
    secret = subscriber.new_secret
    old = _old_keys()
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", f"{old},{NEW_KEY}")
    assert check_keys() == []
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", NEW_KEY)
    with pytest.raises(RecordRefused, match="webhook subscriber secret\\(s\\) are sealed by it"):
        record_keys(by="ops-jo")

    monkeypatch.setenv("ONRECORD_VAULT_KEYS", f"{old},{NEW_KEY}")  # both, on one node
    assert main(["webhooks", "rewrap-secrets"]) == 0
    assert "1 subscriber secret sealed under the active key" in capsys.readouterr().out
    monkeypatch.setenv("ONRECORD_VAULT_KEYS", NEW_KEY)
    assert (
        Subscriber.objects.get(pk=subscriber.pk).signing_secret(
            load_keyring(Path(settings.DATA_DIR))
        )
        == secret
    )
    record_keys(by="ops-jo")  # now the old key may go
