"""Where encrypted recordings are kept: one port, a filesystem adapter, an in-memory fake.

Pure Python (no Django). A blob is written once: its bytes go to a temporary file beside the
final name, are fsynced, and are linked into place (which refuses to replace an existing blob),
then the directory is fsynced. A crash at any moment leaves either the whole blob under its
name or only a temporary file that `remove_temporaries` deletes; never a half-written blob.
"""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from onrecord.durable_files import fsync_dir

_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f-]{36}\.orv$")
TEMP_PREFIX = ".tmp-"


class StorageError(OSError):
    """The store could not keep or find a blob; the message says which and why."""


class BlobExistsError(StorageError):
    """The blob already exists: originals are write-once."""


class StorageFullError(StorageError):
    """The store ran out of space (or hit a size limit) while writing."""


def blob_name_for(recording_id: str) -> str:
    """The store name of a recording: sharded by its first two hex digits."""
    return f"{recording_id[:2]}/{recording_id}.orv"


def check_blob_name(name: str) -> None:
    if not _NAME.match(name):
        raise StorageError(f"invalid blob name {name!r}")


class PendingBlob(Protocol):
    """A blob being written. Nothing is visible under its name until commit() returns."""

    name: str

    def write(self, data: bytes) -> None: ...

    def finish_writing(self) -> None:
        """Flush and fsync: after this the temporary holds every byte (or raises)."""

    def open_written(self) -> BinaryIO:
        """Read back what was written so far (for probing before commit)."""

    def commit(self) -> None:
        """Make the blob visible under its name, durably; refuses to replace an existing one."""

    def abort(self) -> None:
        """Remove the temporary (safe to call at any time, and more than once)."""


class BlobStore(Protocol):
    def begin(self, name: str) -> PendingBlob: ...

    def open(self, name: str) -> BinaryIO: ...

    def size(self, name: str) -> int: ...

    def exists(self, name: str) -> bool: ...

    def names(self) -> Iterator[str]:
        """Every committed blob's name."""

    def age_seconds(self, name: str) -> float: ...

    def delete(self, name: str) -> None:
        """Remove a blob. Only for an orphan (no row) or, later, disposal after crypto-shredding."""

    def remove_temporaries(self, older_than_seconds: float = 0) -> int:
        """Delete temporaries left by writers that died; returns how many."""


def storage_error(exc: OSError, what: str) -> StorageError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StorageFullError(exc.errno, f"{what}: the store is full ({os.strerror(exc.errno)})")
    return StorageError(exc.errno, f"{what}: {exc.strerror or exc}")


