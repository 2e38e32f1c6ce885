"""The browser's own recorder, uploaded as it records: the chunk protocol and the chunk record.
Pure Python, no Django (the models and views are models.py, services.py and views.py
beside it).

The recorder page runs MediaRecorder with a timeslice and POSTs each piece it gives as chunk
0, 1, 2, ... of one live session. Whichever web node takes a chunk stores it **encrypted** (one
record, below) as a row of the shared database, in the same transaction that counts it; the
reply is sent only after that commit. So any node can take any chunk, any node can finish, and
losing a node (its disk, its process) loses nothing that was acknowledged: a crashed laptop loses
only the chunks not yet sent, a crashed server at worst the chunk it was answering, which the
browser sends again (issue 15):

- a chunk sent again (its response was lost) is accepted without being stored twice if its
  SHA-256 is the one recorded, and refused (409) if it differs (`decide`);
- chunks may arrive out of order within `REORDER_WINDOW` of the lowest one still missing (two
  nodes answer at different speeds); finishing puts them in number order and names the holes
  (`missing_chunks`);
- a chunk too far ahead, or one for a session that has been finished, is refused with a reason
  the recorder page shows.

On stop, the chunks are decrypted in order as they are streamed through the vault's ingest
(probe, encrypt, commit), and their bytes are deleted only after the recording is committed.

Why database rows and not the blob store: a chunk and the count that acknowledges it commit
together, so there is nothing to keep in step between two stores and no orphan to sweep; the
unique (session, number) constraint decides duplicates on whichever node; and MediaRecorder's
pieces are tens of kilobytes, below S3's 5 MiB minimum multipart part. They are transient: a
two-hour meeting is some 30 MB of rows until it is finished.

A chunk is never audio in the clear: each session has a data key of its own, wrapped under the
vault's key-encryption key like a recording's and kept on the session's row. One record is

    record   plaintext length (u32) | nonce (12, random) | AES-256-GCM(chunk) with its tag (16);
             associated data: session id (16) | chunk number (u32) | plaintext length (u32)

so a record cannot be moved to another number, session or length undetected; a random nonce per
record means a chunk stored again never reuses one.

Before issue 15 the records were appended to a spool file on the node that started the session
(`upload-spool/live-<session>.part`, with the header below). A node running this version moves
any such spool of a session still open into the database at start-up and in its sweep:

    header   "ONRECLSP" | version (1) | KEK id length (1) | KEK id | wrapped key length (u16) |
             wrapped key

MediaRecorder's WebM with a timeslice is one stream cut into pieces: the first chunk carries the
header, and any prefix cut at a chunk boundary is itself a valid recording
(tests/vault/live/test_live_truncated_webm_probes.py); a WebM with a piece missing from the
middle still plays, its clock jumping over the gap (tests/vault/live/test_live_chunk_holes.py).
"""

from __future__ import annotations

import enum
import json
import os
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from onrecord.durable_files import fsync_dir

# MediaRecorder's timeslice pieces are small (a few seconds of Opus is tens of KB); 8 MiB
# leaves room for a high-bitrate format or a browser that gives larger slices, and bounds what
# one request may make the server hold in memory.
DEFAULT_CHUNK_MAX_BYTES = 8 * 1024 * 1024
# What MediaRecorder writes in the browsers we support (Chromium and Firefox: WebM/Opus, Firefox
# also Ogg/Opus; Safari: MP4/AAC). The vault's probe decides in the end whether it is audio.
ACCEPTED_TYPES = frozenset({"audio/webm", "audio/ogg", "audio/mp4"})
_MIME = re.compile(r"^([a-z]+/[a-z0-9.+-]+)(\s*;\s*codecs=\"?[a-z0-9.,\s-]+\"?)?$")
SPOOL_PREFIX = "live-"
# The start request's body is `{"mime_type": "audio/webm;codecs=opus"}`: tens of bytes. Bounded
# before parsing, with its nesting, so no body can make the parser recurse or allocate much.
START_BODY_MAX_BYTES = 2048
START_BODY_MAX_DEPTH = 8
# Chunk numbers: an 8-hour meeting in 1-second slices is under 30,000; the URL converter takes
# any number of digits, so a larger one is refused before it reaches the database.
MAX_SEQ = 10_000_000
# How far ahead of the lowest chunk still missing a chunk may arrive: the recorder sends one at a
# time, but a retried chunk and the next can cross on two nodes. 64 pieces of 4 s is 4 minutes.
REORDER_WINDOW = 64

SPOOL_MAGIC = b"ONRECLSP"
SPOOL_VERSION = 1
_NONCE = 12
_TAG = 16
RECORD_OVERHEAD = 4 + _NONCE + _TAG


