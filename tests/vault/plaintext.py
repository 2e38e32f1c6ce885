"""Finding audio in the clear on disk, for the tests of "nothing in clear, ever" (issue 16).

A file holds plaintext audio if it contains a container's header (RIFF/WAVE, Ogg's first page,
FLAC's stream marker, a WebM/Matroska EBML header naming its doctype, an ID3 tag) or any of the
`needles`: pieces of the test audio's own body, so raw PCM with no header is caught too. Each
signature is at least six fixed bytes, so encrypted data (random to the eye) matches one by
chance about once in 2**48 positions: never, in practice.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

SIGNATURES = {
    "RIFF/WAVE": re.compile(rb"(RIFF|RF64).{4}WAVE", re.DOTALL),
    "Ogg": re.compile(rb"OggS\x00\x02"),
    "FLAC": re.compile(rb"fLaC[\x00\x80]\x00\x00\x22"),
    "WebM/EBML": re.compile(rb"\x1a\x45\xdf\xa3.{0,48}(webm|matroska)", re.DOTALL),
    "ID3/MPEG": re.compile(rb"ID3[\x02\x03\x04]\x00[\x00-\xf0]"),
}
_READ = 4 * 1024 * 1024
_OVERLAP = 128


def needles_of(audio: bytes, every: int = 64 * 1024, length: int = 48) -> list[bytes]:
    """Pieces of `audio`'s body every `every` bytes (after its first KiB of header); only
    pieces varied enough to be this audio's own (silence or padding could be anyone's)."""
    pieces = (audio[at : at + length] for at in range(1024, len(audio) - length, every))
    return [piece for piece in pieces if len(set(piece)) >= length // 2]


def scan_bytes(data: bytes, needles: Sequence[bytes] = ()) -> list[str]:
    found = [name for name, pattern in SIGNATURES.items() if pattern.search(data)]
    if any(needle in data for needle in needles):
        found.append("the test audio's body")
    return found


def scan_file(path: Path, needles: Sequence[bytes] = ()) -> list[str]:
    """What plaintext audio `path` holds (empty: none), read in overlapping pieces."""
    found: set[str] = set()
    try:
        with open(path, "rb") as handle:
            tail = b""
            while block := handle.read(_READ):
                found.update(scan_bytes(tail + block, needles))
                tail = block[-_OVERLAP:]
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        return []
    return sorted(found)


def files_under(roots: Iterable[Path]) -> list[Path]:
    out = []
    for root in roots:
        if root.is_file():
            out.append(root)
            continue
        for folder, _, names in os.walk(root):
            out.extend(Path(folder, name) for name in names)
    return sorted(out)


def plaintext_in(roots: Iterable[Path], needles: Sequence[bytes] = ()) -> dict[str, list[str]]:
    """Every file under `roots` that holds plaintext audio, with what was found in it."""
    found = {}
    for path in files_under(roots):
        if path.is_symlink() or not path.is_file():
            continue
        hits = scan_file(path, needles)
        if hits:
            found[str(path)] = hits
    return found


def open_files_of_this_process(under: Path) -> list[Path]:
    """/proc/self/fd entries open on files under `under`, named or already unlinked: what this
    process keeps on disk (reading /proc/self/fd/N opens the file even once it has no name)."""
    out = []
    fd_dir = Path("/proc/self/fd")
    for entry in fd_dir.iterdir():
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target.removesuffix(" (deleted)").startswith(str(under)):
            out.append(entry)
    return out
