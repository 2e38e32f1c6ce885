"""HTTP byte ranges (RFC 9110 section 14) for the audio player's seeking. Pure Python.

One range per request: a player seeks with one. A request for several ranges is answered with
the whole recording (a server may ignore Range). A malformed or unsatisfiable byte range is
refused (416) rather than silently answered with something the client did not ask for.

Outside input, so bounded before any arithmetic: only ASCII digits count (Python's `int()` would
take other scripts' digits), a header longer than `MAX_HEADER` is ignored (RFC 9110 lets a
server ignore Range), and a position of more than `MAX_DIGITS` digits (past any file we hold,
and past what `int()` converts in one go) is read as "beyond the end": a first byte there is
unsatisfiable (416), a last byte there is clamped to the end, a suffix that long is the whole
file. So no header makes the parser raise anything but RangeNotSatisfiable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ONE_RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)", re.ASCII)
# A range header a player sends is tens of characters; anything this long is not a seek.
MAX_HEADER = 200
# 18 digits is past any recording's size (an exabyte) and well inside what int() converts.
MAX_DIGITS = 18
BEYOND_ANY_FILE: int = 10**MAX_DIGITS


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
    if not header or len(header) > MAX_HEADER:
        return None
    header = header.strip()
    if not header.lower().startswith("bytes="):
        return None  # an unknown range unit is ignored
    spec = "bytes=" + header[6:].replace(" ", "")
    if "," in spec:
        return None
    match = _ONE_RANGE.fullmatch(spec)
    if match is None:
        raise RangeNotSatisfiable(header)
    first, last = match.groups()
    if first == "" and last == "":
        raise RangeNotSatisfiable(header)
    if first == "":
        suffix = _position(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return ByteRange(max(size - suffix, 0), size - 1)
    start = _position(first)
    end = size - 1 if last == "" else min(_position(last), size - 1)
    if last != "" and _position(last) < start:
        raise RangeNotSatisfiable(header)
    if start >= size:
        raise RangeNotSatisfiable(header)
    return ByteRange(start, end)


def _position(digits: str) -> int:
    """A byte position from ASCII digits, saturated at BEYOND_ANY_FILE (never a huge int)."""
    significant = digits.lstrip("0")
    if len(significant) > MAX_DIGITS:
        return BEYOND_ANY_FILE
    return int(significant or "0")
