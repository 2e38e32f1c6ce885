"""Secret files on disk (the vault's key-encryption keys, the authority's signing key): written
whole with mode 0600 and put in place atomically, and refused when others can read them. Pure
Python (no Django), at the bottom of the layers so every package holding a secret can use it."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from onrecord.secret_sources import KeyConfigError

__all__ = ["KeyConfigError", "check_private", "write_private"]


def check_private(path: Path) -> None:
    """Refuse a secret file that other users can read (keys here, the authority's signing key)."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyConfigError(
            f"{path} is readable by other users (mode {stat.S_IMODE(mode):o}): chmod 600 it"
        )


def write_private(path: Path, text: str, *, replace: bool) -> None:
    """Write a complete file with mode 0600 and put it in place atomically."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            # If another process made it first, keep theirs.
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
