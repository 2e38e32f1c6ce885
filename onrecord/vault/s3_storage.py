"""S3-compatible object storage for the vault, for an authority that outgrows one machine's disk.

Pure Python (boto3, no Django); the same write-once contract as `FileBlobStore`:
- A blob being written goes to a private local spool file first, so ingest can probe it before
  anything is stored, and a crash leaves only a spool file that `remove_temporaries` deletes.
- commit() uploads it with `If-None-Match: *` (a single PUT, or a multipart upload whose
  completion carries the condition): the object appears whole or not at all, and an existing
  original is never replaced. A multipart upload that a crash interrupts is invisible and is
  aborted by `remove_temporaries`.
- Reads are ranged GETs behind a buffered, seekable file, so playback and verification never
  download a whole recording into memory.

The blobs are already encrypted by the vault (AES-256-GCM, docs/VAULT.md), so the object store
never sees plaintext audio; its own server-side encryption is a second layer, not the first.
Credentials come from boto3's usual chain (environment, instance role), never from the repo.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from onrecord.vault.storage import (
    TEMP_PREFIX,
    BlobExistsError,
    StorageError,
    StorageFullError,
    check_blob_name,
    storage_error,
)

# S3 allows at most 10,000 parts of 5 MiB to 5 GiB; 64 MiB parts cover 625 GiB and keep
# the memory of one upload small.
PART_SIZE = 64 * 1024 * 1024
READ_BUFFER = 1024 * 1024


@dataclass(frozen=True)
class S3Settings:
    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None

    def __post_init__(self) -> None:
        if not self.bucket:
            raise ValueError("ONRECORD_VAULT_S3_BUCKET is empty")
        if self.prefix and (self.prefix.startswith("/") or not self.prefix.endswith("/")):
            raise ValueError(
                "ONRECORD_VAULT_S3_PREFIX must not start with '/' and must end with '/', "
                f"e.g. 'onrecord/vault/' (got {self.prefix!r})"
            )
        if self.endpoint_url and not self.endpoint_url.startswith(("https://", "http://")):
            raise ValueError(
                f"ONRECORD_VAULT_S3_ENDPOINT_URL must be an http(s) URL (got {self.endpoint_url!r})"
            )


def _error(exc: Exception, what: str) -> StorageError:
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("NoSuchKey", "404", "NotFound"):
            return StorageError(errno.ENOENT, f"{what}: not found in the object store")
        if code in ("EntityTooLarge", "QuotaExceeded"):
            return StorageFullError(errno.ENOSPC, f"{what}: the object store refused the size")
        return StorageError(errno.EIO, f"{what}: the object store answered {code or exc}")
    return StorageError(errno.EIO, f"{what}: the object store cannot be reached ({exc})")


class _S3Reader(io.RawIOBase):
    """A seekable read-only view of one object, by ranged GETs (wrapped in a buffer)."""

    def __init__(self, client: Any, bucket: str, key: str, size: int) -> None:
        self._client = client
        self._bucket = bucket
        self._key = key
        self._size = size
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._position >= self._size or not len(view):
            return 0
        last = min(self._position + len(view), self._size) - 1
        try:
            response = self._client.get_object(
                Bucket=self._bucket, Key=self._key, Range=f"bytes={self._position}-{last}"
            )
            data = response["Body"].read()
        except (ClientError, BotoCoreError) as exc:
            raise _error(exc, f"reading {self._key}") from exc
        view[: len(data)] = data
        self._position += len(data)
        return len(data)


class _S3Pending:
    def __init__(self, store: S3BlobStore, name: str) -> None:
        self.name = name
        self._store = store
        self._tmp = store.spool / f"{TEMP_PREFIX}{name.replace('/', '_')}.{secrets.token_hex(6)}"
        fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file: BinaryIO | None = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        assert self._file is not None, "the blob is no longer being written"
        try:
            self._file.write(data)
        except OSError as exc:
            raise storage_error(exc, f"spooling blob {self.name}") from exc

    def finish_writing(self) -> None:
        if self._file is None:
            return
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
        except OSError as exc:
            raise storage_error(exc, f"spooling blob {self.name}") from exc
        self._file = None

    def open_written(self) -> BinaryIO:
        return open(self._tmp, "rb")  # the caller closes it

    def commit(self) -> None:
        self.finish_writing()
        self._store._upload(self._tmp, self.name)
        self._tmp.unlink(missing_ok=True)

    def abort(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._tmp.unlink(missing_ok=True)


class S3BlobStore:
    """Blobs as objects `<prefix><shard>/<id>.orv` in one bucket."""

    def __init__(self, config: S3Settings, spool: Path, client: Any | None = None) -> None:
        self.config = config
        self.spool = spool
        spool.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.client = client or boto3.client(
            "s3",
            endpoint_url=config.endpoint_url,
            region_name=config.region,
            config=Config(retries={"max_attempts": 5, "mode": "standard"}),
        )

    def _key(self, name: str) -> str:
        check_blob_name(name)
        return f"{self.config.prefix}{name}"

    def _head(self, name: str) -> dict[str, Any]:
        try:
            head: dict[str, Any] = self.client.head_object(
                Bucket=self.config.bucket, Key=self._key(name)
            )
        except (ClientError, BotoCoreError) as exc:
            error = _error(exc, f"blob {name}")
            if error.errno == errno.ENOENT:
                raise StorageError(errno.ENOENT, f"blob {name} is missing from the store") from None
            raise error from exc
        return head

    def _upload(self, path: Path, name: str) -> None:
        key = self._key(name)
        bucket = self.config.bucket
        size = path.stat().st_size
        try:
            with open(path, "rb") as source:
                if size <= PART_SIZE:
                    self.client.put_object(
                        Bucket=bucket, Key=key, Body=source, IfNoneMatch="*", ContentLength=size
                    )
                    return
                upload = self.client.create_multipart_upload(Bucket=bucket, Key=key)
                upload_id = upload["UploadId"]
                try:
                    parts = []
                    number = 1
                    while chunk := source.read(PART_SIZE):
                        part = self.client.upload_part(
                            Bucket=bucket,
                            Key=key,
                            UploadId=upload_id,
                            PartNumber=number,
                            Body=chunk,
                        )
                        parts.append({"ETag": part["ETag"], "PartNumber": number})
                        number += 1
                    self.client.complete_multipart_upload(
                        Bucket=bucket,
                        Key=key,
                        UploadId=upload_id,
                        MultipartUpload={"Parts": parts},
                        IfNoneMatch="*",
                    )
                except BaseException:
                    self.client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
                    raise
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("PreconditionFailed", "ConditionalRequestConflict"):
                raise BlobExistsError(errno.EEXIST, f"blob {name} already exists") from None
            raise _error(exc, f"storing blob {name}") from exc
        except BotoCoreError as exc:
            raise _error(exc, f"storing blob {name}") from exc

    def begin(self, name: str) -> _S3Pending:
        check_blob_name(name)
        if self.exists(name):
            raise BlobExistsError(errno.EEXIST, f"blob {name} already exists")
        try:
            return _S3Pending(self, name)
        except OSError as exc:
            raise storage_error(exc, f"starting blob {name}") from exc

    def open(self, name: str) -> BinaryIO:
        size = int(self._head(name)["ContentLength"])
        raw = _S3Reader(self.client, self.config.bucket, self._key(name), size)
        return io.BufferedReader(raw, buffer_size=READ_BUFFER)

    def size(self, name: str) -> int:
        return int(self._head(name)["ContentLength"])

    def exists(self, name: str) -> bool:
        try:
            self._head(name)
        except StorageError as exc:
            if exc.errno == errno.ENOENT:
                return False
            raise
        return True

    def age_seconds(self, name: str) -> float:
        modified: dt.datetime = self._head(name)["LastModified"]
        return time.time() - modified.timestamp()

    def names(self) -> Iterator[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        prefix = self.config.prefix
        try:
            for page in paginator.paginate(Bucket=self.config.bucket, Prefix=prefix):
                for entry in page.get("Contents", []):
                    name = entry["Key"][len(prefix) :]
                    try:
                        check_blob_name(name)
                    except StorageError:
                        continue
                    yield name
        except (ClientError, BotoCoreError) as exc:
            raise _error(exc, "listing the vault") from exc

    def delete(self, name: str) -> None:
        try:
            self.client.delete_object(Bucket=self.config.bucket, Key=self._key(name))
        except (ClientError, BotoCoreError) as exc:
            raise _error(exc, f"deleting blob {name}") from exc

    def remove_temporaries(self, older_than_seconds: float = 0) -> int:
        """Spool files and unfinished multipart uploads left by writers that died."""
        removed = 0
        now = time.time()
        for path in sorted(self.spool.glob(f"{TEMP_PREFIX}*")):
            try:
                if now - path.stat().st_mtime >= older_than_seconds:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        try:
            paginator = self.client.get_paginator("list_multipart_uploads")
            for page in paginator.paginate(Bucket=self.config.bucket, Prefix=self.config.prefix):
                for upload in page.get("Uploads", []):
                    if now - upload["Initiated"].timestamp() < older_than_seconds:
                        continue
                    self.client.abort_multipart_upload(
                        Bucket=self.config.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
                    removed += 1
        except (ClientError, BotoCoreError) as exc:
            raise _error(exc, "tidying unfinished uploads") from exc
        return removed
