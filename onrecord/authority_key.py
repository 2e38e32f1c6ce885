"""The authority's signing key (Ed25519): it signs court bundles. Pure Python (no Django).

The private key comes from ONRECORD_SIGNING_KEY (base64 of the 32-byte raw key), or from
`<data dir>/signing_key`, generated once with mode 0600 (a file readable by others is refused)
and never committed.

The authority PUBLISHES a key set: every public key it has signed bundles with, each with the
period it signed in (`not-before`, `not-after`), so a bundle signed at time T verifies with the
key that was valid at T after the key has been rotated. `onrecord signing-key` prints it in the
form `parse_key_set` reads back (`format_key_set`); a court passes that file to
`onrecord verify-bundle --trusted-keys`. Retired keys are kept in `<data dir>/signing_keys.pub`
(or the file ONRECORD_SIGNING_PUBLIC_KEYS names); `rotate_signing_key` adds a new key and retires
the old one there. A key a bundle carries itself is never trusted (disclosure/verify.py).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from onrecord.secret_files import KeyConfigError, check_private, write_private
from onrecord.secret_sources import configured_secret

ENV_SIGNING_KEY = "ONRECORD_SIGNING_KEY"
ENV_PUBLIC_KEYS = "ONRECORD_SIGNING_PUBLIC_KEYS"
ENV_DATA_DIR = "ONRECORD_DATA_DIR"
SIGNING_KEY_FILE = "signing_key"
PUBLIC_KEYS_FILE = "signing_keys.pub"
MAX_KEY_SET_BYTES = 1024 * 1024
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
    configured = configured_secret(ENV_SIGNING_KEY, env)
    if configured:
        return _decode(configured.value, configured.where)
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


def public_key_of(
    directory: Path, environ: Mapping[str, str] | None = None
) -> Ed25519PublicKey | None:
    """The current signing key's public half, without generating one when there is none (a
    verifier must not create keys or directories)."""
    env = os.environ if environ is None else environ
    if configured_secret(ENV_SIGNING_KEY, env) or (directory / SIGNING_KEY_FILE).exists():
        return load_signing_key(directory, env).public_key()
    return None


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """ONRECORD_DATA_DIR or ./var, as onrecord.config.data_dir() finds it, but never made."""
    env = os.environ if environ is None else environ
    root = Path(__file__).resolve().parent.parent
    return Path(env.get(ENV_DATA_DIR) or root / "var").resolve()


# --- the published key set ---------------------------------------------------------------


def _utc(text: str, where: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise KeyConfigError(f"{where}: {text!r} is not an ISO 8601 time") from exc
    if when.tzinfo is None:
        raise KeyConfigError(f"{where}: {text!r} has no time zone (write it in UTC, ending Z)")
    return when.astimezone(dt.UTC)


def format_time(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class PublishedKey:
    """A public key the authority signs bundles with, and the period it signs in: from
    `not_before` (None: from the start) up to but not including `not_after` (None: current)."""

    key: Ed25519PublicKey
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None

    @property
    def key_id(self) -> str:
        return fingerprint(self.key)

    @property
    def raw(self) -> bytes:
        return self.key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def valid_at(self, when: dt.datetime) -> bool:
        if self.not_before is not None and when < self.not_before:
            return False
        return self.not_after is None or when < self.not_after

    def period(self) -> str:
        start = format_time(self.not_before) if self.not_before else "the start"
        end = format_time(self.not_after) if self.not_after else "now (current)"
        return f"from {start} until {end}"


@dataclass(frozen=True)
class KeySet:
    """The keys a verifier trusts. Empty: no trusted key, so no signer can be confirmed."""

    keys: tuple[PublishedKey, ...] = ()

    def __iter__(self) -> Iterator[PublishedKey]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, key_id: str) -> PublishedKey | None:
        return next((k for k in self.keys if k.key_id == key_id), None)

    def with_key(self, key: PublishedKey) -> KeySet:
        """This set with `key` added, or put in place of the entry for the same key."""
        others = tuple(k for k in self.keys if k.key_id != key.key_id)
        return KeySet((*others, key))

    @classmethod
    def of(cls, *keys: Ed25519PublicKey) -> KeySet:
        """Keys trusted for any signing time (a single published PEM, or a test's key)."""
        return cls(tuple(PublishedKey(k) for k in keys))


_HEADER = (
    "# OnRecord court-bundle signing keys (Ed25519), published by the authority.\n"
    "# Check a bundle with: onrecord verify-bundle BUNDLE.zip --trusted-keys THIS_FILE\n"
    "# A bundle verifies only with a key below that was valid when it was signed (the\n"
    "# manifest's created_at): not-before <= created_at < not-after (times in UTC).\n"
)
_FINGERPRINT = "fingerprint (SHA-256)"
_NOT_BEFORE = "not-before"
_NOT_AFTER = "not-after"
_HEADERS = {name.lower(): name for name in (_FINGERPRINT, _NOT_BEFORE, _NOT_AFTER)}
_BEGIN = "-----BEGIN PUBLIC KEY-----"
_END = "-----END PUBLIC KEY-----"


def format_key_set(keys: KeySet) -> str:
    """The published form: what `onrecord signing-key` prints and `parse_key_set` reads."""
    parts = [_HEADER]
    for key in sorted(keys, key=lambda k: (k.not_before or dt.datetime.min.replace(tzinfo=dt.UTC))):
        lines = [f"{_FINGERPRINT}: {key.key_id}"]
        lines.append(f"{_NOT_BEFORE}: {format_time(key.not_before) if key.not_before else '-'}")
        lines.append(f"{_NOT_AFTER}: {format_time(key.not_after) if key.not_after else '-'}")
        parts.append("\n".join(lines) + "\n" + public_pem(key.key).decode("ascii"))
    return "\n".join(parts)


def _pem_key(block: str, where: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(block.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise KeyConfigError(f"{where}: not a PEM public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyConfigError(f"{where}: not an Ed25519 public key")
    return key


def _published_key(key: Ed25519PublicKey, headers: dict[str, str], where: str) -> PublishedKey:
    stated = headers.get(_FINGERPRINT)
    if stated is not None and stated.strip().lower() != fingerprint(key):
        raise KeyConfigError(
            f"{where}: the fingerprint written beside the key ({stated.strip()}) is not the "
            f"key's own ({fingerprint(key)})"
        )
    times: dict[str, dt.datetime | None] = {}
    for name in (_NOT_BEFORE, _NOT_AFTER):
        value = headers.get(name, "-").strip()
        times[name] = None if value in {"", "-"} else _utc(value, f"{where}: {name}")
    entry = PublishedKey(key, times[_NOT_BEFORE], times[_NOT_AFTER])
    if entry.not_before and entry.not_after and entry.not_after <= entry.not_before:
        raise KeyConfigError(f"{where}: not-after is not later than not-before")
    return entry


def parse_key_set(text: str, where: str) -> KeySet:
    """Read a published key set: what `format_key_set` writes, one or more bare PEM public
    keys (trusted for any signing time), or the older `signing-key` output (a PEM followed by
    its fingerprint). Anything else is refused with the line it is on."""
    if len(text) > MAX_KEY_SET_BYTES:
        raise KeyConfigError(f"{where}: larger than {MAX_KEY_SET_BYTES} bytes: not a key set")
    keys: list[PublishedKey] = []
    headers: dict[str, str] = {}
    block: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        at = f"{where}, line {number}"
        if block is not None:
            block.append(stripped)
            if stripped == _END:
                keys.append(_published_key(_pem_key("\n".join(block) + "\n", at), headers, at))
                headers, block = {}, None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if stripped == _BEGIN:
            block = [stripped]
            continue
        name, colon, value = stripped.partition(":")
        name = _HEADERS.get(name.strip().lower(), "")
        if not colon or not name:
            raise KeyConfigError(f"{at}: not part of a published key set: {stripped[:60]!r}")
        if name in headers:
            raise KeyConfigError(f"{at}: {name} given twice for one key")
        headers[name] = value
    if block is not None:
        raise KeyConfigError(f"{where}: a public key is not ended by {_END}")
    if headers:
        # The older `signing-key` output: PEM, then "fingerprint (SHA-256): ...".
        if set(headers) != {_FINGERPRINT} or not keys:
            raise KeyConfigError(f"{where}: key details at the end with no key after them")
        last = keys[-1]
        _published_key(last.key, headers, where)
    seen: set[str] = set()
    for key in keys:
        if key.key_id in seen:
            raise KeyConfigError(f"{where}: the key {key.key_id} is listed twice")
        seen.add(key.key_id)
    if not keys:
        raise KeyConfigError(f"{where}: no public key in it")
    return KeySet(tuple(keys))


def read_key_set(path: Path, where: str | None = None) -> KeySet:
    label = where or str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_SET_BYTES + 1)
    except OSError as exc:
        raise KeyConfigError(f"{label}: cannot be read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KeyConfigError(f"{label}: not a text file") from exc
    return parse_key_set(text, label)


def public_keys_path(directory: Path, environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    configured = env.get(ENV_PUBLIC_KEYS, "").strip()
    return Path(configured) if configured else directory / PUBLIC_KEYS_FILE


def configured_key_set(
    directory: Path | None = None, environ: Mapping[str, str] | None = None
) -> KeySet:
    """The key set this installation publishes: the keys kept in `signing_keys.pub` (or the
    file ONRECORD_SIGNING_PUBLIC_KEYS names) plus the current signing key if it is not listed.
    Reads only: on a machine with no OnRecord data it is empty."""
    env = os.environ if environ is None else environ
    where = default_data_dir(env) if directory is None else directory
    path = public_keys_path(where, env)
    keys = read_key_set(path) if path.exists() else KeySet()
    current = public_key_of(where, env)
    if current is not None:
        listed = keys.get(fingerprint(current))
        if listed is None:
            keys = keys.with_key(PublishedKey(current))
    return keys


def published_key_set(directory: Path, environ: Mapping[str, str] | None = None) -> KeySet:
    """What `onrecord signing-key` prints: the configured set, the current key generated first
    if there is none yet. Refuses a configuration whose current key is already retired."""
    env = os.environ if environ is None else environ
    current = load_signing_key(directory, env).public_key()
    keys = configured_key_set(directory, env)
    listed = keys.get(fingerprint(current))
    now = dt.datetime.now(dt.UTC)
    if listed is not None and not listed.valid_at(now):
        raise KeyConfigError(
            f"the current signing key {listed.key_id} is not valid now ({listed.period()}) in "
            f"{public_keys_path(directory, env)}: bundles it signs would not verify"
        )
    return keys


def rotate_signing_key(
    directory: Path,
    environ: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> tuple[PublishedKey, PublishedKey, KeySet]:
    """Make a new signing key and retire the current one, keeping its public key published.

    In three steps, each put in place atomically, so an interruption never loses a public key
    nor leaves bundles unverifiable: (1) publish the new key beside the old; (2) replace the
    private key file; (3) close the old key's period at `now`. Returns (old, new, key set)."""
    env = os.environ if environ is None else environ
    if configured_secret(ENV_SIGNING_KEY, env):
        raise KeyConfigError(
            f"the signing key comes from {ENV_SIGNING_KEY}: rotate it by hand (docs/VAULT.md, "
            '"Rotating the signing key")'
        )
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    old_private = load_signing_key(directory, env)
    keys = published_key_set(directory, env)
    old = keys.get(fingerprint(old_private.public_key()))
    assert old is not None  # configured_key_set adds the current key
    if old.not_before is not None and old.not_before >= when:
        raise KeyConfigError(f"the current key {old.key_id} only became valid at {old.not_before}")
    new_private = Ed25519PrivateKey.generate()
    new = PublishedKey(new_private.public_key(), not_before=when)
    path = public_keys_path(directory, env)
    _write_public(path, format_key_set(keys.with_key(old).with_key(new)))
    raw = new_private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    write_private(
        directory / SIGNING_KEY_FILE,
        _FILE_HEADER + base64.b64encode(raw).decode("ascii") + "\n",
        replace=True,
    )
    retired = replace(old, not_after=when)
    final = keys.with_key(retired).with_key(new)
    _write_public(path, format_key_set(final))
    return retired, new, final


def _write_public(path: Path, text: str) -> None:
    """A public file (0644), written whole and put in place atomically."""
    write_private(path, text, replace=True)
    path.chmod(0o644)
