"""A subscriber's signing secret, sealed at rest under the vault's key-encryption keys.

Pure Python (no Django). The secret's 32 random bytes are wrapped exactly as a recording's data
key is (vault/keys.py: AES-256-GCM under the active KEK, the KEK's id stored beside it), so a
copy of the database or of a backup alone signs nothing, and rotating the KEKs covers these too
(`onrecord webhooks rewrap-secrets`). The associated data binds each wrapped secret to its own
subscriber, and is derived apart from any recording's id: a wrapped secret moved onto another
subscriber, or swapped with a recording's wrapped key, fails authentication.
"""

from __future__ import annotations

import base64
import uuid

from onrecord.vault.keys import KeyRing
from onrecord.webhooks.signing import PREFIX

# Domain separation from recordings' data keys, which are bound to the recording's own id.
_NAMESPACE = uuid.UUID("7d3f1c52-0a4e-4e8e-9a0e-6f0d2b1f5c11")


def _binding(subscriber_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"webhook-subscriber-secret:{subscriber_id}")


def _raw(secret: str) -> bytes:
    if not secret.startswith(PREFIX):
        raise ValueError("a webhook secret starts with whsec_")
    return base64.b64decode(secret.removeprefix(PREFIX), validate=True)


def seal(secret: str, subscriber_id: uuid.UUID, ring: KeyRing) -> tuple[str, bytes]:
    """(KEK id, wrapped bytes) for the secret `whsec_<base64 of 32 bytes>`."""
    return ring.wrap(_raw(secret), _binding(subscriber_id))


def unseal(kek_id: str, wrapped: bytes, subscriber_id: uuid.UUID, ring: KeyRing) -> str:
    """The secret as the subscriber was given it. Raises vault.keys.UnwrapError when the KEK
    is missing or the wrapped bytes were changed or belong to another subscriber."""
    raw = ring.unwrap(kek_id, bytes(wrapped), _binding(subscriber_id))
    return PREFIX + base64.b64encode(raw).decode("ascii")


def reseal(
    kek_id: str, wrapped: bytes, subscriber_id: uuid.UUID, ring: KeyRing
) -> tuple[str, bytes]:
    """Under the active KEK (rotation): the secret itself does not change."""
    return ring.rewrap(kek_id, bytes(wrapped), _binding(subscriber_id))
