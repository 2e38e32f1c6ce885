"""Fuzzing the live recorder's outside input (hypothesis, the suite's fuzz budget in
tests/support/fuzzing.py): any start body gets 2xx or 4xx, never a 500; any chunk number and
Content-Length get an answer, never a 500; the pure rules (start_mime_type, normalise_mime,
check_seq, decide) raise only their own refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from onrecord.vault.live import protocol
from tests.support.fuzzing import FUZZ, FUZZ_HTTP
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, MIME, start, use_private_spool

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from([MIME, "audio/ogg", "audio/mp4;codecs=mp4a.40.2", "video/webm"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)
START_BODIES = st.one_of(
    st.binary(max_size=3000),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(st.just("mime_type"), JSON_VALUES).map(lambda v: json.dumps(v).encode()),
    st.integers(min_value=1, max_value=3000).map(lambda n: b"[" * n + b"]" * n),
    st.integers(min_value=1, max_value=6000).map(lambda n: b'{"mime_type": 1' + b"0" * n + b"}"),
    st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@FUZZ
@given(body=START_BODIES)
@example(body=b"[" * 100_000)
@example(body=b'{"mime_type": "audio/webm", "x": ' + b"1" * 5000 + b"}")
def test_fuzz_start_mime_type_refuses_or_answers(body: bytes) -> None:
    refused: protocol.StartRefused | None = None
    try:
        mime = protocol.start_mime_type(body)
    except protocol.StartRefused as exc:
        refused = exc
    if refused is not None:
        assert refused.status in {400, 413}
        assert str(refused)
        return
    assert isinstance(mime, str)
    assert mime


@FUZZ
@given(value=st.text(max_size=300))
def test_fuzz_normalise_mime_refuses_with_value_error(value: str) -> None:
    try:
        normalised = protocol.normalise_mime(value)
    except ValueError:
        return
    assert normalised.split(";")[0] in protocol.ACCEPTED_TYPES
    assert len(normalised) <= 100


@pytest.fixture
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


@FUZZ_HTTP
@given(
    body=START_BODIES,
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded", ""]
    ),
)
def test_fuzz_any_start_body_is_answered_without_a_server_error(
    world: World, spool: Path, body: bytes, content_type: str
) -> None:
    client = world.client_for("chair")
    response = client.post(
        reverse("live_start", args=[world.meeting.pk]), data=body, content_type=content_type
    )
    assert 200 <= response.status_code < 500, response.content[:200]


_SEQS = st.one_of(
    st.integers(min_value=0, max_value=5),
    st.integers(min_value=0, max_value=10**40),
    st.text(alphabet="0123456789", min_size=1, max_size=4000),
)
_LENGTHS = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.text(alphabet="0123456789", min_size=1, max_size=5000),
    st.integers(min_value=-(10**6), max_value=0).map(str),
)


@FUZZ_HTTP
@given(seq=_SEQS, data=st.sampled_from([b"", b"x", CHUNKS[0]]), length=_LENGTHS)
@example(seq="9" * 4000, data=b"x", length=None)
@example(seq=10**30, data=CHUNKS[0], length=None)
def test_fuzz_any_chunk_number_and_length_is_answered_without_a_server_error(
    world: World, spool: Path, seq: int | str, data: bytes, length: str | None
) -> None:
    client: Client = world.client_for("chair")
    session = start(client, world.meeting).json()["session"]
    url = reverse("live_chunk", args=[session, 0]).removesuffix("0/") + f"{seq}/"
    extra: dict[str, str] = {}
    if length is not None:
        try:
            declared = int(length)
        except ValueError:
            declared = None
        # The test client cannot send fewer bytes than it declares; a real client can, and
        # Django then reads what arrived.
        if declared is None or declared <= len(data) or declared > protocol.MAX_SEQ:
            extra["CONTENT_LENGTH"] = length
    response = client.post(url, data=data, content_type="application/octet-stream", **extra)  # type: ignore[arg-type]
    assert response.status_code in {200, 400, 404, 409, 411, 413}, response.content[:200]


@FUZZ
@given(
    seq=st.integers(min_value=-(10**30), max_value=10**30),
    first_missing=st.integers(min_value=0, max_value=50),
    stored=st.booleans(),
    size=st.integers(min_value=0, max_value=10**12),
    same=st.booleans(),
    received=st.integers(min_value=0, max_value=10**12),
)
def test_fuzz_decide_appends_only_a_new_chunk_within_the_window_and_limits(
    seq: int, first_missing: int, stored: bool, size: int, same: bool, received: int
) -> None:
    # Every chunk below first_missing is stored; above it, some may be.
    held = seq < first_missing or (seq > first_missing and stored)
    try:
        protocol.check_seq(seq)
        action = protocol.decide(
            seq=seq,
            first_missing=first_missing,
            size=size,
            sha256="a" * 64,
            stored_sha256=("a" if same else "b") * 64 if held else None,
            received=received,
            chunk_limit=protocol.DEFAULT_CHUNK_MAX_BYTES,
            total_limit=4 * 1024**3,
        )
    except protocol.ChunkRefused as exc:
        status = exc.status
        action = None
    if action is None:
        assert status in {409, 413}
        return
    if action is protocol.Action.APPEND:
        assert not held
        assert first_missing <= seq < first_missing + protocol.REORDER_WINDOW
        assert 0 < size <= protocol.DEFAULT_CHUNK_MAX_BYTES
        assert received + size <= 4 * 1024**3
    else:
        assert held
        assert same
