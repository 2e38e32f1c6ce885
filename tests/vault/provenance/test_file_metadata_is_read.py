"""What a file says about itself is read for its receipt: container, codec, sample rate,
channels, duration and its tags, such as the creation time a phone writes; a file that cannot
be read is named as such, never guessed at."""

from __future__ import annotations

import io

import numpy as np
import pytest

from onrecord.vault.provenance.media_tags import MAX_VALUE, MetadataError, read_metadata
from tests.vault.provenance.meeting_audio import AAC_M4A, MP3_8K, encode

RATE = 22_050
TONE = (0.2 * np.sin(np.arange(RATE * 3) * 2 * np.pi * 440 / RATE)).astype(np.float32)


def test_a_phones_m4a_gives_its_creation_time_and_tags() -> None:
    data = encode(
        TONE,
        RATE,
        AAC_M4A,
        tags={"creation_time": "2025-03-04T10:02:11.000000Z", "title": "Voice memo 12"},
    )
    found = read_metadata(io.BytesIO(data))
    assert found["container"] == "mov,mp4,m4a,3gp,3g2,mj2"
    assert found["codec"] == "aac"
    assert found["sample_rate"] == 16_000
    assert found["channels"] == 1
    assert found["duration_seconds"] == pytest.approx(3.0, abs=0.1)
    assert found["creation_time"] == "2025-03-04T10:02:11.000000Z"
    assert found["tags"]["title"] == "Voice memo 12"
    assert found["other_streams"] == 0


def test_an_mp3_without_a_creation_time_says_none() -> None:
    found = read_metadata(io.BytesIO(encode(TONE, RATE, MP3_8K)))
    assert (found["codec"], found["sample_rate"]) == ("mp3", 8_000)
    assert found["creation_time"] is None


def test_tag_values_are_bounded() -> None:
    data = encode(TONE, RATE, AAC_M4A, tags={"comment": "x" * 5000})
    assert len(read_metadata(io.BytesIO(data))["tags"]["comment"]) == MAX_VALUE


def test_a_file_that_is_not_audio_is_named() -> None:
    with pytest.raises(MetadataError, match="could not be opened"):
        read_metadata(io.BytesIO(b"this is not a recording at all" * 100))
