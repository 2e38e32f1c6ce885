"""Receiving an upload: never in the clear on disk, and stopped as soon as it passes the limit.

Django hands each uploaded file to the handlers in settings.FILE_UPLOAD_HANDLERS, in pieces of
64 KiB, as it arrives. Ours are:

1. `SizeLimitHandler` (inserted first by the upload view): once a file passes the vault's limit
   it stops the upload; the rest of the request is read and thrown away, so an oversized file
   costs neither memory nor disk;
2. Django's `MemoryFileUploadHandler`, for a request no bigger than FILE_UPLOAD_MAX_MEMORY_SIZE
   (256 KiB): held in memory, never on disk;
3. `EncryptedUploadHandler`, for everything bigger: each piece is encrypted as it arrives into an
   `EncryptedScratchFile` (vault/scratch.py), a nameless file under the private upload spool
   whose AES-256 key exists only in this process's memory. Django's own
   `TemporaryFileUploadHandler` is not used: it wrote the audio in the clear to
   `upload-spool/tmp*.upload.*`, where a kill -9 left it for good (issue 16, failure 3).

A crash at any byte therefore leaves nothing readable: the scratch file has no name (the kernel
frees it when the process dies), and its blocks on disk are ciphertext under a key that died
with the process. `tidy_spool` (vault/services.py; run by `onrecord serve` at start-up and by
`onrecord vault sweep`) removes whatever else is found in the spool directory: files left by
older versions (plain audio), derived-copy spools, and the empty name a crash can leave in the
instant between a scratch file's creation and its unlinking.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from onrecord.vault.ingest import max_bytes
from onrecord.vault.scratch import EncryptedScratchFile


def spool_dir() -> Path:
    """The private (0700) directory of upload scratch files and live recorder spools."""
    return Path(settings.FILE_UPLOAD_TEMP_DIR)


class SizeLimitHandler(FileUploadHandler):
    def __init__(self, request: Any = None, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = limit if limit is not None else max_bytes()
        self.received = 0
        self.exceeded = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def describe_size(limit: int) -> str:
    """A size limit in plain words: '4 GB', '500 MB', '900 KB'."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if limit >= factor:
            return f"{limit / factor:.3g} {unit}"
    return f"{limit} bytes"


class EncryptedUploadedFile(UploadedFile):
    """An uploaded file held in an encrypted scratch file; reading it decrypts, in memory.
    Django closes it at the end of the request, and closing destroys its key."""

    def __init__(self, scratch: EncryptedScratchFile, **kwargs: Any) -> None:
        super().__init__(file=cast(IO[Any], scratch), **kwargs)
        self.scratch = scratch

    def close(self) -> None:
        self.scratch.close()


class EncryptedUploadHandler(FileUploadHandler):
    """Every piece of an uploaded file is encrypted before it reaches the disk."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.scratch: EncryptedScratchFile | None = None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._discard()
        self.scratch = EncryptedScratchFile(spool_dir(), prefix="upload-")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        assert self.scratch is not None, "a piece arrived before its file began"
        self.scratch.write(raw_data)

    def file_complete(self, file_size: int) -> EncryptedUploadedFile:
        assert self.scratch is not None, "a file ended before it began"
        scratch, self.scratch = self.scratch, None
        scratch.seek(0)
        return EncryptedUploadedFile(
            scratch,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

    def upload_interrupted(self) -> None:
        self._discard()

    def _discard(self) -> None:
        if self.scratch is not None:
            self.scratch.close()
            self.scratch = None
