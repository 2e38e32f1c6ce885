"""Where on the meeting's timeline a family's recording belongs, and what of it is missing or
out of place: its audio aligned against the council's own recording of the meeting. Pure
Python (numpy), no Django.

    reference = features(blocks_of(council_recording))   # 16 kHz mono float32 blocks
    copy = features(blocks_of(family_recording))
    result = align(copy, reference)

Both recordings are decoded to 16 kHz mono and described every 20 ms by the log energy in
32 mel bands from 100 Hz to 3.8 kHz (so an 8 kHz phone recording, or a codec that drops the
highs, is described the same way as the original). Each 6-second window of the copy, every
second, is then looked for along the whole of the council's recording by normalised
cross-correlation (each band's mean removed within the window, so a different microphone's or
codec's tone does not matter); once a window is found, the next is first looked for where it
would be if the copy were continuous. Windows found at the same offset (copy time to meeting
time) join into one placed stretch; between two stretches, the exact frame where the copy's
audio stops fitting the one and starts fitting the other is found frame by frame, so a cut is
placed to within a few frames, not to the window.

The result says which stretches of the copy play which stretches of the meeting (with each
stretch's correlation as its confidence), which stretches of the meeting the copy lacks, where
its audio is discontinuous (a jump forward: part of the meeting cut out; a jump back: a part
repeated or joined out of order), and which of its audio is not in the council's recording at
all. A copy of another meeting matches nowhere and is reported as not matching, never placed.

Limits: a stretch shorter than a window (6 s) between two cuts may not be found; a cut made
in a pause is placed somewhere in that pause; two recordings from different microphones match
less closely than a copy of the same audio (the confidence says so).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from functools import cache
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

RATE = 16_000
HOP = 320  # 20 ms
FRAMES_PER_SECOND = RATE // HOP
N_FFT = 512  # 32 ms
BANDS = 32
LOW_HZ = 100.0
HIGH_HZ = 3_800.0
# A frame is "sound" when its energy is within this many decibels of the recording's loud frames.
ACTIVE_DB = 35.0
# Energy below this (relative to the recording's loud frames) is treated as silence, whatever
# noise a codec adds there.
FLOOR_DB = 50.0

WINDOW_SECONDS = 6.0
STEP_SECONDS = 1.0
# A window needs this much sound in it to be looked for at all.
MIN_ACTIVE_SHARE = 0.3
# A window is placed when its best correlation is at least MATCH and beats the best elsewhere
# (more than a second away) by MARGIN; followed from the window before, it is kept at TRACK.
MATCH = 0.55
MARGIN = 0.12
TRACK = 0.5
# Consecutive windows whose offsets differ by at most this many frames are one stretch.
SAME_OFFSET_FRAMES = 4
# Frame-by-frame fitting (between two placed stretches): bands averaged over SMOOTH_FRAMES; a
# frame fits when its mean difference across the bands is under FIT_ERROR (log10 units: 6 dB;
# a phone codec's copy differs by about 2 dB, another part of the meeting by 12 dB or more).
SMOOTH_FRAMES = 5
FIT_ERROR = 0.6
# A noisier copy's frames fit less closely: its tolerance is FIT_SPREAD times its own typical
# error, at most MAX_FIT_ERROR (frames from elsewhere in the meeting differ by 1.0 or more).
FIT_SPREAD = 1.5
MAX_FIT_ERROR = 0.95
QUIET_FIT = 0.05
# Jumps and missing stretches shorter than JUMP_SECONDS are not reported (a cut of a single
# word, 0.3 s, is found); sound not in the council's recording, shorter than MIN_REPORT_SECONDS.
JUMP_SECONDS = 0.25
MIN_REPORT_SECONDS = 1.0
# Fewer informative windows placed than this share, or fewer than MIN_PLACED_WINDOWS: no match.
MIN_PLACED_SHARE = 0.2
MIN_PLACED_WINDOWS = 3
PROGRESS_EVERY = 100

FloatArray = npt.NDArray[np.float32]


class AlignmentError(ValueError):
    """The audio cannot be aligned (e.g. it holds no sound); the message says why."""


@cache
def _mel_filters() -> npt.NDArray[np.float32]:
    """Triangular filters on the mel scale, BANDS x (N_FFT // 2 + 1)."""

    def mel(hz: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return 2595.0 * np.log10(1.0 + hz / 700.0)

    def hz(m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)

    edges = hz(np.linspace(mel(np.array(LOW_HZ)), mel(np.array(HIGH_HZ)), BANDS + 2))
    bins = np.fft.rfftfreq(N_FFT, 1.0 / RATE)
    filters = np.zeros((BANDS, len(bins)), dtype=np.float32)
    for band in range(BANDS):
        low, centre, high = edges[band], edges[band + 1], edges[band + 2]
        rising = (bins - low) / (centre - low)
        falling = (high - bins) / (high - centre)
        filters[band] = np.maximum(0.0, np.minimum(rising, falling))
    return filters


@dataclass(frozen=True)
class Features:
    """A recording described for alignment: `bands` is frames x BANDS of log10 energy (floored
    relative to the recording's loud frames), `active` whether each frame holds sound."""

    bands: FloatArray
    active: npt.NDArray[np.bool_]

    @property
    def frames(self) -> int:
        return int(self.bands.shape[0])

    @property
    def seconds(self) -> float:
        return self.frames / FRAMES_PER_SECOND


class FeatureStream:
    """Features computed block by block, so a long recording is never held as samples (an hour
    is 23 MB of features, against 230 MB of samples)."""

    def __init__(self) -> None:
        self._left = np.zeros(0, dtype=np.float32)
        self._power: list[FloatArray] = []
        self._window = np.hanning(N_FFT).astype(np.float32)

    def feed(self, samples: FloatArray) -> None:
        """Add the next 16 kHz mono samples."""
        buffer = np.concatenate([self._left, np.asarray(samples, dtype=np.float32).ravel()])
        if len(buffer) < N_FFT:
            self._left = buffer
            return
        count = 1 + (len(buffer) - N_FFT) // HOP
        frames = np.lib.stride_tricks.sliding_window_view(buffer, N_FFT)[::HOP][:count]
        spectrum = np.abs(np.fft.rfft(frames * self._window, axis=1)) ** 2
        self._power.append((spectrum.astype(np.float32) @ _mel_filters().T).astype(np.float32))
        self._left = buffer[count * HOP :].copy()

    def finish(self) -> Features:
        if not self._power:
            raise AlignmentError("the recording is too short to compare (under 32 ms)")
        power = np.concatenate(self._power)
        total = power.sum(axis=1)
        loud = float(np.percentile(total, 95))
        if loud <= 1e-12:
            raise AlignmentError("the recording holds no sound")
        floor = loud / BANDS * 10 ** (-FLOOR_DB / 10)
        bands = np.log10(np.maximum(power, floor)).astype(np.float32)
        active = total >= loud * 10 ** (-ACTIVE_DB / 10)
        return Features(bands=bands, active=active)


def features(blocks: Iterable[FloatArray]) -> Features:
    """Features of a recording given as 16 kHz mono float32 blocks, in order."""
    stream = FeatureStream()
    for block in blocks:
        stream.feed(block)
    return stream.finish()


# --- the result -----------------------------------------------------------------------------


class Status(StrEnum):
    ALIGNED = "aligned"
    NO_MATCH = "no_match"


class JumpKind(StrEnum):
    CUT = "cut"  # the copy jumps forward: part of the meeting is not there
    BACK = "back"  # the copy jumps back: a part repeated or joined out of order


@dataclass(frozen=True)
class Placement:
    """copy_start..copy_end of the copy plays meeting_start..meeting_end of the council's
    recording (seconds); confidence is the mean correlation of its windows (0 to 1)."""

    copy_start: float
    copy_end: float
    meeting_start: float
    meeting_end: float
    confidence: float


@dataclass(frozen=True)
class Jump:
    """At copy time `at`, the copy's audio stops playing the meeting at `from_meeting` and
    goes on at `to_meeting`; `unplaced_seconds` of audio not found lie between."""

    at: float
    kind: JumpKind
    from_meeting: float
    to_meeting: float
    unplaced_seconds: float


@dataclass(frozen=True)
class Stretch:
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Alignment:
    status: Status
    copy_seconds: float
    meeting_seconds: float
    placements: tuple[Placement, ...] = ()
    covered: tuple[Stretch, ...] = ()  # of the meeting, in meeting time
    missing: tuple[Stretch, ...] = ()  # of the meeting, in meeting time
    jumps: tuple[Jump, ...] = ()
    unplaced: tuple[Stretch, ...] = ()  # of the copy, in copy time: sound not in the meeting
    reordered: bool = False
    windows_compared: int = 0
    windows_placed: int = 0
    confidence: float = 0.0
    settings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        for jump in data["jumps"]:
            jump["kind"] = str(jump["kind"])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alignment:
        return cls(
            status=Status(data["status"]),
            copy_seconds=float(data["copy_seconds"]),
            meeting_seconds=float(data["meeting_seconds"]),
            placements=tuple(Placement(**p) for p in data.get("placements", ())),
            covered=tuple(Stretch(**s) for s in data.get("covered", ())),
            missing=tuple(Stretch(**s) for s in data.get("missing", ())),
            jumps=tuple(Jump(**{**j, "kind": JumpKind(j["kind"])}) for j in data.get("jumps", ())),
            unplaced=tuple(Stretch(**s) for s in data.get("unplaced", ())),
            reordered=bool(data.get("reordered", False)),
            windows_compared=int(data.get("windows_compared", 0)),
            windows_placed=int(data.get("windows_placed", 0)),
            confidence=float(data.get("confidence", 0.0)),
            settings=dict(data.get("settings", {})),
        )


# --- matching windows -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    start: int  # copy frame
    offset: int | None  # meeting frame minus copy frame, None when not placed
    score: float


class _Reference:
    """The council's recording prepared once for the normalised cross-correlation of windows
    `width` frames long at every offset."""

    def __init__(self, reference: Features, width: int) -> None:
        self.bands = reference.bands
        self.width = width
        count = self.bands.shape[0]
        self.lags = count - width + 1
        self.size = _fast_length(count + width)
        # Band by band, so an hour's temporaries stay one band long (peak memory is then about
        # the spectrum itself: 25 MB an hour).
        self.spectrum = np.empty((self.size // 2 + 1, BANDS), dtype=np.complex64)
        self.energy = np.zeros(self.lags, dtype=np.float64)
        for band in range(BANDS):
            values = self.bands[:, band].astype(np.float64)
            self.spectrum[:, band] = np.fft.rfft(values, n=self.size)
            sums = np.concatenate([[0.0], np.cumsum(values)])
            squares = np.concatenate([[0.0], np.cumsum(values**2)])
            s1 = sums[width:] - sums[:-width]
            self.energy += squares[width:] - squares[:-width] - s1**2 / width
        self.energy = np.maximum(self.energy, 1e-9)

    def everywhere(self, window: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The window's correlation at every offset into the reference."""
        centred = window - window.mean(axis=0)
        own = float((centred**2).sum())
        if own <= 1e-9:
            return np.zeros(self.lags)
        # float32 in, complex64 out (NumPy 2's FFT keeps single precision): half the work.
        theirs = np.fft.rfft(centred.astype(np.float32), n=self.size, axis=0)
        product = np.einsum("fb,fb->f", self.spectrum, np.conj(theirs))
        numerator = np.fft.irfft(product, n=self.size)[: self.lags]
        return np.asarray(numerator / np.sqrt(own * self.energy))

    def at(self, window: npt.NDArray[np.float64], lag: int) -> float:
        if not 0 <= lag < self.lags:
            return 0.0
        centred = window - window.mean(axis=0)
        part = self.bands[lag : lag + self.width].astype(np.float64)
        part = part - part.mean(axis=0)
        own = float((centred**2).sum())
        theirs = float((part**2).sum())
        if own <= 1e-9 or theirs <= 1e-9:
            return 0.0
        return float((centred * part).sum() / np.sqrt(own * theirs))


def _fast_length(n: int) -> int:
    """The next 2^a 3^b 5^c at or above n: an FFT size numpy handles quickly."""
    best = 1 << (n - 1).bit_length()
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            p = p35
            while p < n:
                p *= 2
            best = min(best, p)
            p35 *= 3
        p5 *= 5
    return best


def _match_windows(
    copy: Features,
    reference: _Reference,
    step: int,
    progress: Callable[[float], None] | None,
) -> list[_Window]:
    width = reference.width
    starts = list(range(0, copy.frames - width + 1, step))
    if starts and starts[-1] != copy.frames - width:
        starts.append(copy.frames - width)
    bands = copy.bands.astype(np.float64)
    found: list[_Window] = []
    previous: _Window | None = None
    for number, start in enumerate(starts):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number / len(starts))
        if copy.active[start : start + width].mean() < MIN_ACTIVE_SHARE:
            found.append(_Window(start, None, 0.0))
            continue
        window = bands[start : start + width]
        tracked = _track(window, reference, previous, start)
        if tracked is not None:
            previous = tracked
            found.append(tracked)
            continue
        scores = reference.everywhere(window)
        best = int(np.argmax(scores))
        away = np.abs(np.arange(len(scores)) - best) > FRAMES_PER_SECOND
        second = float(scores[away].max()) if away.any() else 0.0
        score = float(scores[best])
        if score >= MATCH and score - second >= MARGIN:
            previous = _Window(start, best - start, score)
            found.append(previous)
        else:
            found.append(_Window(start, None, score))
    return found


def _track(
    window: npt.NDArray[np.float64], reference: _Reference, previous: _Window | None, start: int
) -> _Window | None:
    """The window where it would be were the copy continuous since `previous`, if it fits."""
    if previous is None or previous.offset is None:
        return None
    best_offset, best_score = previous.offset, -1.0
    for nudge in range(-2, 3):
        score = reference.at(window, start + previous.offset + nudge)
        if score > best_score:
            best_offset, best_score = previous.offset + nudge, score
    if best_score >= max(TRACK, previous.score - 0.15):
        return _Window(start, best_offset, best_score)
    return None


# --- from windows to stretches ----------------------------------------------------------------


@dataclass
class _Run:
    first: int  # copy frame where its first window starts
    last: int  # copy frame where its last window starts
    offset: int
    scores: list[float]
    offsets: list[int]
    tolerance: float = 0.0  # the error under which a frame fits this run (_settle)
    start: int = 0  # copy frames, refined
    end: int = 0


def _runs(windows: Sequence[_Window]) -> list[_Run]:
    """Consecutive placed windows at the same offset (silent or unplaced windows between two
    windows of the same offset do not break a run)."""
    runs: list[_Run] = []
    for window in windows:
        if window.offset is None:
            continue
        if runs and abs(window.offset - runs[-1].offset) <= SAME_OFFSET_FRAMES:
            run = runs[-1]
            run.last = window.start
            run.scores.append(window.score)
            run.offsets.append(window.offset)
            run.offset = round(float(np.median(run.offsets)))
        else:
            runs.append(
                _Run(window.start, window.start, window.offset, [window.score], [window.offset])
            )
    # A lone window at its own offset is believed only when its match is clear and strong.
    return [r for r in runs if len(r.scores) > 1 or r.scores[0] >= MATCH + 2 * MARGIN]


@dataclass(frozen=True)
class _Smoothed:
    """Both recordings' bands averaged over 100 ms, for frame-by-frame fitting: a frame or two
    of codec delay then barely changes how well a frame fits."""

    copy: FloatArray
    copy_active: npt.NDArray[np.bool_]
    reference: FloatArray
    reference_active: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, copy: Features, reference: Features) -> _Smoothed:
        return cls(_smooth(copy.bands), copy.active, _smooth(reference.bands), reference.active)


def _smooth(bands: FloatArray) -> FloatArray:
    kernel = np.ones(SMOOTH_FRAMES, dtype=np.float32) / SMOOTH_FRAMES
    padded = np.pad(bands, ((SMOOTH_FRAMES // 2, SMOOTH_FRAMES // 2), (0, 0)), mode="edge")
    cumulative = np.vstack([np.zeros((1, bands.shape[1]), np.float32), np.cumsum(padded, axis=0)])
    return np.asarray(
        (cumulative[SMOOTH_FRAMES:] - cumulative[:-SMOOTH_FRAMES]) * kernel[0], dtype=np.float32
    )


def _errors(
    pair: _Smoothed, offset: int, lo: int, hi: int
) -> tuple[FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Per copy frame in lo..hi: its mean difference from the reference at `offset` across the
    bands (after the bands' usual level difference is taken away), whether it lies inside the
    reference, and whether both are quiet there."""
    frames = np.arange(lo, hi)
    inside = (frames + offset >= 0) & (frames + offset < len(pair.reference))
    error = np.full(hi - lo, np.inf, dtype=np.float32)
    quiet = np.zeros(hi - lo, dtype=np.bool_)
    if inside.any():
        ours = frames[inside]
        difference = pair.copy[ours] - pair.reference[ours + offset]
        level = np.median(difference, axis=0)
        error[inside] = np.abs(difference - level).mean(axis=1)
        quiet[inside] = ~pair.copy_active[ours] & ~pair.reference_active[ours + offset]
    return error, inside, quiet


def _fit(pair: _Smoothed, run: _Run, lo: int, hi: int) -> FloatArray:
    """Per copy frame in lo..hi: how well it fits the reference at the run's offset (positive:
    fits). Silence in both fits weakly, so a cut made in a pause may be placed anywhere in it."""
    error, inside, quiet = _errors(pair, run.offset, lo, hi)
    fit = np.where(quiet, QUIET_FIT, run.tolerance - error).astype(np.float32)
    fit[~inside] = -1.0
    return fit


def _settle(run: _Run, pair: _Smoothed, width: int) -> None:
    """The run's offset to the frame: the nearby offset its frames fit best (windows may land
    a frame or two off where a codec delays the audio); and how closely its frames fit, which
    sets the tolerance of a fitting frame: FIT_ERROR for a copy of the same audio, up to
    MAX_FIT_ERROR for a noisier one (another device in the room)."""
    lo, hi = run.first, run.last + width
    best, best_error = run.offset, np.inf
    for nudge in range(-SAME_OFFSET_FRAMES, SAME_OFFSET_FRAMES + 1):
        error, inside, quiet = _errors(pair, run.offset + nudge, lo, hi)
        sounding = inside & ~quiet
        if sounding.any():
            typical = float(np.median(error[sounding]))
            if typical < best_error:
                best, best_error = run.offset + nudge, typical
    run.offset = best
    run.tolerance = min(MAX_FIT_ERROR, max(FIT_ERROR, FIT_SPREAD * best_error))


def _refine(runs: list[_Run], pair: _Smoothed, frames: int, width: int) -> None:
    """Set each run's exact start and end frame in the copy: between two runs, the frames that
    fit the first run's offset, then unplaced frames, then frames that fit the second."""
    if not runs:
        return
    for run in runs:
        _settle(run, pair, width)
    first = runs[0]
    first.start = _grow_back(first, pair, width)
    for a, b in pairwise(runs):
        lo = a.last
        hi = min(frames, b.first + width)
        a.end, b.start = _split(_fit(pair, a, lo, hi), _fit(pair, b, lo, hi), lo)
    last = runs[-1]
    last.end = _grow_forward(last, pair, frames)


def _split(fit_a: FloatArray, fit_b: FloatArray, lo: int) -> tuple[int, int]:
    """c1 <= c2 maximising fit_a[:c1].sum() + fit_b[c2:].sum(): frames lo..lo+c1 fit the first,
    lo+c2.. the second, and what is between fits neither."""
    prefix = np.concatenate([[0.0], np.cumsum(fit_a, dtype=np.float64)])
    suffix = np.concatenate([np.cumsum(fit_b[::-1], dtype=np.float64)[::-1], [0.0]])
    # For each c1, the best c2 >= c1 (the leftmost of equals, so unplaced stretches stay short).
    best_from = np.empty(len(suffix), dtype=np.int64)
    best_at = len(suffix) - 1
    for i in range(len(suffix) - 1, -1, -1):
        if suffix[i] >= suffix[best_at]:
            best_at = i
        best_from[i] = best_at
    c1 = int(np.argmax(prefix + suffix[best_from]))
    return lo + c1, lo + int(best_from[c1])


def _grow_back(run: _Run, pair: _Smoothed, width: int) -> int:
    """Where the first run begins: within its first window (which may have been placed while
    partly over something else) or before it, as far back as the copy fits."""
    hi = run.first + width
    fit = _fit(pair, run, 0, hi)
    suffix = np.concatenate([np.cumsum(fit[::-1])[::-1], [0.0]])
    return int(np.argmax(suffix))


def _grow_forward(run: _Run, pair: _Smoothed, frames: int) -> int:
    """Where the last run ends: within its last window or after it, as far as the copy fits."""
    lo = run.last
    fit = _fit(pair, run, lo, frames)
    prefix = np.concatenate([[0.0], np.cumsum(fit)])
    return lo + int(np.argmax(prefix))


def _merge(stretches: Iterable[tuple[float, float]]) -> list[Stretch]:
    merged: list[list[float]] = []
    for start, end in sorted(stretches):
        if merged and start <= merged[-1][1] + JUMP_SECONDS:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Stretch(round(s, 2), round(e, 2)) for s, e in merged]


def _gaps(covered: Sequence[Stretch], length: float) -> list[Stretch]:
    gaps: list[Stretch] = []
    at = 0.0
    for stretch in covered:
        if stretch.start - at >= JUMP_SECONDS:
            gaps.append(Stretch(round(at, 2), round(stretch.start, 2)))
        at = max(at, stretch.end)
    if length - at >= JUMP_SECONDS:
        gaps.append(Stretch(round(at, 2), round(length, 2)))
    return gaps


def _sounding(copy: Features, start: float, end: float) -> bool:
    lo, hi = round(start * FRAMES_PER_SECOND), round(end * FRAMES_PER_SECOND)
    return bool(hi > lo and copy.active[lo:hi].mean() >= MIN_ACTIVE_SHARE)


def align(
    copy: Features,
    reference: Features,
    *,
    window_seconds: float = WINDOW_SECONDS,
    step_seconds: float = STEP_SECONDS,
    progress: Callable[[float], None] | None = None,
) -> Alignment:
    """Place `copy` on the timeline of `reference` (see the module's docstring); `progress`
    is told the share of windows compared so far, now and then (a job renews its lease)."""
    width = round(window_seconds * FRAMES_PER_SECOND)
    step = max(1, round(step_seconds * FRAMES_PER_SECOND))
    settings = {"window_seconds": window_seconds, "step_seconds": step_seconds}
    empty = Alignment(
        Status.NO_MATCH,
        round(copy.seconds, 2),
        round(reference.seconds, 2),
        settings=settings,
    )
    if copy.frames < width or reference.frames < width:
        return empty
    prepared = _Reference(reference, width)
    windows = _match_windows(copy, prepared, step, progress)
    informative = [
        w for w in windows if copy.active[w.start : w.start + width].mean() >= MIN_ACTIVE_SHARE
    ]
    placed = [w for w in windows if w.offset is not None]
    runs = _runs(windows)
    kept = sum(len(r.scores) for r in runs)
    if (
        not runs
        or kept < MIN_PLACED_WINDOWS
        or len(placed) < MIN_PLACED_SHARE * max(1, len(informative))
    ):
        return replace(empty, windows_compared=len(informative), windows_placed=len(placed))
    _refine(runs, _Smoothed.of(copy, reference), copy.frames, width)
    fps = FRAMES_PER_SECOND
    placements = [
        Placement(
            copy_start=round(r.start / fps, 2),
            copy_end=round(r.end / fps, 2),
            meeting_start=round((r.start + r.offset) / fps, 2),
            meeting_end=round((r.end + r.offset) / fps, 2),
            confidence=round(float(np.mean(r.scores)), 3),
        )
        for r in runs
        if r.end > r.start
    ]
    jumps: list[Jump] = []
    unplaced: list[Stretch] = []
    if placements and placements[0].copy_start >= MIN_REPORT_SECONDS:
        unplaced.append(Stretch(0.0, placements[0].copy_start))
    for a, b in pairwise(placements):
        between = b.copy_start - a.copy_end
        if between >= MIN_REPORT_SECONDS:
            unplaced.append(Stretch(a.copy_end, b.copy_start))
        skip = b.meeting_start - a.meeting_end
        if abs(skip) >= JUMP_SECONDS:
            jumps.append(
                Jump(
                    at=round((a.copy_end + b.copy_start) / 2, 2),
                    kind=JumpKind.CUT if skip > 0 else JumpKind.BACK,
                    from_meeting=a.meeting_end,
                    to_meeting=b.meeting_start,
                    unplaced_seconds=round(max(0.0, between), 2),
                )
            )
    if placements and copy.seconds - placements[-1].copy_end >= MIN_REPORT_SECONDS:
        unplaced.append(Stretch(placements[-1].copy_end, round(copy.seconds, 2)))
    covered = _merge((p.meeting_start, p.meeting_end) for p in placements)
    starts = [p.meeting_start for p in placements]
    total = sum(len(r.scores) for r in runs)
    return Alignment(
        status=Status.ALIGNED,
        copy_seconds=round(copy.seconds, 2),
        meeting_seconds=round(reference.seconds, 2),
        placements=tuple(placements),
        covered=tuple(covered),
        missing=tuple(_gaps(covered, reference.seconds)),
        jumps=tuple(jumps),
        unplaced=tuple(s for s in unplaced if _sounding(copy, s.start, s.end)),
        reordered=any(b < a for a, b in pairwise(starts)),
        windows_compared=len(informative),
        windows_placed=len(placed),
        confidence=round(sum(sum(r.scores) for r in runs) / total, 3),
        settings=settings,
    )
