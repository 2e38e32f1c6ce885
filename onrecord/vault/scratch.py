"""Scratch files that never hold audio in the clear: encrypted with a key that exists only in
this process's memory, and nameless on disk. Pure Python (no Django).

    with EncryptedScratchFile(directory) as scratch:
        scratch.write(upload_piece)        # bytes reach the disk only as AES-256-CTR ciphertext
        scratch.seek(0)
        ingest(scratch, ...)               # read back decrypted, in memory

An upload on its way into the vault, a derived copy being re-encoded by FFmpeg: both need more
room than memory should give them, and both used to sit on disk as plain audio until the vault
encrypted them. A scratch file is:

- created 0600 with O_EXCL under a private directory, then **unlinked at once**: it has no name,
  so a crash (kill -9, power cut) leaves nothing to find; the kernel frees it when the process
  ends. Only the microseconds between create and unlink can leave an (empty) name behind, which
  start-up and `onrecord vault sweep` delete (`tidy_spool` in vault/services.py);
- **encrypted**: every byte is XORed with AES-256-CTR keystream under a random 256-bit key and
  random nonce made for this file alone and never written anywhere, so even the freed disk
  blocks of a crashed upload hold only ciphertext whose key died with the process. CTR (not the
  vault's AES-GCM chunks) because FFmpeg's muxers seek back to rewrite headers: the keystream
  at any offset is computed directly, so reads and writes may go anywhere.

Not authenticated: the file is written and read back by the same process, through a descriptor
nobody else holds (the name is gone), and what the vault finally stores is sealed with AES-GCM
and hashed. The keystream is never reused: one key per file, and each offset is encrypted with
its own counter block (rewriting an offset in place re-uses its keystream, which reveals only
the XOR of two versions of this file's own bytes to someone who could read the process's
unlinked file and already had one version's plaintext).
"""

from __future__ import annotations

import io
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SCRATCH_PREFIX = "scratch-"
_BLOCK = 16


class EncryptedScratchFile(io.RawIOBase):
    """A readable, writable, seekable binary file whose bytes on disk are ciphertext."""

    def __init__(self, directory: Path, *, prefix: str = SCRATCH_PREFIX) -> None:
        super().__init__()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = directory / f"{prefix}{secrets.token_hex(12)}"
        self._fd = -1
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            os.unlink(path)  # nameless from here on: nothing of it survives the process
        except FileNotFoundError:  # a sweep removed the (still empty) name first: as good
            pass
        except BaseException:
            os.close(self._fd)
            self._fd = -1
            raise
        self._key = secrets.token_bytes(32)
        self._nonce = secrets.token_bytes(8)  # the counter block: nonce (8) | block index (8)
        self._position = 0
        self._size = 0

    # -- the keystream ------------------------------------------------------------------------

    def _xor(self, offset: int, data: bytes | bytearray | memoryview) -> bytes:
        """data XOR the keystream at `offset` (encrypting and decrypting are the same)."""
        block, skip = divmod(offset, _BLOCK)
        counter = self._nonce + block.to_bytes(8, "big")
        cipher = Cipher(algorithms.AES(self._key), modes.CTR(counter)).encryptor()
        if skip:
            cipher.update(bytes(skip))
        return cipher.update(bytes(data)) + cipher.finalize()

    # -- file protocol ------------------------------------------------------------------------

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    @property
    def size(self) -> int:
        return self._size

    def tell(self) -> int:
        self._checkClosed()
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._checkClosed()
        if whence == io.SEEK_SET:
            position = offset
        elif whence == io.SEEK_CUR:
            position = self._position + offset
        elif whence == io.SEEK_END:
            position = self._size + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if position < 0:
            raise ValueError("negative seek position")
        self._position = position
        return position

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._checkClosed()
        view = memoryview(data).cast("B")
        if not len(view):
            return 0
        if self._position > self._size:
            # A gap left by seeking past the end reads back as zeros, like a real file.
            gap = self._position - self._size
            self._pwrite(self._xor(self._size, bytes(gap)), self._size)
        self._pwrite(self._xor(self._position, view), self._position)
        self._position += len(view)
        self._size = max(self._size, self._position)
        return len(view)

    def _pwrite(self, sealed: bytes, offset: int) -> None:
        view = memoryview(sealed)
        while view:
            written = os.pwrite(self._fd, view, offset)
            view = view[written:]
            offset += written

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        self._checkClosed()
        view = memoryview(buffer).cast("B")
        want = min(len(view), max(self._size - self._position, 0))
        if want <= 0:
            return 0
        sealed = os.pread(self._fd, want, self._position)
        plain = self._xor(self._position, sealed)
        view[: len(plain)] = plain
        self._position += len(plain)
        return len(plain)

    def read(self, size: int | None = -1) -> bytes:
        self._checkClosed()
        if size is None or size < 0:
            size = max(self._size - self._position, 0)
        out = bytearray(min(size, max(self._size - self._position, 0)))
        got = self.readinto(out)
        return bytes(out[:got])

    def readall(self) -> bytes:
        return self.read(-1)

    def truncate(self, size: int | None = None) -> int:
        self._checkClosed()
        size = self._position if size is None else size
        os.ftruncate(self._fd, size)
        self._size = size
        return size

    def fileno(self) -> int:
        # No descriptor is handed out: whoever read it directly would get ciphertext.
        raise io.UnsupportedOperation("an encrypted scratch file has no usable descriptor")

    def close(self) -> None:
        # Also runs from __del__ after a failed __init__: touch only what surely exists.
        if not self.closed:
            fd = getattr(self, "_fd", -1)
            if fd >= 0:
                os.close(fd)
                self._fd = -1
            self._key = b""
        super().close()
