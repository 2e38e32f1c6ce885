"""The authority's signing key (Ed25519): it signs court bundles. Pure Python (no Django).

The private key comes from ONRECORD_SIGNING_KEY (base64 of the 32-byte raw key), or from
`<data dir>/signing_key`, generated once with mode 0600 (a file readable by others is refused)
and never committed. The public key is published by the council and printed by
`onrecord signing-key`; a court compares it with the `signing_key.pub` inside a bundle.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from onrecord.secret_files import KeyConfigError, check_private, write_private

ENV_SIGNING_KEY = "ONRECORD_SIGNING_KEY"
SIGNING_KEY_FILE = "signing_key"
_FILE_HEADER = (
    "# OnRecord court-bundle signing key (Ed25519, base64 of the raw 32-byte private key).\n"
    "# Keep it secret; publish only the public key (onrecord signing-key).\n"
)


def _decode(text: str, where: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyConfigError(f"{where}: the signing key is not valid base64") from exc
    if len(raw) != 32:
        raise KeyConfigError(f"{where}: an Ed25519 private key is 32 bytes, not {len(raw)}")
    return Ed25519PrivateKey.from_private_bytes(raw)


def load_signing_key(
    directory: Path, environ: Mapping[str, str] | None = None
) -> Ed25519PrivateKey:
    env = os.environ if environ is None else environ
    configured = env.get(ENV_SIGNING_KEY, "").strip()
    if configured:
        return _decode(configured, ENV_SIGNING_KEY)
    path = directory / SIGNING_KEY_FILE
    if not path.exists():
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        write_private(
            path, _FILE_HEADER + base64.b64encode(raw).decode("ascii") + "\n", replace=False
        )
    check_private(path)
    lines = [
        line
        for line in path.read_text(encoding="ascii").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    if len(lines) != 1:
        raise KeyConfigError(f"{path}: expected one key line, found {len(lines)}")
    return _decode(lines[0], str(path))


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, in hex groups: easy to read out and compare."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, 64, 4))
