"""A family's copy made from a known original (the council's recording of the conference) by
trimming, cutting out a stretch, re-joining parts in another order and re-encoding as a phone
would is placed on the meeting's timeline, with what it lacks and where its audio jumps, each
to within one second; a recording of another meeting does not match and is placed nowhere."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import pytest

from onrecord.vault.provenance import alignment
from onrecord.vault.provenance.alignment import Alignment, JumpKind, Status
from tests.vault.provenance.meeting_audio import (
    AAC_M4A,
    MP3_8K,
    OPUS,
    WAV,
    another_meeting,
    conference,
    encode,
    features_of,
    pieces,
)

WITHIN = 1.0  # seconds: the tolerance


@pytest.fixture(scope="module")
def council() -> alignment.Features:
    samples, rate = conference()
    return features_of(encode(samples, rate, WAV))


def copy_of(*stretches: tuple[float, float], encoding: tuple[str, str, int, int] = WAV) -> bytes:
    samples, rate = conference()
    return encode(pieces(samples, rate, *stretches), rate, encoding)


def close(actual: Sequence[tuple[float, float]], expected: Sequence[tuple[float, float]]) -> bool:
    return len(actual) == len(expected) and all(
        abs(a - e) <= WITHIN
        for pair, want in zip(actual, expected, strict=True)
        for a, e in zip(pair, want, strict=True)
    )


def placed(result: Alignment) -> list[tuple[float, float]]:
    """(copy start, meeting start) and (copy end, meeting end) of each placed stretch."""
    return [
        pair
        for p in result.placements
        for pair in ((p.copy_start, p.meeting_start), (p.copy_end, p.meeting_end))
    ]


def test_a_trimmed_copy_is_placed_with_its_missing_start_and_end(
    council: alignment.Features,
) -> None:
    result = alignment.align(features_of(copy_of((7.3, 100.2))), council)
    assert result.status is Status.ALIGNED
    assert close(placed(result), [(0.0, 7.3), (92.9, 100.2)])
    end = council.seconds
    assert close([(m.start, m.end) for m in result.missing], [(0.0, 7.3), (100.2, end)])
    assert result.jumps == ()
    assert result.unplaced == ()
    assert not result.reordered
    assert result.confidence > 0.9


def test_a_stretch_cut_out_of_the_middle_is_missing_and_a_jump_forward(
    council: alignment.Features,
) -> None:
    end = council.seconds
    result = alignment.align(features_of(copy_of((0.0, 40.5), (58.2, end))), council)
    assert result.status is Status.ALIGNED
    assert close([(m.start, m.end) for m in result.missing], [(40.5, 58.2)])
    [jump] = result.jumps
    assert jump.kind is JumpKind.CUT
    assert close(
        [(jump.at, 0.0), (jump.from_meeting, jump.to_meeting)], [(40.5, 0.0), (40.5, 58.2)]
    )
    assert close(placed(result), [(0.0, 0.0), (40.5, 40.5), (40.5, 58.2), (end - 17.7, end)])


def test_parts_rejoined_in_another_order_are_a_jump_back(council: alignment.Features) -> None:
    result = alignment.align(features_of(copy_of((60.7, 90.3), (12.1, 45.6))), council)
    assert result.status is Status.ALIGNED
    assert result.reordered
    assert close(placed(result), [(0.0, 60.7), (29.6, 90.3), (29.6, 12.1), (63.1, 45.6)])
    [jump] = result.jumps
    assert jump.kind is JumpKind.BACK
    assert close([(jump.from_meeting, jump.to_meeting)], [(90.3, 12.1)])
    end = council.seconds
    assert close(
        [(m.start, m.end) for m in result.missing], [(0.0, 12.1), (45.6, 60.7), (90.3, end)]
    )


# Trimmed at both ends, a stretch cut out, and the last part joined back out of order.
EDITED = ((5.0, 30.0), (62.0, 85.0), (35.0, 50.0))


def check_edited(result: Alignment, meeting_seconds: float) -> None:
    assert result.status is Status.ALIGNED
    assert close(
        placed(result),
        [(0.0, 5.0), (25.0, 30.0), (25.0, 62.0), (48.0, 85.0), (48.0, 35.0), (63.0, 50.0)],
    )
    assert close(
        [(m.start, m.end) for m in result.missing],
        [(0.0, 5.0), (30.0, 35.0), (50.0, 62.0), (85.0, meeting_seconds)],
    )
    assert [j.kind for j in result.jumps] == [JumpKind.CUT, JumpKind.BACK]
    assert close(
        [(j.at, 0.0) for j in result.jumps]
        + [(j.from_meeting, j.to_meeting) for j in result.jumps],
        [(25.0, 0.0), (48.0, 0.0), (30.0, 62.0), (85.0, 35.0)],
    )
    assert result.reordered
    assert result.unplaced == ()


def test_an_edited_copy_is_placed_to_the_second(council: alignment.Features) -> None:
    check_edited(alignment.align(features_of(copy_of(*EDITED)), council), council.seconds)


@pytest.mark.slow
@pytest.mark.parametrize(
    "encoding", [AAC_M4A, MP3_8K, OPUS], ids=["aac-m4a-16k-24kbps", "mp3-8k-16kbps", "opus-12kbps"]
)
def test_an_edited_copy_re_encoded_by_a_phone_is_placed_to_the_second(
    council: alignment.Features, encoding: tuple[str, str, int, int]
) -> None:
    result = alignment.align(features_of(copy_of(*EDITED, encoding=encoding)), council)
    check_edited(result, council.seconds)
    assert result.confidence > 0.8


def test_a_recording_of_another_meeting_does_not_match(council: alignment.Features) -> None:
    samples, rate = another_meeting()
    result = alignment.align(features_of(encode(samples, rate, MP3_8K)), council)
    assert result.status is Status.NO_MATCH
    assert result.placements == ()
    assert result.missing == ()
    assert result.jumps == ()
    assert result.windows_compared > 20
    assert result.windows_placed == 0


def test_another_meeting_joined_onto_a_real_part_is_sound_not_in_the_meeting(
    council: alignment.Features,
) -> None:
    ours, rate = conference()
    theirs, their_rate = another_meeting()
    assert rate == their_rate
    joined = np.concatenate([pieces(ours, rate, (20.0, 60.0)), pieces(theirs, rate, (0.0, 20.0))])
    result = alignment.align(features_of(encode(joined, rate, WAV)), council)
    assert result.status is Status.ALIGNED
    assert close(placed(result), [(0.0, 20.0), (40.0, 60.0)])
    assert close([(u.start, u.end) for u in result.unplaced], [(40.0, 60.0)])


def test_a_copy_shorter_than_a_window_cannot_be_placed(council: alignment.Features) -> None:
    result = alignment.align(features_of(copy_of((10.0, 14.0))), council)
    assert result.status is Status.NO_MATCH


def test_silence_cannot_be_described() -> None:
    with pytest.raises(alignment.AlignmentError, match="no sound"):
        alignment.features([np.zeros(16_000 * 10, dtype=np.float32)])


def test_the_result_is_stored_as_json_and_read_back_unchanged(
    council: alignment.Features,
) -> None:
    result = alignment.align(features_of(copy_of(*EDITED)), council)
    stored = json.loads(json.dumps(result.as_dict()))
    assert Alignment.from_dict(stored) == result


@pytest.mark.parametrize("encoding", [WAV, MP3_8K], ids=["wav", "mp3-8k-16kbps"])
def test_a_single_word_cut_out_is_found(
    council: alignment.Features, encoding: tuple[str, str, int, int]
) -> None:
    """Half a second removed mid-sentence: a jump forward and a missing stretch, both placed."""
    result = alignment.align(
        features_of(copy_of((0.0, 50.0), (50.5, 100.0), encoding=encoding)), council
    )
    [jump] = result.jumps
    assert jump.kind is JumpKind.CUT
    assert abs(jump.from_meeting - 50.0) <= 0.25
    assert abs(jump.to_meeting - 50.5) <= 0.25
    [gap, end] = result.missing
    assert abs(gap.start - 50.0) <= 0.25
    assert abs(gap.end - 50.5) <= 0.25
    assert abs(end.start - 100.0) <= WITHIN
