"""The chunk protocol's rules, the chunk record and the older versions' spool file, without
Django (vault/live/protocol.py)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from onrecord.vault.live import protocol as live

SHA_A = "a" * 64
SHA_B = "b" * 64


def _decide(seq: int, **overrides: object) -> live.Action:
    args: dict[str, object] = {
        "seq": seq,
        "first_missing": 3,
        "size": 100,
        "sha256": SHA_A,
        "stored_sha256": None,
        "received": 1000,
        "chunk_limit": 500,
        "total_limit": 2000,
    }
    args.update(overrides)
    return live.decide(**args)  # type: ignore[arg-type]


def test_a_new_chunk_within_the_window_is_appended() -> None:
    assert _decide(3) is live.Action.APPEND
    assert _decide(3 + live.REORDER_WINDOW - 1) is live.Action.APPEND


def test_the_lowest_missing_moves_past_those_that_arrived_ahead() -> None:
    assert live.first_missing_after(3, [4, 5, 7]) == 6
    assert live.first_missing_after(3, []) == 4
    assert live.first_missing_after(0, [2]) == 1


def test_holes_are_the_numbers_below_the_highest_that_never_arrived() -> None:
    assert live.missing_chunks([0, 1, 2]) == []
    assert live.missing_chunks([2, 0, 5]) == [1, 3, 4]
    assert live.missing_chunks([]) == []
    assert live.describe_holes([1]) == "chunk 1"
    assert live.describe_holes([1, 3, 4]) == "chunks 1, 3 and 4"
    assert live.describe_holes(list(range(12)), limit=3) == "chunks 0, 1, 2 and 9 more"


def test_a_stored_chunk_again() -> None:
    assert _decide(1, stored_sha256=SHA_A) is live.Action.ALREADY_STORED
    with pytest.raises(live.ConflictingRetry, match="chunk 1 was already stored"):
        _decide(1, stored_sha256=SHA_B)


@pytest.mark.parametrize(
    ("seq", "overrides", "error", "status"),
    [
        (
            3 + live.REORDER_WINDOW,
            {},
            f"chunk {3 + live.REORDER_WINDOW} arrived more than {live.REORDER_WINDOW} chunks "
            "ahead of chunk 3, which has not arrived: send chunk 3 first",
            409,
        ),
        (-1, {}, "the chunk number must be 0 or more", 409),
        (3, {"size": 0}, "chunk 3 is empty", 409),
        (3, {"size": 501}, "chunk 3 is 501 bytes; a chunk may be at most 500 bytes", 413),
        (3, {"received": 1950}, "would pass the vault's limit of 2000 bytes", 413),
    ],
)
def test_refusals_say_why(seq: int, overrides: dict[str, object], error: str, status: int) -> None:
    with pytest.raises(live.ChunkRefused, match=error) as refused:
        _decide(seq, **overrides)
    assert refused.value.status == status


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("audio/webm;codecs=opus", "audio/webm;codecs=opus"),
        ("Audio/WebM; codecs=opus", "audio/webm;codecs=opus"),
        ("audio/ogg;codecs=opus", "audio/ogg;codecs=opus"),
        ("audio/mp4", "audio/mp4"),
        ('audio/mp4; codecs="mp4a.40.2"', 'audio/mp4;codecs="mp4a.40.2"'),
    ],
)
def test_recorder_formats_accepted(given: str, kept: str) -> None:
    assert live.normalise_mime(given) == kept


@pytest.mark.parametrize("given", ["video/mp4", "audio/wav", "text/html", "audio/webm;x=<y>", ""])
def test_other_formats_refused(given: str) -> None:
    with pytest.raises(ValueError, match=r"not accepted|not a media type"):
        live.normalise_mime(given)


def test_spool_is_private_and_appends_after_the_committed_length(tmp_path: Path) -> None:
    path = live.spool_path(tmp_path, "0f0e0d0c-0b0a-4908-8706-050403020100")
    live.create_spool(path)
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        live.create_spool(path)
    assert live.append_durably(path, 0, b"abc") == 3
    with path.open("ab") as f:
        f.write(b"XYZ")  # written but never recorded
    assert live.append_durably(path, 3, b"def") == 6
    assert path.read_bytes() == b"abcdef"
    live.remove_spool(path)
    assert not path.exists()
    live.remove_spool(path)  # twice is fine


def test_spool_path_refuses_anything_but_a_uuid(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="invalid session id"):
        live.spool_path(tmp_path, "../../etc/passwd")


def test_a_short_spool_is_damage_not_a_gap(tmp_path: Path) -> None:
    path = tmp_path / "s.part"
    path.write_bytes(b"ab")
    os.chmod(path, 0o600)
    with pytest.raises(live.SpoolDamaged, match="holds 2 bytes but 5 were stored"):
        live.append_durably(path, 5, b"c")
    assert path.read_bytes() == b"ab"


def test_a_record_opens_only_under_its_own_session_and_number() -> None:
    key = os.urandom(32)
    session = uuid.uuid4()
    record = live.seal_chunk(key, session, 4, b"piece")
    assert live.open_chunk(key, session, 4, record) == b"piece"
    with pytest.raises(live.ChunkDamaged, match="chunk 5 failed authentication"):
        live.open_chunk(key, session, 5, record)
    with pytest.raises(live.ChunkDamaged, match="chunk 4 failed authentication"):
        live.open_chunk(key, uuid.uuid4(), 4, record)
    with pytest.raises(live.ChunkDamaged, match="cut short"):
        live.open_chunk(key, session, 4, record[:10])
    with pytest.raises(live.ChunkDamaged, match="not the length it says"):
        live.open_chunk(key, session, 4, record + b"x")
    records = [
        (0, live.seal_chunk(key, session, 0, b"ab")),
        (2, live.seal_chunk(key, session, 2, b"cd")),
    ]
    stream = live.ChunkStream(iter(records), key, session, 4)
    assert stream.read(3) == b"abc"
    assert stream.read() == b"d"
    assert stream.read() == b""