class ChunkRefused(Exception):
    """The chunk was not stored; `status` is the HTTP status, the message says why."""

    status = 409


class OutOfOrder(ChunkRefused):
    pass


class ConflictingRetry(ChunkRefused):
    pass


class ChunkTooLarge(ChunkRefused):
    status = 413


class SessionClosed(ChunkRefused):
    pass


class ChunkDamaged(ChunkRefused):
    """A stored chunk's record does not decrypt: damaged in the database (or moved). Final."""


class SpoolDamaged(ChunkRefused):
    """The spool holds fewer bytes than the database says were stored: lost on disk. Final
    (409), not retried: sending the chunk again cannot bring the lost bytes back."""


class StartRefused(ValueError):
    """The start request's body cannot be used; `status` is the HTTP status (400 or 413)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays and objects in JSON text nest more than `limit` deep, found by scanning
    (brackets inside strings do not count), before any parser recurses into it."""
    depth = 0
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def start_mime_type(body: bytes) -> str:
    """The `mime_type` a start request's JSON body names (checked later by normalise_mime), or
    StartRefused saying what is wrong. An empty body is `{}`. Never raises anything else."""
    if len(body) > START_BODY_MAX_BYTES:
        raise StartRefused(
            f"The request is {len(body)} bytes; a start request is at most "
            f"{START_BODY_MAX_BYTES} bytes of JSON.",
            413,
        )
    try:
        text = (body or b"{}").decode("utf-8")
    except UnicodeDecodeError:
        raise StartRefused("The request was not UTF-8 JSON.") from None
    if json_depth_exceeds(text, START_BODY_MAX_DEPTH):
        raise StartRefused(
            f"The request's JSON nests more than {START_BODY_MAX_DEPTH} levels deep."
        )
    try:
        posted = json.loads(text, parse_int=_bounded_int, parse_constant=_refuse_constant)
    except _NumberTooLong:
        raise StartRefused(
            f"The request's JSON has a number of more than {_MAX_INT_DIGITS} digits."
        ) from None
    except (ValueError, RecursionError):  # JSONDecodeError, NaN or Infinity
        raise StartRefused("The request was not JSON.") from None
    mime = posted.get("mime_type") if isinstance(posted, dict) else None
    if not isinstance(mime, str) or not mime:
        raise StartRefused("Say what format the browser records in (mime_type).")
    return mime


_MAX_INT_DIGITS = 20


class _NumberTooLong(ValueError):
    pass


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
        raise _NumberTooLong(digits[:30])
    return int(digits)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def check_seq(seq: int) -> None:
    """A chunk number from the URL, before it goes near the database: OutOfOrder if absurd."""
    if seq < 0 or seq > MAX_SEQ:
        raise OutOfOrder(f"chunk numbers run from 0 to {MAX_SEQ}")


class Action(enum.Enum):
    APPEND = "append"  # the next chunk: write it
    ALREADY_STORED = "already_stored"  # a retry of a stored chunk, identical: nothing to do


def normalise_mime(value: str) -> str:
    """The recorder's MIME type, checked: 'audio/webm;codecs=opus'. ValueError says why."""
    cleaned = value.strip().lower()
    match = _MIME.match(cleaned)
    if not match or len(cleaned) > 100:
        raise ValueError(f"{value[:100]!r} is not a media type")
    if match.group(1) not in ACCEPTED_TYPES:
        raise ValueError(
            f"the browser records as {match.group(1)}, which is not accepted "
            "(accepted: WebM, Ogg or MP4 audio)"
        )
    return re.sub(r"\s+", "", cleaned)


def extension_for(mime: str) -> str:
    return {"audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "m4a"}.get(
        mime.split(";")[0], "bin"
    )


def decide(
    *,
    seq: int,
    first_missing: int,
    size: int,
    sha256: str,
    stored_sha256: str | None,
    received: int,
    chunk_limit: int,
    total_limit: int,
    window: int = REORDER_WINDOW,
) -> Action:
    """What to do with chunk `seq` when every chunk below `first_missing` is stored (and perhaps
    some above it), or ChunkRefused.

    stored_sha256 is the recorded SHA-256 of chunk `seq` when it is stored, else None."""
    if seq < 0:
        raise OutOfOrder("the chunk number must be 0 or more")
    if stored_sha256 is not None:
        if stored_sha256 == sha256:
            return Action.ALREADY_STORED
        raise ConflictingRetry(
            f"chunk {seq} was already stored with different content; "
            "a stored chunk is never replaced"
        )
    if seq >= first_missing + window:
        raise OutOfOrder(
            f"chunk {seq} arrived more than {window} chunks ahead of chunk {first_missing}, "
            f"which has not arrived: send chunk {first_missing} first"
        )
    if size == 0:
        raise ChunkRefused(f"chunk {seq} is empty")
    if size > chunk_limit:
        raise ChunkTooLarge(
            f"chunk {seq} is {size} bytes; a chunk may be at most {chunk_limit} bytes"
        )
    if received + size > total_limit:
        raise ChunkTooLarge(
            f"the recording would pass the vault's limit of {total_limit} bytes; "
            "stop this recording and start a new one"
        )
    return Action.APPEND


