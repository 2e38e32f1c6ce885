"""Seeking in the player: HTTP range requests over the decrypting reader return exactly the
original's bytes (206 with Content-Range), and a bad range gets 416."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onrecord.vault.ranges import ByteRange, RangeNotSatisfiable, parse_range
from tests.support.parent_copies import Stored, body, store_copy
from tests.support.personas import World
from tests.vault import audio


@pytest.fixture
def long_recording(world: World) -> Stored:
    # 40 s of 16 kHz mono WAV: about 1.3 MB, so ranges cross the vault's 1 MiB chunks.
    return store_copy(world, "mother", audio.wav(seconds=40.0))


def _get(client: Client, stored: Stored, range_header: str | None) -> Any:
    url = reverse("recording_audio", args=[stored.recording.pk])
    headers = {"Range": range_header} if range_header is not None else {}
    return client.get(url, headers=headers)


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),  # the first bytes
        ("bytes=0-0", 0, 0),
        ("bytes=1048500-1048700", 1048500, 1048700),  # the middle, across a chunk boundary
        ("bytes=-100", None, None),  # the last 100 bytes (suffix)
        ("bytes=1000000-", 1000000, None),  # open-ended: to the end
        ("bytes=5000-99999999", 5000, None),  # an end past the file is clamped
    ],
)
def test_ranges_return_exactly_the_original_bytes(
    world: World, long_recording: Stored, header: str, start: int | None, end: int | None
) -> None:
    size = len(long_recording.original)
    first = size - 100 if start is None else start
    last = size - 1 if end is None else end
    response = _get(world.client_for("chair"), long_recording, header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "audio/wav"
    assert body(response) == long_recording.original[first : last + 1]


def test_no_range_is_the_whole_recording(world: World, long_recording: Stored) -> None:
    response = _get(world.client_for("mother"), long_recording, None)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(long_recording.original))
    assert body(response) == long_recording.original


@pytest.mark.parametrize(
    "header",
    ["bytes=99999999-", "bytes=200-100", "bytes=abc-def", "bytes=-0", "bytes=-", "bytes=1-2-3"],
)
def test_a_bad_range_is_416(world: World, long_recording: Stored, header: str) -> None:
    response = _get(world.client_for("chair"), long_recording, header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(long_recording.original)}"


def test_several_ranges_or_another_unit_get_the_whole_recording(
    world: World, long_recording: Stored
) -> None:
    for header in ["bytes=0-10,20-30", "items=0-5"]:
        response = _get(world.client_for("chair"), long_recording, header)
        assert response.status_code == 200
        assert body(response) == long_recording.original


def test_parse_range_unit() -> None:
    assert parse_range(None, 10) is None
    assert parse_range("bytes=2-4", 10) == ByteRange(2, 4)
    assert parse_range("bytes=-3", 10) == ByteRange(7, 9)
    assert parse_range("bytes=-30", 10) == ByteRange(0, 9)
    assert parse_range("bytes=9-", 10) == ByteRange(9, 9)
    assert ByteRange(2, 4).length == 3
    assert ByteRange(2, 4).content_range(10) == "bytes 2-4/10"
    for bad in ["bytes=10-", "bytes=5-4", "bytes=x", "bytes=-0"]:
        with pytest.raises(RangeNotSatisfiable):
            parse_range(bad, 10)
