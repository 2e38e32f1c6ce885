"""Why "finish from what was received" works, and why gaps are refused: MediaRecorder's WebM
with a timeslice is one stream cut into pieces (the header in the first). Every prefix cut at a
piece boundary probes as whole audio of the length received; a cut inside the final cluster
(a piece half-written) keeps the audio up to the last complete block. A missing middle piece
would also probe, as a recording that silently jumps: hence the server's strict order."""

from __future__ import annotations

import io

import pytest

from onrecord.vault.probe import ProbeError, probe
from tests.vault.live.support import BOUNDARIES, CHUNKS, WEBM


@pytest.mark.parametrize("pieces", [1, 2, 3])
def test_every_prefix_at_a_piece_boundary_is_whole_audio(pieces: int) -> None:
    info = probe(io.BytesIO(WEBM[: BOUNDARIES[pieces]]))
    assert (info.container, info.codec) == ("matroska,webm", "opus")
    assert info.duration_seconds == pytest.approx(pieces, abs=0.1)


def test_a_cut_inside_the_last_cluster_keeps_what_is_complete() -> None:
    info = probe(io.BytesIO(WEBM[: len(WEBM) - 3000]))
    assert 2.0 < info.duration_seconds < 3.0


def test_without_its_first_piece_nothing_is_audio() -> None:
    with pytest.raises(ProbeError, match="not a recognised audio file"):
        probe(io.BytesIO(CHUNKS[1] + CHUNKS[2]))


def test_a_missing_middle_piece_is_not_detected_by_the_probe() -> None:
    info = probe(io.BytesIO(CHUNKS[0] + CHUNKS[2]))
    assert info.duration_seconds == pytest.approx(3.0, abs=0.1)  # 3 s span, 2 s of audio