def first_missing_after(first_missing: int, stored_above: Iterable[int]) -> int:
    """The lowest chunk number not stored, given the old one (now stored) and the numbers
    stored above it, in ascending order."""
    following = first_missing + 1
    for seq in stored_above:
        if seq != following:
            break
        following += 1
    return following


def missing_chunks(stored: Iterable[int]) -> list[int]:
    """The chunk numbers below the highest stored that never arrived (the holes)."""
    seen = sorted(set(stored))
    if not seen:
        return []
    have = set(seen)
    return [seq for seq in range(seen[-1]) if seq not in have]


def describe_holes(missing: list[int], limit: int = 10) -> str:
    """'chunks 3, 7 and 9' (at most `limit` named, then how many more)."""
    shown = [str(seq) for seq in missing[:limit]]
    if len(missing) > limit:
        shown.append(f"{len(missing) - limit} more")
    if len(shown) == 1:
        return f"chunk {shown[0]}"
    return "chunks " + ", ".join(shown[:-1]) + " and " + shown[-1]


def spool_path(directory: Path, session_id: str) -> Path:
    if not re.fullmatch(r"[0-9a-f-]{36}", session_id):
        raise ValueError(f"invalid session id {session_id!r}")
    return directory / f"{SPOOL_PREFIX}{session_id}.part"


def create_spool(path: Path, header: bytes = b"") -> None:
    """Make the spool file (0600) holding only its header, durably; refuses one that exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        if header:
            os.write(fd, header)
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path.parent)


def append_durably(path: Path, committed: int, data: bytes) -> int:
    """Write `data` after the first `committed` bytes of the spool and fsync; return the new
    length. Bytes beyond `committed` (a write whose length was never recorded) are cut first."""
    fd = os.open(path, os.O_RDWR)
    try:
        actual = os.fstat(fd).st_size
        if actual < committed:
            raise SpoolDamaged(
                f"the spool file holds {actual} bytes but {committed} were stored: "
                "it was damaged on disk; finish the recording to keep what is there"
            )
        if actual > committed:
            os.ftruncate(fd, committed)
        written = 0
        view = memoryview(data)
        while written < len(data):
            written += os.pwrite(fd, view[written:], committed + written)
        os.fsync(fd)
    finally:
        os.close(fd)
    return committed + len(data)


def remove_spool(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        return
    fsync_dir(path.parent)


# -- the encrypted spool ----------------------------------------------------------------------


@dataclass(frozen=True)
class SpoolHeader:
    kek_id: str
    wrapped_key: bytes
    length: int  # bytes, where the first record begins

    def pack(self) -> bytes:
        kid = self.kek_id.encode("ascii")
        return (
            SPOOL_MAGIC
            + bytes([SPOOL_VERSION, len(kid)])
            + kid
            + len(self.wrapped_key).to_bytes(2, "big")
            + self.wrapped_key
        )


def new_spool_header(kek_id: str, wrapped_key: bytes) -> SpoolHeader:
    kid = kek_id.encode("ascii")
    if not 0 < len(kid) < 256 or not 0 < len(wrapped_key) < 65536:
        raise ValueError("the key id or wrapped key does not fit the spool header")
    return SpoolHeader(kek_id, wrapped_key, len(SPOOL_MAGIC) + 2 + len(kid) + 2 + len(wrapped_key))


def read_spool_header(path: Path) -> SpoolHeader | None:
    """The spool's header, or None for a spool written before spools were encrypted (plain
    audio: `encrypt_plain_spool` converts it). SpoolDamaged if it is cut short."""
    with path.open("rb") as spool:
        head = spool.read(len(SPOOL_MAGIC) + 2)
        if head[: len(SPOOL_MAGIC)] != SPOOL_MAGIC:
            return None
        if len(head) < len(SPOOL_MAGIC) + 2 or head[len(SPOOL_MAGIC)] != SPOOL_VERSION:
            raise SpoolDamaged("the spool file's header is damaged")
        kid = spool.read(head[-1])
        size = int.from_bytes(spool.read(2), "big")
        wrapped = spool.read(size)
        if len(kid) != head[-1] or len(wrapped) != size or not size:
            raise SpoolDamaged("the spool file's header is damaged")
    try:
        return new_spool_header(kid.decode("ascii"), wrapped)
    except (UnicodeDecodeError, ValueError):
        raise SpoolDamaged("the spool file's header is damaged") from None


def committed_length(header: SpoolHeader, chunks: int, plaintext_bytes: int) -> int:
    """The spool's length on disk once `chunks` chunks of `plaintext_bytes` in all are stored."""
    return header.length + chunks * RECORD_OVERHEAD + plaintext_bytes


