"""A Range header with thousands of digits (issue 16, failure 6) is answered, never a 500:
a first byte past any file is unsatisfiable (416), a last byte past the end is clamped, and a
header far longer than any player sends is ignored (RFC 9110 section 14.2: the whole file)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onrecord.vault.ranges import ByteRange, RangeNotSatisfiable, parse_range
from tests.support.parent_copies import Stored, body, store_copy
from tests.support.personas import World
from tests.vault import audio

THOUSANDS = "9" * 5000


@pytest.fixture
def short_recording(world: World) -> Stored:
    return store_copy(world, "mother", audio.wav(seconds=1.0))


def _get(client: Client, stored: Stored, header: str) -> Any:
    url = reverse("recording_audio", args=[stored.recording.pk])
    return client.get(url, headers={"Range": header})


@pytest.mark.parametrize(
    "header",
    [
        f"bytes={THOUSANDS}-",
        f"bytes=0-{THOUSANDS}",
        f"bytes=-{THOUSANDS}",
        f"bytes={THOUSANDS}-{THOUSANDS}",
        "bytes=" + "0" * 5000 + "1-2",
    ],
    ids=["first", "last", "suffix", "both", "leading-zeros"],
)
def test_thousands_of_digits_are_answered_not_a_server_error(
    world: World, short_recording: Stored, header: str
) -> None:
    response = _get(world.client_for("chair"), short_recording, header)
    assert response.status_code in {200, 206, 416}
    size = len(short_recording.original)
    if response.status_code == 416:
        assert response["Content-Range"] == f"bytes */{size}"
    else:
        start = (
            0 if response.status_code == 200 else int(response["Content-Range"][6:].split("-")[0])
        )
        assert body(response) == short_recording.original[start:]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-" + "9" * 40, ByteRange(0, 999)),  # clamped to the end
        ("bytes=-" + "9" * 40, ByteRange(0, 999)),  # a suffix longer than the file: all of it
        ("bytes=" + "0" * 60 + "5-9", ByteRange(5, 9)),  # leading zeros are still a number
    ],
)
def test_long_positions_within_the_header_limit_keep_their_meaning(
    header: str, expected: ByteRange
) -> None:
    assert parse_range(header, 1000) == expected


def test_a_first_byte_past_any_file_is_unsatisfiable() -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=" + "9" * 40 + "-", 1000)


def test_a_header_longer_than_any_seek_is_ignored() -> None:
    assert parse_range("bytes=" + "1" * 1000 + "-", 1000) is None


def test_only_ascii_digits_are_positions() -> None:
    # int() reads Arabic-Indic digits; a byte position is ASCII (RFC 9110 DIGIT).
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=\u0661-\u0662", 1000)
