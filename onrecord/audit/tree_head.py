"""Signed checkpoints of the audit trail: pure Python (no Django), so a court can check them.

A checkpoint is a tree head in the C2SP `tlog-checkpoint` format, signed as a C2SP `signed-note`
with the authority's Ed25519 key (the key that signs court bundles):

    onrecord/audit                        <- origin: names the authority's log
    5821                                  <- tree size: the first 5821 audit entries
    nJ0WtFzjW0CXoxmTyYxq8W4dFoC6iEY1m4Oz0fW2yv8=   <- base64 of the RFC 6962 Merkle root
    timestamp 2026-03-04T10:00:00Z        <- an extension line: when it was signed
                                          <- a blank line ends the note's text
    — onrecord/audit Wbo0C...base64...    <- signature line: key name, then base64 of
                                             key id (4 bytes) || Ed25519 signature (64 bytes)

The key id is the first four bytes of SHA-256(key name || 0x0A || 0x01 || raw public key), as
the signed-note specification defines it for Ed25519; the key name is the origin. The leaves
are the audit entries' own hashes (chain.py), so leaf i is SHA-256(0x00 || hash of entry i+1).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from onrecord.audit.merkle import HASH_SIZE

SIGNATURE_DASH = "\u2014 "  # an em dash and a space begin each signature line
ED25519 = b"\x01"
_KEY_NAME = re.compile(r"^[^\s+]+$")
# The tree size: ASCII decimal without leading zeros, at most 20 digits (a uint64). Not
# str.isdigit, which takes "²" and other digits int() then refuses or reads.
_SIZE = re.compile(r"0|[1-9][0-9]{0,19}")
_MAX_NOTE = 16 * 1024  # a checkpoint is a few hundred bytes; refuse anything much larger


class CheckpointError(ValueError):
    """A checkpoint that cannot be read, or whose signature does not verify."""


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(name: str, key: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + _raw(key)).digest()[:4]


def verifier_key(name: str, key: Ed25519PublicKey) -> str:
    """The signed-note verifier key string: name+hex(key id)+base64(0x01 || public key)."""
    return f"{name}+{key_id(name, key).hex()}+{base64.b64encode(ED25519 + _raw(key)).decode()}"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    timestamp: str = ""  # RFC 3339, UTC, when signed ("" when the note has none)
    extensions: tuple[str, ...] = field(default=())

    def body(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode()]
        if self.timestamp:
            lines.append(f"timestamp {self.timestamp}")
        lines += [line for line in self.extensions if not line.startswith("timestamp ")]
        return "\n".join(lines) + "\n"

    def describe(self) -> str:
        when = f", signed {self.timestamp}" if self.timestamp else ""
        return f"checkpoint of {self.size} entries{when}"


def now_stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> str:
    """The signed note: the checkpoint's text, a blank line, the signature line."""
    if not _KEY_NAME.match(checkpoint.origin):
        raise CheckpointError(f"origin {checkpoint.origin!r}: no spaces or '+' allowed")
    if len(checkpoint.root) != HASH_SIZE:
        raise CheckpointError("the root hash is not 32 bytes")
    body = checkpoint.body()
    signature = key.sign(body.encode())
    blob = key_id(checkpoint.origin, key.public_key()) + signature
    return f"{body}\n{SIGNATURE_DASH}{checkpoint.origin} {base64.b64encode(blob).decode()}\n"


@dataclass(frozen=True)
class _Parsed:
    checkpoint: Checkpoint
    body: bytes
    signatures: list[tuple[str, bytes]]


def _parse(note: str) -> _Parsed:
    if len(note) > _MAX_NOTE:
        raise CheckpointError("too large to be a checkpoint")
    if "\n\n" not in note or not note.endswith("\n"):
        raise CheckpointError("not a signed note (no blank line before the signatures)")
    body, _, signature_block = note.rpartition("\n\n")
    body += "\n"
    lines = body[:-1].split("\n")
    if len(lines) < 3:
        raise CheckpointError("a checkpoint has an origin, a tree size and a root hash")
    origin, size_text, root_text, *extensions = lines
    if not _KEY_NAME.match(origin):
        raise CheckpointError(f"origin {origin!r} is not a log name")
    if not _SIZE.fullmatch(size_text):
        raise CheckpointError(f"tree size {size_text[:40]!r} is not a number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CheckpointError("the root hash is not base64") from exc
    if len(root) != HASH_SIZE:
        raise CheckpointError("the root hash is not 32 bytes")
    timestamp = ""
    for line in extensions:
        if not line:
            raise CheckpointError("an empty line inside the checkpoint's text")
        if line.startswith("timestamp "):
            timestamp = line.removeprefix("timestamp ")
    signatures: list[tuple[str, bytes]] = []
    for line in signature_block[:-1].split("\n"):
        if not line.startswith(SIGNATURE_DASH):
            raise CheckpointError("a signature line does not begin with an em dash")
        name, _, encoded = line.removeprefix(SIGNATURE_DASH).partition(" ")
        try:
            blob = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CheckpointError("a signature is not base64") from exc
        if len(blob) < 5:
            raise CheckpointError("a signature is too short")
        signatures.append((name, blob))
    others = tuple(line for line in extensions if not line.startswith("timestamp "))
    checkpoint = Checkpoint(origin, int(size_text), root, timestamp, others)
    return _Parsed(checkpoint, body.encode(), signatures)


def parse(note: str) -> Checkpoint:
    """The checkpoint a note states, without checking its signature."""
    return _parse(note).checkpoint


def open_signed(note: str, keys: list[Ed25519PublicKey], origin: str | None = None) -> Checkpoint:
    """The checkpoint, if one of `keys` signed it (under the checkpoint's own origin as key name)
    and, when `origin` is given, it is that log's; CheckpointError saying why not otherwise."""
    parsed = _parse(note)
    checkpoint = parsed.checkpoint
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointError(f"it is a checkpoint of another log ({checkpoint.origin!r})")
    for name, blob in parsed.signatures:
        if name != checkpoint.origin:
            continue
        for key in keys:
            if blob[:4] != key_id(name, key):
                continue
            try:
                key.verify(blob[4:], parsed.body)
            except InvalidSignature as exc:
                raise CheckpointError("its signature does not verify") from exc
            return checkpoint
    raise CheckpointError("it is not signed by the authority's key")
