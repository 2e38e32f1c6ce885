"""Receiving an upload: stop reading a file as soon as it passes the vault's size limit.

Django's own handlers keep a small upload in memory and spool a bigger one to a temporary file
(mode 0600) in pieces, so no upload is ever held whole in memory (FILE_UPLOAD_MAX_MEMORY_SIZE is
small). This handler goes first: once a file passes the limit it stops the upload, the
temporary is removed, and the rest of the request is read and thrown away, so an oversized
file costs neither memory nor disk.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from onrecord.vault.ingest import max_bytes


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
