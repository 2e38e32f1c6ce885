"""HTTP byte ranges (RFC 9110 section 14) for the audio player's seeking. Pure Python.

One range per request: a player seeks with one. A request for several ranges is answered with
the whole recording (a server may ignore Range). A malformed or unsatisfiable byte range is
refused (416) rather than silently answered with something the client did not ask for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ONE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiable(ValueError):
    """416: say `Content-Range: bytes */<size>`."""


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range asked for, or None to send the whole file (no Range, another unit, or
    several ranges). Raises RangeNotSatisfiable for a malformed or unsatisfiable byte range."""
    if not header:
        return None
    header = header.strip()
    if not header.lower().startswith("bytes="):
        return None  # an unknown range unit is ignored
    spec = "bytes=" + header[6:].replace(" ", "")
    if "," in spec:
        return None
    match = _ONE_RANGE.match(spec)
    if match is None:
        raise RangeNotSatisfiable(header)
    first, last = match.groups()
    if first == "" and last == "":
        raise RangeNotSatisfiable(header)
    if first == "":
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if last != "" and int(last) < start:
        raise RangeNotSatisfiable(header)
    if start >= size:
        raise RangeNotSatisfiable(header)
    return ByteRange(start, end)
