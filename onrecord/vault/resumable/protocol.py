"""The tus resumable upload protocol, 1.0.0 (https://tus.io/protocols/resumable-upload): its
headers read and checked, and the answers it gives. Pure Python, no Django.

Core: `HEAD` says how much the server holds (`Upload-Offset`); `PATCH` with
`Content-Type: application/offset+octet-stream` appends from that offset, refused with 409 when
the offset is not the one held. Creation: `POST` with `Upload-Length` (and `Upload-Metadata`:
comma-separated `key base64value` pairs) makes the upload and answers its `Location`.
Termination: `DELETE` drops it. `OPTIONS` says which version, extensions and largest size.

Every header is outside input: each is checked before anything changes, and a refusal names
the header and what is wrong (400), the version (412), the media type (415) or the size (413).
"""

from __future__ import annotations

import base64
import binascii
import re

TUS_VERSION = "1.0.0"
EXTENSIONS = ("creation", "termination")
OFFSET_TYPE = "application/offset+octet-stream"
# What a PATCH body is stored as: encrypted parts of at most this many bytes, each committed
# as it arrives, so a connection cut mid-request keeps every part before the cut and what had
# arrived of the one being read (vault/resumable/services.py reads it 64 KiB at a time).
PART_BYTES = 1024 * 1024
METADATA_MAX_BYTES = 4096
_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_DIGITS = re.compile(r"^[0-9]{1,19}$")


class TusRefused(Exception):
    """The request is refused and nothing changed; `status` is the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def check_version(header: str | None) -> None:
    if header != TUS_VERSION:
        raise TusRefused(
            f"Tus-Resumable must be {TUS_VERSION}"
            + (f", not {header[:20]!r}" if header else " (the header is missing)"),
            412,
        )


def _number(header: str | None, name: str) -> int:
    if header is None or not header.strip():
        raise TusRefused(f"{name} is missing")
    value = header.strip()
    if not _DIGITS.match(value):
        raise TusRefused(f"{name} must be a whole number of bytes, not {value[:30]!r}")
    return int(value)


def upload_length(header: str | None, limit: int) -> int:
    """The declared size of a new upload: at least one byte, at most `limit` (413)."""
    length = _number(header, "Upload-Length")
    if length == 0:
        raise TusRefused("Upload-Length must be at least 1: the file is empty")
    if length > limit:
        raise TusRefused(f"the file is {length} bytes; the largest accepted is {limit} bytes", 413)
    return length


def upload_offset(header: str | None) -> int:
    return _number(header, "Upload-Offset")


def check_patch(
    *, content_type: str | None, offset: int, held: int, length: int, body: int
) -> None:
    """A PATCH appending `body` bytes at `offset` to an upload holding `held` of `length`."""
    if (content_type or "").split(";")[0].strip().lower() != OFFSET_TYPE:
        raise TusRefused(f"Content-Type must be {OFFSET_TYPE}", 415)
    if offset != held:
        raise TusRefused(
            f"Upload-Offset is {offset} but the server holds {held} bytes: ask with HEAD and "
            f"send from byte {held}",
            409,
        )
    if offset + body > length:
        raise TusRefused(
            f"{body} bytes from byte {offset} would pass the upload's length of {length}", 413
        )


def metadata(header: str | None) -> dict[str, str]:
    """`Upload-Metadata` as a dict of text values (UTF-8). 400 names what is wrong."""
    if not header:
        return {}
    if len(header) > METADATA_MAX_BYTES:
        raise TusRefused(f"Upload-Metadata is over {METADATA_MAX_BYTES} characters")
    out: dict[str, str] = {}
    for pair in header.split(","):
        parts = pair.strip().split(" ")
        if len(parts) not in (1, 2) or not _KEY.match(parts[0]):
            raise TusRefused(f"Upload-Metadata has a malformed pair {pair.strip()[:40]!r}")
        key = parts[0]
        if key in out:
            raise TusRefused(f"Upload-Metadata names {key!r} twice")
        try:
            value = (
                base64.b64decode(parts[1], validate=True).decode("utf-8") if len(parts) == 2 else ""
            )
        except (binascii.Error, UnicodeDecodeError):
            raise TusRefused(f"Upload-Metadata's {key!r} is not base64 of UTF-8 text") from None
        out[key] = value
    return out


def options_headers(limit: int) -> dict[str, str]:
    return {
        "Tus-Resumable": TUS_VERSION,
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": ",".join(EXTENSIONS),
        "Tus-Max-Size": str(limit),
    }
