"""A kill -9 at any moment of an ingest, or a full disk, leaves either the whole recording,
stored and recorded, or nothing: never a half-file, and never a row without its blob
(issue 6: "prove it with a test that kills a writer at random points").

Each run ingests in a child process and is killed: at random moments, and at the named stages
where the blob and the row are committed. Then the sweep runs (as it would after a restart) and
the vault must hold a complete, verifiable recording with its row, or nothing at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from onrecord.audit import services as audit
from onrecord.cases.models import Authority, Case, Meeting
from onrecord.vault.keys import ENV_KEYS, KeyRing, encode_key
from onrecord.vault.models import Recording
from onrecord.vault.services import open_recording, sweep
from onrecord.vault.storage import FileBlobStore
from tests.support.append_only import append_only_triggers_lifted
from tests.support.processes import env_for_test_database, finish_child, start_child
from tests.vault import audio

# Slow (make test-fast leaves it out): child processes killed with -9.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RANDOM_RUNS = 6


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Meeting, Path, bytes, KeyRing]:
    authority = Authority.objects.create(name="Brent", slug="brent", policy_profile="brent")
    case = Case.objects.create(authority=authority, reference="BR-9", family_name="Family")
    meeting = Meeting.objects.create(
        case=case,
        kind=Meeting.Kind.CHILD_PROTECTION_CONFERENCE,
        mode=Meeting.Mode.ONLINE,
        scheduled_start=timezone.now() - dt.timedelta(hours=1),
    )
    original = audio.wav(seconds=60, rate=44100)  # about 5 MiB, read in 21 slow pieces
    source = tmp_path / "meeting.wav"
    source.write_bytes(original)
    ring = KeyRing(keys={"crash": os.urandom(32)}, active_id="crash")
    return meeting, source, original, ring


def _env(ring: KeyRing) -> dict[str, str]:
    env = env_for_test_database()
    env[ENV_KEYS] = ",".join(f"{k}:{encode_key(v)}" for k, v in ring.keys.items())
    return env


def _start(
    stage: str, meeting: Meeting, store: Path, source: Path, ring: KeyRing
) -> subprocess.Popen[str]:
    argv = [sys.executable, "-m", "tests.vault.crash_child", stage, str(meeting.pk)]
    child = start_child([*argv, str(store), str(source)], env=_env(ring))
    assert child.stdout is not None
    line = child.stdout.readline()
    if line != "ready\n":
        code, _, err = finish_child(child)
        raise AssertionError(f"the child did not start (exit {code}): {line}{err}")
    return child


def _finish(child: subprocess.Popen[str]) -> tuple[int, str, str]:
    code, out, err = finish_child(child)
    return code, out, err


def _assert_all_or_nothing(store_dir: Path, original: bytes, ring: KeyRing) -> str:
    store = FileBlobStore(store_dir)
    sweep(store, older_than_seconds=0)
    assert store.temporaries() == []
    rows = list(Recording.objects.all())
    names = list(store.names())
    if not rows:
        assert names == [], "a blob was left without its row"
        outcome = "nothing"
    else:
        [recording] = rows
        assert names == [recording.blob_name], "the row's blob is missing"
        assert recording.sha256 == hashlib.sha256(original).hexdigest()
        with open_recording(recording, purpose="verify", store=store, keyring=ring) as reader:
            assert hashlib.sha256(reader.read()).hexdigest() == recording.sha256
        outcome = "whole"
    assert audit.verify().ok
    return outcome


def _reset(store_dir: Path) -> None:
    """Start the next run from an empty vault (the test's own cleanup, not the product's)."""
    from django.db import connection as conn

    if conn.vendor == "postgresql":
        # Outside a transaction block: ALTER TABLE refuses while deferred FK checks are pending.
        with conn.cursor() as cursor:
            cursor.execute("ALTER TABLE vault_recording DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM vault_recording")
            cursor.execute("ALTER TABLE vault_recording ENABLE TRIGGER USER")
    else:
        with append_only_triggers_lifted(conn, "vault_recording"), conn.cursor() as cursor:
            cursor.execute("DELETE FROM vault_recording")
    store = FileBlobStore(store_dir)
    for name in list(store.names()):
        store.delete(name)


@pytest.mark.parametrize(
    ("stage", "expected"),
    [("mid-write", "nothing"), ("before-link", "nothing"), ("after-link", "nothing")],
)
def test_killed_at_each_commit_stage(
    setup: tuple[Meeting, Path, bytes, KeyRing], tmp_path: Path, stage: str, expected: str
) -> None:
    """after-link is the narrowest window: the blob is in place, the row not yet committed.
    The sweep removes that orphan; a row is never committed without its blob."""
    meeting, source, original, ring = setup
    child = _start(stage, meeting, tmp_path / "vault", source, ring)
    code, _, err = _finish(child)
    assert code == -signal.SIGKILL, err
    if stage == "after-link":
        assert len(list(FileBlobStore(tmp_path / "vault").names())) == 1  # the orphan
    assert _assert_all_or_nothing(tmp_path / "vault", original, ring) == expected


def test_killed_at_random_moments(
    setup: tuple[Meeting, Path, bytes, KeyRing], tmp_path: Path
) -> None:
    meeting, source, original, ring = setup
    store_dir = tmp_path / "vault"
    # An uninterrupted run first: it stores the recording, and times the ingest itself
    # (as the child measures it, without the interpreter's start and exit).
    code, out, err = _finish(_start("none", meeting, store_dir, source, ring))
    assert code == 0, err
    assert out.startswith("stored ")
    full_run = float(out.split()[-2])
    assert _assert_all_or_nothing(store_dir, original, ring) == "whole"
    _reset(store_dir)

    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    outcomes = []
    for _ in range(RANDOM_RUNS):
        child = _start("none", meeting, store_dir, source, ring)
        time.sleep(rng.uniform(0, full_run))
        child.send_signal(signal.SIGKILL)
        _finish(child)
        outcomes.append(_assert_all_or_nothing(store_dir, original, ring))
        _reset(store_dir)
    assert "nothing" in outcomes, f"every kill came too late (ingest took {full_run:.2f} s)"


def test_a_full_disk_fails_cleanly(
    setup: tuple[Meeting, Path, bytes, KeyRing], tmp_path: Path
) -> None:
    meeting, source, _, ring = setup
    child = _start("fsize", meeting, tmp_path / "vault", source, ring)
    code, out, err = _finish(child)
    assert code == 0, err
    assert out.strip().endswith("refused: the vault's storage is full; nothing was stored")
    store = FileBlobStore(tmp_path / "vault")
    assert store.temporaries() == []  # removed by the ingest itself, no sweep needed
    assert list(store.names()) == []
    assert not Recording.objects.exists()
