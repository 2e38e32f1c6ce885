"""Who-spoke-when scores for the speech bench: DER (overlap-aware, 0.25 s collar), word-speaker
accuracy, and the same DER through `pyannote.metrics` where it is installed (the `bench` extra).

DER is frame-based (10 ms). In each scored frame the reference has a set of speakers (two where
they overlap) and the hypothesis another; with the best one-to-one mapping of hypothesis to
reference speakers (Hungarian, on frames shared), a frame's errors are
  missed      max(0, |ref| - |hyp|)
  false alarm max(0, |hyp| - |ref|)
  confusion   min(|ref|, |hyp|) - mapped pairs both speaking
and DER = their sum over every scored frame / the sum of |ref|: pyannote.metrics' definition.
Frames within 0.25 s of any reference turn's start or end are not scored (pyannote's
`collar=0.5`, half each side). Hypothesis turns are the words' spans, joined when the same
speaker's words are less than 1 s apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

STEP = 0.01
JOIN = 1.0

Turn = tuple[float, float, Any]  # start, end, speaker
WordRow = tuple[float, float, str, Any]  # start, end, text, speaker (None: unassigned)


def hypothesis_turns(words: Sequence[WordRow], join: float = JOIN) -> list[Turn]:
    spans: list[Turn] = []
    for start, stop, _, speaker in sorted(words, key=lambda w: w[0]):
        if speaker is None:
            continue
        if spans and spans[-1][2] == speaker and start - spans[-1][1] < join:
            spans[-1] = (spans[-1][0], max(stop, spans[-1][1]), speaker)
        else:
            spans.append((start, stop, speaker))
    return spans


def _grid(turns: Sequence[Turn], ids: list[Any], n: int) -> npt.NDArray[np.bool_]:
    grid = np.zeros((n, len(ids)), dtype=bool)
    for start, end, who in turns:
        grid[round(start / STEP) : round(end / STEP), ids.index(who)] = True
    return grid


def _mapping(ref: npt.NDArray[np.bool_], hyp: npt.NDArray[np.bool_]) -> dict[int, int]:
    """hypothesis column -> reference column, maximising frames shared."""
    from scipy.optimize import linear_sum_assignment

    if not hyp.shape[1] or not ref.shape[1]:
        return {}
    shared = ref.T.astype(np.float64) @ hyp.astype(np.float64)
    rows, cols = linear_sum_assignment(-shared)
    return {int(c): int(r) for r, c in zip(rows, cols, strict=True)}


def der(reference: Sequence[Turn], hypothesis: Sequence[Turn], collar: float = 0.25) -> float:
    end = max([t[1] for t in reference] + [t[1] for t in hypothesis]) + 1
    n = int(end / STEP) + 1
    r_ids = sorted({t[2] for t in reference}, key=str)
    h_ids = sorted({t[2] for t in hypothesis}, key=str)
    ref, hyp = _grid(reference, r_ids, n), _grid(hypothesis, h_ids, n)
    scored = np.ones(n, dtype=bool)
    for start, stop, _ in reference:
        for edge in (start, stop):
            scored[max(0, round((edge - collar) / STEP)) : round((edge + collar) / STEP)] = False
    ref, hyp = ref[scored], hyp[scored]
    mapping = _mapping(ref, hyp)
    n_ref, n_hyp = ref.sum(axis=1), hyp.sum(axis=1)
    correct = np.zeros(len(ref), dtype=np.int64)
    for h, r in mapping.items():
        correct += ref[:, r] & hyp[:, h]
    errors = (
        np.maximum(0, n_ref - n_hyp)
        + np.maximum(0, n_hyp - n_ref)
        + (np.minimum(n_ref, n_hyp) - correct)
    )
    return float(errors.sum() / max(1, n_ref.sum()))


def word_accuracy(reference: Sequence[Turn], words: Sequence[WordRow]) -> float:
    """The share of transcribed words whose speaker (mapped as for DER) is speaking at the
    word's middle in the reference (the nearest reference turn where none is)."""
    labelled = [w for w in words if w[3] is not None]
    if not labelled:
        return 0.0
    hypothesis = hypothesis_turns(labelled)
    end = max([t[1] for t in reference] + [t[1] for t in hypothesis]) + 1
    n = int(end / STEP) + 1
    r_ids = sorted({t[2] for t in reference}, key=str)
    h_ids = sorted({t[2] for t in hypothesis}, key=str)
    mapping = _mapping(_grid(reference, r_ids, n), _grid(hypothesis, h_ids, n))
    right = 0
    for start, stop, _, speaker in labelled:
        middle = (start + stop) / 2
        speaking = {r_ids.index(t[2]) for t in reference if t[0] <= middle < t[1]}
        if not speaking:
            nearest = min(reference, key=lambda t: min(abs(t[0] - middle), abs(t[1] - middle)))
            speaking = {r_ids.index(nearest[2])}
        right += mapping.get(h_ids.index(speaker), -1) in speaking
    return right / len(labelled)