def _aad(session_id: uuid.UUID, seq: int, size: int) -> bytes:
    return session_id.bytes + seq.to_bytes(4, "big") + size.to_bytes(4, "big")


def seal_chunk(key: bytes, session_id: uuid.UUID, seq: int, data: bytes) -> bytes:
    """Chunk `seq` as one spool record."""
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(key).encrypt(nonce, data, _aad(session_id, seq, len(data)))
    return len(data).to_bytes(4, "big") + nonce + sealed


def open_chunk(key: bytes, session_id: uuid.UUID, seq: int, record: bytes) -> bytes:
    """The plaintext of chunk `seq`'s record, authenticated, or ChunkDamaged."""
    if len(record) < RECORD_OVERHEAD:
        raise ChunkDamaged(f"chunk {seq} is damaged: its record is cut short")
    length = int.from_bytes(record[:4], "big")
    if len(record) != RECORD_OVERHEAD + length:
        raise ChunkDamaged(f"chunk {seq} is damaged: its record is not the length it says")
    nonce, sealed = record[4 : 4 + _NONCE], record[4 + _NONCE :]
    try:
        return AESGCM(key).decrypt(nonce, sealed, _aad(session_id, seq, length))
    except InvalidTag:
        raise ChunkDamaged(f"chunk {seq} failed authentication") from None


class ChunkStream:
    """The plaintext of a session's chunks in number order, decrypted one at a time as it is
    read (`records` yields each stored number and its record, ascending), never written down;
    `size` is the plaintext length the database records, which ingest checks first."""

    def __init__(
        self, records: Iterator[tuple[int, bytes]], key: bytes, session_id: uuid.UUID, size: int
    ) -> None:
        self._records = records
        self._key = key
        self._session_id = session_id
        self._buffer = b""
        self._done = False
        self.size = size

    def read(self, n: int = -1, /) -> bytes:
        while not self._done and (n is None or n < 0 or len(self._buffer) < n):
            item = next(self._records, None)
            if item is None:
                self._done = True
                break
            seq, record = item
            self._buffer += open_chunk(self._key, self._session_id, seq, record)
        if n is None or n < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out

    def close(self) -> None:
        self._done = True
        self._buffer = b""

    def __enter__(self) -> ChunkStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SpoolReader:
    """The plaintext of a spool's first `chunks` records, read in order and authenticated,
    without writing it anywhere; `size` is what the database says they hold."""

    def __init__(
        self, path: Path, key: bytes, session_id: uuid.UUID, chunks: int, size: int
    ) -> None:
        header = read_spool_header(path)
        if header is None:
            raise SpoolDamaged("the spool file is not encrypted")
        self._file = path.open("rb")
        self._file.seek(header.length)
        self._aead = AESGCM(key)
        self._session_id = session_id
        self._chunks = chunks
        self._seq = 0
        self._buffer = b""
        self.size = size

    def _next(self) -> bytes:
        head = self._file.read(4 + _NONCE)
        if len(head) < 4 + _NONCE:
            raise SpoolDamaged(f"the spool file ends inside chunk {self._seq}")
        length = int.from_bytes(head[:4], "big")
        sealed = self._file.read(length + _TAG)
        if len(sealed) != length + _TAG:
            raise SpoolDamaged(f"the spool file ends inside chunk {self._seq}")
        try:
            plain = self._aead.decrypt(head[4:], sealed, _aad(self._session_id, self._seq, length))
        except InvalidTag:
            raise SpoolDamaged(f"chunk {self._seq} of the spool failed authentication") from None
        self._seq += 1
        return plain

    def read(self, n: int = -1, /) -> bytes:
        while (n is None or n < 0 or len(self._buffer) < n) and self._seq < self._chunks:
            self._buffer += self._next()
        if n is None or n < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out

    def records(self) -> int:
        """Read on to the end of the file: how many whole, authentic records it holds."""
        while True:
            try:
                self._next()
            except SpoolDamaged:
                return self._seq

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> SpoolReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
