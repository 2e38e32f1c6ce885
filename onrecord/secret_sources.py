"""Where a secret comes from: the port every key loader reads through, and its local adapters.
Pure Python (no Django), at the very bottom of the layers (docs/DEPLOYMENT.md, "Keys").

A secret named `ONRECORD_X` (the Django secret key, the vault's key-encryption keys, the bundle
signing key) is looked up, first found wins, in:

1. the environment variable `ONRECORD_X` itself;
2. the file named by `ONRECORD_X_FILE` (a secret mounted by Docker, Kubernetes, systemd's
   `LoadCredential=`, or a secret store's agent), which must be private to the service's user;
3. the file `ONRECORD_X` inside the directory `ONRECORD_SECRETS_DIR` (a whole secret store
   mounted as files, one per name: Vault Agent templates, the Secrets Store CSI driver).

Setting both `ONRECORD_X` and `ONRECORD_X_FILE` is refused (which would win is a guess).
A key management service plugs in as another `SecretSource`: anything with `get(name)`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

SECRETS_DIR = "ONRECORD_SECRETS_DIR"
FILE_SUFFIX = "_FILE"
MAX_SECRET_BYTES = 64 * 1024


class KeyConfigError(RuntimeError):
    """The key configuration is missing or malformed; the message says where and how."""


@dataclass(frozen=True)
class Secret:
    value: str
    where: str  # for messages: the variable or the file it came from, never the value


class SecretSource(Protocol):
    """The port: a named secret, or None when this source does not hold it."""

    def get(self, name: str) -> Secret | None: ...


def read_secret_file(path: Path, where: str) -> str:
    """A secret file's text, refused when missing, too big, or readable by other users."""
    try:
        info = path.stat()
    except OSError as exc:
        raise KeyConfigError(f"{where}: {path} cannot be read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise KeyConfigError(f"{where}: {path} is not a file")
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyConfigError(
            f"{where}: {path} is readable by other users "
            f"(mode {stat.S_IMODE(info.st_mode):o}): chmod 600 it, or mount it with mode 0400"
        )
    if info.st_size > MAX_SECRET_BYTES:
        raise KeyConfigError(f"{where}: {path} is larger than a key file can be")
    try:
        text = path.read_text(encoding="ascii")
    except UnicodeDecodeError as exc:
        raise KeyConfigError(f"{where}: {path} is not plain ASCII text") from exc
    except OSError as exc:
        raise KeyConfigError(f"{where}: {path} cannot be read ({exc.strerror or exc})") from exc
    if not text.strip():
        raise KeyConfigError(f"{where}: {path} is empty")
    return text.strip()


@dataclass(frozen=True)
class EnvironmentSecrets:
    """The local adapter: the environment, `*_FILE` variables and ONRECORD_SECRETS_DIR."""

    environ: Mapping[str, str]

    def get(self, name: str) -> Secret | None:
        value = self.environ.get(name, "").strip()
        file_name = self.environ.get(name + FILE_SUFFIX, "").strip()
        if value and file_name:
            raise KeyConfigError(
                f"both {name} and {name}{FILE_SUFFIX} are set: keep only one of them"
            )
        if value:
            return Secret(value, name)
        if file_name:
            where = f"{name}{FILE_SUFFIX}"
            return Secret(read_secret_file(Path(file_name), where), f"{where} ({file_name})")
        directory = self.environ.get(SECRETS_DIR, "").strip()
        if directory:
            path = Path(directory) / name
            if path.exists():
                return Secret(read_secret_file(path, SECRETS_DIR), str(path))
        return None


def configured_secret(name: str, environ: Mapping[str, str] | None = None) -> Secret | None:
    """The secret `name` from the environment's sources, or None when none supplies it."""
    return EnvironmentSecrets(os.environ if environ is None else environ).get(name)