def pyannote_der(
    reference: Sequence[Turn], hypothesis: Sequence[Turn], collar: float = 0.25
) -> float | None:
    """The same DER from pyannote.metrics (None where the `bench` extra is not installed)."""
    try:
        from pyannote.core import Annotation, Segment
        from pyannote.metrics.diarization import DiarizationErrorRate
    except ImportError:
        return None
    ref, hyp = Annotation(), Annotation()
    for i, (start, end, who) in enumerate(reference):
        ref[Segment(start, end), i] = str(who)
    for i, (start, end, who) in enumerate(hypothesis):
        hyp[Segment(start, end), i] = str(who)
    import warnings

    metric = DiarizationErrorRate(collar=2 * collar, skip_overlap=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "uem approximated": the union, as ours
        return float(metric(ref, hyp))


# --- two people at once (issue 18, onrecord/speech/overlap.py) ------------------------------


def _overlap_grid(reference: Sequence[Turn], n: int) -> npt.NDArray[np.bool_]:
    count = np.zeros(n, dtype=np.int64)
    for start, end, _ in reference:
        count[round(start / STEP) : round(end / STEP)] += 1
    return count >= 2


def overlap_scores(
    reference: Sequence[Turn], stretches: Sequence[tuple[float, float]]
) -> tuple[float | None, float | None, float, float]:
    """Precision and recall of the detected overlap frames (10 ms, no collar) against the
    frames where the reference has two speakers or more, and the seconds of each. Precision is
    None when nothing was detected, recall None when the reference has no overlap."""
    end = max([t[1] for t in reference] + [b for _, b in stretches]) + 1
    n = int(end / STEP) + 1
    ref = _overlap_grid(reference, n)
    hyp = np.zeros(n, dtype=bool)
    for a, b in stretches:
        hyp[round(a / STEP) : round(b / STEP)] = True
    hits = float(np.sum(ref & hyp))
    precision = hits / hyp.sum() if hyp.any() else None
    recall = hits / ref.sum() if ref.any() else None
    return precision, recall, float(hyp.sum() * STEP), float(ref.sum() * STEP)


def with_second_speaker(
    hypothesis: Sequence[Turn], stretches: Sequence[tuple[float, float]]
) -> list[Turn]:
    """The hypothesis with a second speaker added in each detected overlap: the speaker of the
    nearest turn in time, other than those already speaking there (the nearest-neighbour
    heuristic of Otterson and Ostendorf, 2007; pyannote's overlap-aware resegmentation does much
    the same with its own scores). Unchanged where there is no other speaker."""
    out = list(hypothesis)
    for a, b in stretches:
        speaking = {t[2] for t in hypothesis if t[0] < b and t[1] > a}
        others = [t for t in hypothesis if t[2] not in speaking]
        if not others:
            continue
        nearest = min(others, key=lambda t: max(0.0, t[0] - b, a - t[1]))
        out.append((a, b, nearest[2]))
    return out
