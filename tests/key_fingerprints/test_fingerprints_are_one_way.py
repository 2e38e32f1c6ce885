"""Fingerprints name each key and reveal none (onrecord/key_fingerprints/fingerprints.py)."""

from __future__ import annotations

import hashlib
import secrets

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.key_fingerprints.fingerprints import compare, fingerprint, node_fingerprints
from onrecord.vault.keys import KeyRing


def _ring(**keys: bytes) -> KeyRing:
    return KeyRing(keys=keys, active_id=list(keys)[-1])


def test_every_key_is_fingerprinted_by_name() -> None:
    old, new = secrets.token_bytes(32), secrets.token_bytes(32)
    prints = node_fingerprints("s" * 60, _ring(k1=old, k2=new), Ed25519PrivateKey.generate())
    assert set(prints) == {
        "ONRECORD_SECRET_KEY",
        "ONRECORD_SIGNING_KEY",
        "ONRECORD_VAULT_KEYS[k1]",
        "ONRECORD_VAULT_KEYS[k2]",
    }
    assert len(set(prints.values())) == 4


def test_a_fingerprint_is_keyed_not_a_plain_hash() -> None:
    key = b"a low-entropy secret key of fifty characters......"
    value = fingerprint("ONRECORD_SECRET_KEY", key)
    assert value != hashlib.sha256(key).hexdigest()
    assert key.hex() not in value
    assert fingerprint("ONRECORD_SIGNING_KEY", key) != value  # the role is bound in
    assert fingerprint("ONRECORD_SECRET_KEY", key + b"!") != value


def test_compare_names_missing_different_and_unrecorded_keys() -> None:
    recorded = {"ONRECORD_SECRET_KEY": "aa", "ONRECORD_VAULT_KEYS[k1]": "bb"}
    current = {"ONRECORD_SECRET_KEY": "ab", "ONRECORD_VAULT_KEYS[k2]": "cc"}
    found = {(d.name, d.kind) for d in compare(recorded, current)}
    assert found == {
        ("ONRECORD_SECRET_KEY", "different"),
        ("ONRECORD_VAULT_KEYS[k1]", "missing"),
        ("ONRECORD_VAULT_KEYS[k2]", "unrecorded"),
    }
    assert compare(recorded, dict(recorded)) == []
    messages = [d.message() for d in compare(recorded, current)]
    assert any("ONRECORD_VAULT_KEYS_FILE" in m and "missing" in m for m in messages)
