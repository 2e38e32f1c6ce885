"""Files that must survive a crash: a directory's entries made durable after a rename, and a
file's SHA-256 read in one pass. Pure Python (no Django), at the bottom of the layers so the
vault (audio) and speech (model caches) share one version."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["fsync_dir", "sha256_file"]


def fsync_dir(path: Path) -> None:
    """Flush `path`'s directory entries: a file renamed into it stays there after a power cut
    (POSIX makes the rename durable only once the directory itself is synced)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    """The hex SHA-256 of the file at `path`, read in blocks (a model file is hundreds of MB)."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