class _FilePending:
    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self._final = root / name
        self._final.parent.mkdir(parents=True, exist_ok=True)
        if self._final.exists():
            raise BlobExistsError(errno.EEXIST, f"blob {name} already exists")
        self._tmp = self._final.parent / f"{TEMP_PREFIX}{self._final.name}.{secrets.token_hex(6)}"
        fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file: BinaryIO | None = os.fdopen(fd, "wb", buffering=0)
        self._done = False

    def write(self, data: bytes) -> None:
        assert self._file is not None, "the blob is no longer being written"
        view = memoryview(data)
        try:
            while view:
                written = self._file.write(view)
                if written is None or written == 0:  # pragma: no cover - non-blocking files only
                    raise OSError(errno.EIO, "short write")
                view = view[written:]
        except OSError as exc:
            raise storage_error(exc, f"writing blob {self.name}") from exc

    def finish_writing(self) -> None:
        if self._file is None:
            return
        try:
            # Read-only from now on: the original is never written again, even by mistake.
            os.fchmod(self._file.fileno(), 0o400)
            os.fsync(self._file.fileno())
            self._file.close()
        except OSError as exc:
            raise storage_error(exc, f"writing blob {self.name}") from exc
        self._file = None

    def open_written(self) -> BinaryIO:
        return open(self._tmp, "rb")  # the caller closes it

    def commit(self) -> None:
        self.finish_writing()
        try:
            # link() fails if the name exists, where rename() would silently replace it.
            os.link(self._tmp, self._final)
        except FileExistsError:
            raise BlobExistsError(errno.EEXIST, f"blob {self.name} already exists") from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise storage_error(exc, f"committing blob {self.name}") from exc
            # A filesystem without hard links: names are random UUIDs, so check-then-rename.
            if self._final.exists():
                raise BlobExistsError(errno.EEXIST, f"blob {self.name} already exists") from None
            os.replace(self._tmp, self._final)
        self._tmp.unlink(missing_ok=True)
        fsync_dir(self._final.parent)
        self._done = True

    def abort(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._tmp.unlink(missing_ok=True)


class FileBlobStore:
    """Blobs as files under `root` (default `<data dir>/vault/`), sharded by name."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _path(self, name: str) -> Path:
        check_blob_name(name)
        return self.root / name

    def begin(self, name: str) -> _FilePending:
        check_blob_name(name)
        try:
            return _FilePending(self.root, name)
        except BlobExistsError:
            raise
        except OSError as exc:
            raise storage_error(exc, f"starting blob {name}") from exc

    def open(self, name: str) -> BinaryIO:
        try:
            return open(self._path(name), "rb")  # the caller closes it
        except FileNotFoundError:
            raise StorageError(errno.ENOENT, f"blob {name} is missing from the store") from None

    def size(self, name: str) -> int:
        return self._path(name).stat().st_size

    def exists(self, name: str) -> bool:
        return self._path(name).exists()

    def age_seconds(self, name: str) -> float:
        return time.time() - self._path(name).stat().st_mtime

    def names(self) -> Iterator[str]:
        for shard in sorted(self.root.iterdir()):
            if not shard.is_dir() or len(shard.name) != 2:
                continue
            for entry in sorted(shard.iterdir()):
                name = f"{shard.name}/{entry.name}"
                if _NAME.match(name):
                    yield name

    def delete(self, name: str) -> None:
        path = self._path(name)
        path.unlink(missing_ok=True)
        fsync_dir(path.parent)

    def temporaries(self) -> list[Path]:
        return sorted(self.root.glob(f"*/{TEMP_PREFIX}*"))

    def remove_temporaries(self, older_than_seconds: float = 0) -> int:
        removed = 0
        now = time.time()
        for path in self.temporaries():
            try:
                if now - path.stat().st_mtime >= older_than_seconds:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed


class _MemoryPending:
    def __init__(self, store: MemoryBlobStore, name: str) -> None:
        self.name = name
        self._store = store
        self._buffer = io.BytesIO()
        self._open = True

    def write(self, data: bytes) -> None:
        if self._store.capacity is not None and (
            self._store.used() + self._buffer.tell() + len(data) > self._store.capacity
        ):
            raise StorageFullError(errno.ENOSPC, f"writing blob {self.name}: the store is full")
        self._buffer.write(data)

    def finish_writing(self) -> None:
        pass

    def open_written(self) -> BinaryIO:
        return io.BytesIO(self._buffer.getvalue())

    def commit(self) -> None:
        if self.name in self._store.blobs:
            raise BlobExistsError(errno.EEXIST, f"blob {self.name} already exists")
        self._store.blobs[self.name] = self._buffer.getvalue()
        self._store.pending.discard(self)
        self._open = False

    def abort(self) -> None:
        self._store.pending.discard(self)
        self._open = False


class MemoryBlobStore:
    """An in-memory fake with the same contract, for unit tests (optionally size-capped)."""

    def __init__(self, capacity: int | None = None) -> None:
        self.blobs: dict[str, bytes] = {}
        self.pending: set[_MemoryPending] = set()
        self.capacity = capacity

    def used(self) -> int:
        return sum(len(b) for b in self.blobs.values())

    def begin(self, name: str) -> _MemoryPending:
        check_blob_name(name)
        if name in self.blobs:
            raise BlobExistsError(errno.EEXIST, f"blob {name} already exists")
        pending = _MemoryPending(self, name)
        self.pending.add(pending)
        return pending

    def open(self, name: str) -> BinaryIO:
        check_blob_name(name)
        if name not in self.blobs:
            raise StorageError(errno.ENOENT, f"blob {name} is missing from the store")
        return io.BytesIO(self.blobs[name])

    def size(self, name: str) -> int:
        return len(self.blobs[name])

    def exists(self, name: str) -> bool:
        return name in self.blobs

    def age_seconds(self, name: str) -> float:
        return float("inf")

    def names(self) -> Iterator[str]:
        yield from sorted(self.blobs)

    def delete(self, name: str) -> None:
        self.blobs.pop(name, None)

    def remove_temporaries(self, older_than_seconds: float = 0) -> int:
        count = len(self.pending)
        self.pending.clear()
        return count
