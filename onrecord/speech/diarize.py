"""Who said what: voice samples clustered into speakers, then a speaker for every word.

Clustering is over every window's voice samples of at least a second (a short one,
zero-padded, embeds poorly and would make a cluster of its own: it joins the nearest centre
instead). With an encoder that has its own measured threshold (CAM++, `campplus.SAME_VOICE`)
it is average-linkage clustering (`agglomerative`: count given, or the tree cut at the
threshold, at most `most`; small clusters of odd samples never take a speaker's place), which
on the real-speech set told the two women apart where spectral clustering split a man
(docs/SPEECH.md, "CAM++ and average-linkage clustering"). Otherwise, with `SPECTRAL_MIN`
samples or more it is spectral clustering on a pruned affinity
graph (`spectral`: each sample keeps its p most similar neighbours, p chosen per recording, as
in Park et al. 2019, "Auto-tuning spectral clustering for speaker diarization using normalized
maximum eigengap"); the number of speakers is given, or estimated from the largest eigengap of
the graph's Laplacian, never more than `most` (the meeting's attendance, where known). Fewer
samples than that say too little for eigengaps: agglomerative clustering (average linkage,
cosine), the count given or the best silhouette. On real voices (docs/SPEECH.md, "Real
speech") spectral took the two-woman telephone call from 15.0% to 6.3% DER and estimated the
count within one on every real meeting where agglomerative found 7 voices for 2. A 3-hour
meeting has ~10,000 samples, so beyond `MAX_CLUSTERED` (600) an evenly spaced subset is
clustered and every other sample joins the nearest cluster centre.

Each word then takes the speaker whose samples overlap it most, each sample's overlap weighted
by how closely it matches each speaker's centre (so a sample straddling a change of speaker
counts for little), or the nearest sample's speaker when none overlaps; a single word that
disagrees with the same speaker on both sides is smoothed to theirs. Speakers are numbered by
first appearance: 0 spoke first.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from onrecord.speech.types import SpeechError, VoiceSample, Word

MAX_SPEAKERS = 8
FULL_SECONDS = 1.0  # samples at least this long are clustered; shorter ones join the nearest
MAX_CLUSTERED = 600  # spectral: 8 eigendecompositions of an n x n graph, cubic in n
SPECTRAL_MIN = 12  # fewer samples: agglomerative (a tiny graph's eigengaps say little)
PRUNE_TRIES = 8  # how many neighbour counts p are tried per recording
MIN_SILHOUETTE = 0.12  # below this, splitting is no better than noise: one speaker
SAME_VOICE = 0.9  # centres this alike (cosine) are one voice, however the silhouette scores
MIN_CLUSTER = 3  # agglomerative: smaller clusters are odd samples, not a speaker
SMOOTH_GAP = 1.0  # seconds: only smooth a word close to both neighbours

Labels = npt.NDArray[np.intp]


def cluster(
    samples: Sequence[VoiceSample],
    speakers: int | None = None,
    *,
    most: int | None = None,
    same_voice: float | None = None,
) -> list[int]:
    """A speaker index per sample, numbered by first appearance in time: `speakers` of them
    where given, else as many as the voices show, at most `most` (e.g. the number present).
    `same_voice` is the encoder's own measured threshold (`campplus.SAME_VOICE`): with it the
    samples are clustered by `agglomerative`; without it (encoders not calibrated) by
    `spectral`, or average linkage and silhouette for a few samples."""
    if speakers is not None and speakers < 1:
        raise SpeechError("The number of speakers must be at least 1.")
    if most is not None and most < 1:
        raise SpeechError("The most speakers there can be must be at least 1.")
    if not samples:
        return []
    vectors = _unit(np.asarray([s.vector for s in samples], dtype=np.float64))
    n = len(vectors)
    # Short samples (a lone "yes", zero-padded) embed poorly and would become clusters of their
    # own; cluster the full-length ones and let the short ones join the nearest centre.
    full = np.flatnonzero([s.end - s.start >= FULL_SECONDS for s in samples])
    if len(full) < 2 * (speakers or 2):
        full = np.arange(n)
    if len(full) > MAX_CLUSTERED:
        full = full[np.unique(np.linspace(0, len(full) - 1, MAX_CLUSTERED).astype(np.intp))]
    subset = vectors[full]
    if same_voice is not None:
        labels = agglomerative(
            subset, speakers, most=min(most or MAX_SPEAKERS, MAX_SPEAKERS), same_voice=same_voice
        )
    elif len(subset) >= SPECTRAL_MIN:
        labels = spectral(subset, speakers, most=min(most or MAX_SPEAKERS, MAX_SPEAKERS))
    else:
        labels = _cluster(subset, speakers if speakers is not None else _one_if(most))
    if len(subset) < n:
        labels = _nearest_centre(vectors, subset, labels)
    order = sorted(range(n), key=lambda i: samples[i].start)
    renumber: dict[int, int] = {}
    for i in order:
        renumber.setdefault(int(labels[i]), len(renumber))
    return [renumber[int(label)] for label in labels]


def _one_if(most: int | None) -> int | None:
    return 1 if most == 1 else None


def agglomerative(
    vectors: npt.NDArray[np.float64],
    speakers: int | None = None,
    *,
    most: int = MAX_SPEAKERS,
    same_voice: float,
) -> Labels:
    """Average-linkage clustering of unit vectors (cosine), robust to a few odd samples.

    The count is `speakers` where given; else the number of clusters whose samples are, on
    average, less alike than `same_voice` (cutting the tree there), counting only clusters of at
    least `min_size` samples, and never more than `most`. A handful of odd samples (a cough, a
    laugh, the edge of a turn) would take a speaker's place if the tree were simply cut into
    that many: instead it is cut into more and more clusters until that many have at least
    `min_size` samples, and every sample then joins the nearest of those clusters' centres.
    On the real-speech set this told the two women apart where spectral clustering split a man
    (docs/SPEECH.md)."""
    from scipy.cluster.hierarchy import fcluster, linkage

    n = len(vectors)
    if speakers == 1 or n < 3:
        return np.zeros(n, dtype=np.intp)
    tree = linkage(vectors, method="average", metric="cosine")
    min_size = min_cluster_size(n)
    if speakers is None:
        cut = fcluster(tree, 1.0 - same_voice, criterion="distance") - 1
        speakers = max(1, int(np.sum(np.bincount(cut) >= min_size)))
    k = min(speakers, most, n)
    if k == 1:
        return np.zeros(n, dtype=np.intp)
    labels = np.zeros(n, dtype=np.intp)
    for parts in range(k, n + 1):
        labels = np.asarray(fcluster(tree, parts, criterion="maxclust") - 1, dtype=np.intp)
        sizes = np.bincount(labels)
        if np.sum(sizes >= min_size) >= k:
            break
    return keep_largest(vectors, labels, k)


def min_cluster_size(n: int) -> int:
    """The fewest samples a speaker's cluster may have: 3 (about 3 s of speech), fewer for very
    few samples."""
    return max(1, min(MIN_CLUSTER, n // 4))


def keep_largest(vectors: npt.NDArray[np.float64], labels: Labels, k: int) -> Labels:
    """Every sample joins the nearest centre of the `k` largest clusters."""
    sizes = np.bincount(labels)
    largest = np.argsort(-sizes, kind="stable")[:k]
    centres = _unit(np.stack([vectors[labels == c].mean(axis=0) for c in largest]))
    return np.asarray(np.argmax(vectors @ centres.T, axis=1), dtype=np.intp)


def spectral(
    vectors: npt.NDArray[np.float64], speakers: int | None = None, *, most: int = MAX_SPEAKERS
) -> Labels:
    """Spectral clustering of unit vectors on a pruned cosine-affinity graph.

    For each p tried, every row keeps its p largest affinities (negative ones as 0), the graph
    is made symmetric, and the unnormalised Laplacian's smallest eigenvalues are found; the
    largest gap among the first `most` + 1 of them, over the largest eigenvalue, says how clearly
    the graph falls into that many parts. The p with the smallest p / gap is kept (Park et al.'s
    NME criterion), its largest gap gives the count unless `speakers` is given, and k-means on
    that many eigenvectors gives the labels."""
    from scipy.linalg import eigh
    from sklearn.cluster import KMeans

    n = len(vectors)
    if speakers == 1 or n < 3:
        return np.zeros(n, dtype=np.intp)
    similarity = vectors @ vectors.T
    top = min(max(most, speakers or 1), n - 1)
    order = np.argsort(-similarity, axis=1)
    low, high = max(4, n // 8), max(5, n // 2)
    tries = np.unique(np.geomspace(low, high, PRUNE_TRIES).astype(np.intp))
    best: tuple[float, int, npt.NDArray[np.float64]] | None = None
    for p in tries:
        keep = np.zeros_like(similarity, dtype=bool)
        np.put_along_axis(keep, order[:, :p], True, axis=1)
        affinity = np.where(keep, np.clip(similarity, 0.0, None), 0.0)
        affinity = (affinity + affinity.T) / 2
        np.fill_diagonal(affinity, 0.0)
        laplacian = np.diag(affinity.sum(axis=1)) - affinity
        values, vecs = eigh(laplacian, subset_by_index=[0, top])
        largest = float(eigh(laplacian, eigvals_only=True, subset_by_index=[n - 1, n - 1])[0])
        gaps = np.diff(values)
        gap = float(gaps.max()) / max(largest, 1e-12)
        ratio = (p / n) / max(gap, 1e-12)
        if best is None or ratio < best[0]:
            count = int(np.argmax(gaps[:most])) + 1
            best = (ratio, count, vecs)
    assert best is not None
    _, count, vecs = best
    k = min(speakers, n) if speakers is not None else count
    while k > 1:
        fit = KMeans(n_clusters=k, n_init=10, random_state=0)
        labels = np.asarray(fit.fit_predict(vecs[:, :k]), dtype=np.intp)
        if speakers is not None or _closest_centres(vectors, labels) <= SAME_VOICE:
            return labels
        k -= 1  # a pruned graph of one tight voice falls apart; its parts sound the same
    return np.zeros(n, dtype=np.intp)


def _cluster(vectors: npt.NDArray[np.float64], speakers: int | None) -> Labels:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import silhouette_score

    n = len(vectors)
    if speakers is not None:
        k = min(speakers, n)
        if k == 1:
            return np.zeros(n, dtype=np.intp)
        fit = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average")
        return np.asarray(fit.fit_predict(vectors), dtype=np.intp)
    if n < 3:
        return np.zeros(n, dtype=np.intp)
    best: tuple[float, Labels] = (MIN_SILHOUETTE, np.zeros(n, dtype=np.intp))
    for k in range(2, min(MAX_SPEAKERS, n - 1) + 1):
        fit = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average")
        labels = np.asarray(fit.fit_predict(vectors), dtype=np.intp)
        if _closest_centres(vectors, labels) > SAME_VOICE:
            continue  # silhouette ignores scale: a split of one tight voice can score well
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # identical vectors
            score = float(silhouette_score(vectors, labels, metric="cosine"))
        if score > best[0]:
            best = (score, labels)
    return best[1]


def _closest_centres(vectors: npt.NDArray[np.float64], labels: Labels) -> float:
    """The highest cosine similarity between two cluster centres."""
    centres = _unit(np.stack([vectors[labels == k].mean(axis=0) for k in range(labels.max() + 1)]))
    similarity = centres @ centres.T
    np.fill_diagonal(similarity, -1.0)
    return float(similarity.max())


def _unit(vectors: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _nearest_centre(
    vectors: npt.NDArray[np.float64], subset: npt.NDArray[np.float64], labels: Labels
) -> Labels:
    centres = np.stack([subset[labels == k].mean(axis=0) for k in range(int(labels.max()) + 1)])
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    return np.asarray(np.argmax(vectors @ centres.T, axis=1), dtype=np.intp)


def assign(
    words: Sequence[Word], samples: Sequence[VoiceSample], labels: Sequence[int]
) -> list[Word]:
    """Each word with the speaker of the samples overlapping it most (nearest sample if none)."""
    if not samples:
        return [replace(w, speaker=None) for w in words]
    order = sorted(range(len(samples)), key=lambda i: samples[i].start)
    starts = np.array([samples[i].start for i in order])
    ends = np.array([samples[i].end for i in order])
    mids = (starts + ends) / 2
    ordered = np.array([labels[i] for i in order], dtype=np.intp)
    speakers = int(max(labels)) + 1
    # how much each sample sounds like each speaker: a sample straddling a change of speaker
    # sits between two centres and says little; one inside a turn votes firmly
    vectors = _unit(np.asarray([samples[i].vector for i in order], dtype=np.float64))
    centres = _unit(np.stack([vectors[ordered == k].mean(axis=0) for k in range(speakers)]))
    likeness = np.clip(vectors @ centres.T, 0, None) ** 4
    longest = float(np.max(ends - starts))
    result: list[Word] = []
    for w in words:
        # samples that can overlap the word start after (w.start - longest) and before w.end
        lo = int(np.searchsorted(starts, w.start - longest, side="left"))
        hi = int(np.searchsorted(starts, w.end, side="right"))
        weight = np.zeros(speakers)
        for j in range(lo, hi):
            overlap = min(ends[j], w.end) - max(starts[j], w.start)
            if overlap > 0:
                weight += overlap * likeness[j]
        if weight.any():
            speaker = int(np.argmax(weight))
        else:
            middle = (w.start + w.end) / 2
            speaker = int(ordered[int(np.argmin(np.abs(mids - middle)))])
        result.append(replace(w, speaker=speaker))
    return _smooth(result)


def _smooth(words: list[Word]) -> list[Word]:
    """A lone word between two words of one other speaker, close in time, is theirs: a single
    word is too short for its voice to outvote the turn around it."""
    out = list(words)
    for i in range(1, len(words) - 1):
        before, word, after = words[i - 1], words[i], words[i + 1]
        if (
            before.speaker == after.speaker != word.speaker
            and word.start - before.end < SMOOTH_GAP
            and after.start - word.end < SMOOTH_GAP
        ):
            out[i] = replace(word, speaker=before.speaker)
    return out


def diarize(
    words: Sequence[Word],
    samples: Sequence[VoiceSample],
    speakers: int | None = None,
    *,
    most: int | None = None,
    labels: Sequence[int] | None = None,
    same_voice: float | None = None,
) -> tuple[list[Word], int]:
    """The words with speakers, and how many speakers there are: the samples clustered as
    `cluster` does, or labelled already (`labels`, e.g. by enrolment: onrecord/speech/enrol.py)."""
    if labels is None:
        labels = cluster(samples, speakers, most=most, same_voice=same_voice)
    assigned = assign(words, samples, labels)
    used = {w.speaker for w in assigned if w.speaker is not None}
    # renumber so speakers heard in words count from 0 by first word, without gaps
    renumber: dict[int, int] = {}
    for w in assigned:
        if w.speaker is not None:
            renumber.setdefault(w.speaker, len(renumber))
    final = [
        replace(w, speaker=renumber[w.speaker]) if w.speaker is not None else w for w in assigned
    ]
    return final, len(used)
