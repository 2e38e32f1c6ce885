"""Run one ingest in a child process, for the crash tests: the test kills it (or it kills
itself at a named stage) and then checks what the vault holds.

    python -m tests.vault.crash_child STAGE MEETING_ID STORE_DIR AUDIO_FILE

STAGE: none (the parent kills at a random moment), mid-write, before-link, after-link,
fsize (the file-size limit stands in for a full disk: the ingest must fail cleanly).
Keys come from ONRECORD_VAULT_KEYS in the environment.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Any

import django


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class SlowFile:
    """Reads the audio a piece at a time with a short pause, so a random kill lands anywhere."""

    def __init__(self, path: Path, pause: float) -> None:
        self._file = path.open("rb")
        self._pause = pause

    def read(self, size: int = -1, /) -> bytes:
        time.sleep(self._pause)
        return self._file.read(min(size, 256 * 1024) if size > 0 else 256 * 1024)


def main() -> None:
    stage, meeting_id, store_dir, audio_file = sys.argv[1:5]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()

    from onrecord.cases.models import Meeting
    from onrecord.vault import storage
    from onrecord.vault.ingest import IngestError, ingest
    from onrecord.vault.keys import load_keyring

    original_commit = storage._FilePending.commit
    original_write = storage._FilePending.write
    writes = [0]

    def write(self: Any, data: bytes) -> None:
        writes[0] += 1
        if stage == "mid-write" and writes[0] == 3:
            original_write(self, data[: len(data) // 2])
            _die()
        original_write(self, data)

    def commit(self: Any) -> None:
        if stage == "before-link":
            _die()
        original_commit(self)
        if stage == "after-link":
            _die()

    storage._FilePending.write = write  # type: ignore[method-assign]
    storage._FilePending.commit = commit  # type: ignore[method-assign]
    if stage == "fsize":
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200 * 1024, resource.RLIM_INFINITY))

    meeting = Meeting.objects.get(pk=meeting_id)
    store = storage.FileBlobStore(Path(store_dir))
    keyring = load_keyring(Path(store_dir).parent)
    print("ready", flush=True)
    started = time.monotonic()
    try:
        recording = ingest(
            SlowFile(Path(audio_file), pause=0.01),
            meeting=meeting,
            kind="authority",
            store=store,
            keyring=keyring,
            chunk_size=64 * 1024,
        )
    except IngestError as exc:
        print(f"refused: {exc}", flush=True)
        return
    print(f"stored {recording.pk} in {time.monotonic() - started:.3f} s", flush=True)


if __name__ == "__main__":
    main()
