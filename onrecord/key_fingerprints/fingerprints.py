"""One-way fingerprints of the keys every node must share, and the comparison of a node's keys
with the recorded ones. Pure Python (no Django).

A fingerprint is HMAC-SHA256 of a fixed label under the key: it proves two nodes hold the same
key without revealing it, and (unlike a plain hash) cannot be tested against guesses of a
low-entropy key without the key itself. Names are the variables an operator sets, so a refusal
says what to supply: `ONRECORD_SECRET_KEY`, `ONRECORD_SIGNING_KEY`, and one entry per vault
key-encryption key, `ONRECORD_VAULT_KEYS[<id>]`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.vault.keys import KeyRing

LABEL = b"onrecord key fingerprint v1\x00"
SECRET_KEY = "ONRECORD_SECRET_KEY"  # noqa: S105  (a variable name, not a key)
SIGNING_KEY = "ONRECORD_SIGNING_KEY"
VAULT_KEY_PREFIX = "ONRECORD_VAULT_KEYS"


def vault_key_name(key_id: str) -> str:
    return f"{VAULT_KEY_PREFIX}[{key_id}]"


def fingerprint(name: str, key: bytes) -> str:
    """HMAC-SHA256(key, label || name), hex: the name is bound in, so two roles never share one."""
    return hmac.new(key, LABEL + name.encode("ascii"), hashlib.sha256).hexdigest()


def node_fingerprints(
    secret_key: str, ring: KeyRing, signing_key: Ed25519PrivateKey
) -> dict[str, str]:
    """Every key this node holds, by name, as its fingerprint."""
    raw_signing = signing_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    prints = {
        SECRET_KEY: fingerprint(SECRET_KEY, secret_key.encode("utf-8")),
        SIGNING_KEY: fingerprint(SIGNING_KEY, raw_signing),
    }
    for key_id, key in ring.keys.items():
        name = vault_key_name(key_id)
        prints[name] = fingerprint(name, key)
    return prints


_HOW = {
    name: f"set {name} (or {name}_FILE) to the installation's key"
    for name in (SECRET_KEY, SIGNING_KEY)
}
_HOW_VAULT = (
    "set ONRECORD_VAULT_KEYS (or ONRECORD_VAULT_KEYS_FILE) to the installation's whole key ring"
)


@dataclass(frozen=True)
class Disagreement:
    name: str
    kind: str  # "missing": recorded, not held here; "different"; "unrecorded": held, not recorded

    def message(self) -> str:
        how = _HOW.get(self.name, _HOW_VAULT)
        if self.kind == "missing":
            return f"{self.name} is missing on this node: {how}."
        if self.kind == "different":
            return (
                f"{self.name} on this node differs from the one the installation recorded: {how}."
            )
        return (
            f"{self.name} is held here but was never recorded for this installation: if it is a "
            "new key from rotation, record it with `onrecord keys record` (audited) on this "
            f"node, then give it to every node; otherwise {how}."
        )


def compare(recorded: Mapping[str, str], current: Mapping[str, str]) -> list[Disagreement]:
    """How this node's keys differ from the recorded ones; empty when they agree."""
    problems = []
    for name in sorted(set(recorded) | set(current)):
        if name not in current:
            problems.append(Disagreement(name, "missing"))
        elif name not in recorded:
            problems.append(Disagreement(name, "unrecorded"))
        elif not hmac.compare_digest(recorded[name], current[name]):
            problems.append(Disagreement(name, "different"))
    return problems
