"""The whole job: windows → words and voice samples (checkpointed) → speakers → transcript.

Boundaries. Window i is decoded over [i·W, (i+1)·W + O) (audio.py). Once transcribed, it is cut
at the middle of the widest pause between words inside its last O seconds (the overlap the next
window also hears), and keeps the words whose middle falls between the previous cut and its
own. The next window, which heard the same pause with context on both sides, keeps the words
after that cut. A word is therefore never split by a window edge, never counted twice, and
never lost: it belongs to exactly one side of a pause. The cut is stored as the window's `end`,
so a resumed run starts from the same place and gives the same words.

Each window after the first is decoded only from `CONTEXT` seconds before the previous cut, not
from its own start: what lies before that belongs to the window before, which has already
transcribed it. The overlap is then heard twice only from the cut's context on (about 7 s in 10
on average instead of all 10: the cut lies 2.5 to 7.5 s into the overlap). The cut is always
between words, so a word the later window hears only the end of (at the start of what it
decodes) has its middle before the cut: the window before kept it whole and the later one drops
it, so it is neither lost nor kept twice.

Beside Whisper. Whisper decodes in one thread while the rest of the work runs in another: the
overlap detector (overlap.py) scores a window while Whisper decodes that same window (it needs
only the audio), and a window's voice samples (CAM++) are taken while Whisper decodes the next
(they need the window's words). Each library releases the GIL, so where Whisper leaves a core
idle (its decoder is mostly one thread) their time is hidden. The window results are exactly
those of a run in sequence (tests/speech/test_overlap_beside_whisper.py). A window is stored
(`on_window`, in the caller's thread) as soon as its samples are taken, a few seconds into the
next window's decoding, so a crash loses no more than it did in sequence: the window being
worked on.

No silent loss (gaps.py). Given a `voice_activity` detector, each window is checked before it
is cut: stretches of 2 s or more where the detector heard speech and Whisper wrote no word are
transcribed again on their own; what is still without words is kept as a `Gap` in the window's
own stretch and shown in the transcript as "speech not transcribed".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import pairwise

from onrecord.speech import gaps as gap_rules
from onrecord.speech import overlap as overlap_rules
from onrecord.speech.diarize import diarize
from onrecord.speech.enrol import MATCH, Introduction, diarize_enrolled
from onrecord.speech.types import (
    SAMPLE_RATE,
    Audio,
    AudioWindows,
    Gap,
    Overlap,
    OverlapDetector,
    SpeechError,
    Transcriber,
    TranscriptResult,
    VoiceActivity,
    VoiceEmbedder,
    VoiceSample,
    WindowResult,
    Word,
)

REGION_GAP = 0.3  # words closer than this are one stretch of speech for voice samples
CONTEXT = 2.0  # seconds decoded before the previous window's cut (module docstring)
LOW_CONFIDENCE = 0.5  # below this the chair should check the word (docs/SPEECH.md)
NO_SPEECH = "No speech was found in this recording."

log = logging.getLogger(__name__)


def run(
    windows: AudioWindows,
    transcriber: Transcriber,
    embedder: VoiceEmbedder,
    *,
    speakers: int | None = None,
    most: int | None = None,
    resume: Sequence[WindowResult] = (),
    on_window: Callable[[WindowResult], None],
    on_progress: Callable[[float], None] | None = None,
    overlap: float | None = None,
    introductions: Sequence[Introduction] = (),
    voice_activity: VoiceActivity | None = None,
    overlap_detector: OverlapDetector | None = None,
) -> TranscriptResult:
    """Transcribe and diarize, starting after the last window in `resume`.

    `on_window` is called with each finished window before the next starts (store it: it is the
    checkpoint). `overlap` is how far windows overlap; by default the `overlap` attribute of
    `windows` (DecodedWindows has one), else 0. `speakers` is the count where known; else it is
    estimated from the voices, at most `most` (the number present, where attendance was taken).
    Raises SpeechError if the audio cannot be read
    or `resume` is not a run of windows 0, 1, 2… . `introductions` (labelled stretches of the
    recording, one per attendee: onrecord/speech/enrol.py) enrol voices, so each introduced
    attendee is one speaker. With `voice_activity`, speech Whisper skipped is transcribed again
    or marked as a gap (gaps.py); without it nothing is checked. With `overlap_detector`,
    stretches where two people speak at once are found and kept (overlap.py).
    """
    if speakers is not None and speakers < 1:
        raise SpeechError("The number of speakers must be at least 1.")
    if most is not None and most < 1:
        raise SpeechError("The most speakers there can be must be at least 1.")
    done = list(resume)
    if [w.index for w in done] != list(range(len(done))):
        raise SpeechError("The stored windows are not numbered 0, 1, 2… without gaps.")
    overlap = float(getattr(windows, "overlap", 0.0) if overlap is None else overlap)
    cut = done[-1].end if done else 0.0
    language = next((w.language for w in reversed(done) if w.language), "")

    def store(result: WindowResult) -> None:
        nonlocal language
        on_window(result)
        done.append(result)
        language = result.language or language
        total = getattr(windows, "duration", None)  # known once the reader has opened it
        if on_progress is not None and total:
            on_progress(min(1.0, result.end / total))

    with (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="onrecord-whisper") as decoder,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="onrecord-beside") as beside,
    ):
        sampling: Future[WindowResult] | None = None  # the previous window's voice samples
        try:
            for index, start, audio, last in _with_last(windows(len(done))):
                expected = len(done) + (sampling is not None)
                if index != expected:
                    raise SpeechError(
                        f"Audio window {index} arrived where {expected} was expected."
                    )
                decoding = decoder.submit(
                    _decode,
                    index,
                    start,
                    audio,
                    cut,
                    last,
                    overlap,
                    transcriber,
                    voice_activity,
                    overlap_detector,
                    beside,
                )
                if sampling is not None:
                    finished, sampling = sampling, None
                    store(finished.result())  # while this window is being decoded
                decoded = decoding.result()
                cut = decoded.cut
                sampling = beside.submit(_with_voices, decoded, embedder)
        except Exception:
            # Whatever stopped the run (the audio, Whisper, the caller), a window whose samples
            # were being taken is finished: it is stored, as in sequence, before the error goes on.
            if sampling is not None:
                try:
                    store(sampling.result())
                except Exception:  # the first error is the one raised; this one is logged
                    log.warning("The window before the error could not be stored.", exc_info=True)
            raise
        if sampling is not None:
            store(sampling.result())

    words = [w for r in done for w in r.words]
    samples = [s for r in done for s in r.voices]
    gaps = gap_rules.merged([g for r in done for g in r.gaps])
    overlaps = overlap_rules.merged([o for r in done for o in r.overlaps])
    duration = done[-1].end if done else 0.0
    notes: list[str] = []
    if not words:
        notes.append(NO_SPEECH)
        labelled: list[Word] = []
        count = 0
    else:
        # the encoder's own clustering threshold, where it has one (campplus.SAME_VOICE)
        same_voice: float | None = getattr(embedder, "same_voice", None)
        if introductions:
            labelled, count = diarize_enrolled(
                words,
                samples,
                introductions,
                speakers,
                most=most,
                same_voice=same_voice,
                match=getattr(embedder, "enrol_match", MATCH),
            )
        else:
            labelled, count = diarize(words, samples, speakers, most=most, same_voice=same_voice)
        unsure = sum(1 for w in words if w.probability < LOW_CONFIDENCE)
        if unsure:
            notes.append(
                f"{unsure} of {len(words)} words were heard with low confidence and are marked "
                "for checking."
            )
        if speakers is not None and count < speakers:
            notes.append(
                f"Only {count} of the {speakers} expected voices could be told apart; check who "
                "said what."
            )
        elif speakers is None and most is not None and count < most:
            notes.append(
                f"{count} {'voice was' if count == 1 else 'different voices were'} heard among "
                f"the {most} people present. Someone who did not speak has no voice; if more of "
                "them spoke, two people may share a speaker: check who said what."
            )
    if gaps:
        notes.append(gap_rules.note(gaps))
    if overlaps and words:
        notes.append(overlap_rules.note(overlaps))
    if on_progress is not None:
        on_progress(1.0)
    return TranscriptResult(
        words=tuple(labelled),
        speakers=count,
        duration=duration,
        language=language,
        model=transcriber.name,
        notes=tuple(notes),
        gaps=tuple(gaps),
        overlaps=tuple(overlaps),
    )


def _with_last(
    windows: Iterator[tuple[int, float, Audio]],
) -> Iterator[tuple[int, float, Audio, bool]]:
    """Each window and whether it is the last: the last keeps every word to its end."""
    current = next(windows, None)
    while current is not None:
        following = next(windows, None)
        yield (*current, following is None)
        current = following


@dataclass(frozen=True)
class _Decoded:
    """A window transcribed and cut, its voice samples still to be taken. `start` and `audio`
    are what was decoded (from a little before the previous cut)."""

    index: int
    start: float
    audio: Audio
    previous_cut: float
    cut: float
    kept: tuple[Word, ...]
    language: str
    gaps: tuple[Gap, ...]
    overlaps: tuple[Overlap, ...]


def _decode(
    index: int,
    start: float,
    audio: Audio,
    previous_cut: float,
    last: bool,
    overlap: float,
    transcriber: Transcriber,
    voice_activity: VoiceActivity | None,
    overlap_detector: OverlapDetector | None,
    beside: Executor,
) -> _Decoded:
    end = start + len(audio) / SAMPLE_RATE
    # Decode from a little before the previous cut: the rest belongs to the window before. In
    # whole 10 ms steps (Whisper's feature frames), so times stay on the grid of the window's
    # own start.
    skip = int((previous_cut - CONTEXT - start) * 100) * (SAMPLE_RATE // 100)
    if 0 < skip < len(audio):
        audio = audio[skip:]
        start += skip / SAMPLE_RATE
    # Overlap detection needs no words: started first, in `beside`, it runs during decoding.
    heard_two: Future[list[tuple[float, float]]] | None = None
    if overlap_detector is not None:
        heard_two = beside.submit(overlap_detector.overlaps, audio)
    raw, language = transcriber.transcribe(audio)
    words = sorted(
        (replace(w, start=w.start + start, end=w.end + start) for w in raw),
        key=lambda w: (w.start, w.end),
    )
    speech: list[tuple[float, float]] = []
    if voice_activity is not None:
        speech = [(a + start, b + start) for a, b in voice_activity.speech(audio)]
        # Only what this window may keep: from the previous cut on (the overlap before it
        # belongs to the window before).
        missing = gap_rules.owned(gap_rules.unheard(speech, words), previous_cut, end)
        if missing:
            found = gap_rules.recover(audio, start, words, missing, transcriber)
            words = sorted([*words, *found], key=lambda w: (w.start, w.end))
    cut = end if last else _cut_at_pause(words, end - overlap, end)
    kept = [w for w in words if previous_cut <= (w.start + w.end) / 2 < cut]
    # Still without words: a gap in the stretch this window answers for. A shorter piece is
    # kept where it touches the window's edge: the merge after the last window joins the two
    # sides of a cut and drops what is still under 2 s.
    gaps = tuple(
        Gap(a, b)
        for a, b in gap_rules.owned(
            gap_rules.unheard(speech, words, minimum=0.0), previous_cut, cut
        )
        if b - a >= gap_rules.MIN_GAP or _at_edge(a, b, previous_cut, cut)
    )
    # Two people at once, in the stretch this window answers for; pieces at its edges are
    # joined with the next window's after the last (overlap.merged).
    overlaps: tuple[Overlap, ...] = ()
    if heard_two is not None:
        overlaps = tuple(
            Overlap(a, b)
            for a, b in gap_rules.owned(
                [(a + start, b + start) for a, b in heard_two.result()],
                previous_cut,
                cut,
            )
        )
    return _Decoded(index, start, audio, previous_cut, cut, tuple(kept), language, gaps, overlaps)


def _with_voices(window: _Decoded, embedder: VoiceEmbedder) -> WindowResult:
    """The window with voice samples over its kept words' stretches of speech."""
    start, lo, hi = window.start, window.previous_cut, window.cut
    relative = [(a - start, b - start) for a, b in _speech_regions(window.kept)]
    voices = [
        VoiceSample(v.start + start, v.end + start, v.vector)
        for v in embedder.embed(window.audio, relative)
    ]
    return WindowResult(
        index=window.index,
        start=lo,
        end=hi,
        words=window.kept,
        voices=tuple(v for v in voices if lo <= (v.start + v.end) / 2 < hi),
        language=window.language,
        gaps=window.gaps,
        overlaps=window.overlaps,
    )


def _at_edge(a: float, b: float, lo: float, hi: float) -> bool:
    """A piece touching the window's own start or end, which may be part of a longer gap."""
    return abs(a - lo) < 1e-6 or abs(b - hi) < 1e-6


def _cut_at_pause(words: Sequence[Word], lo: float, hi: float) -> float:
    """The middle of the widest pause between words in the middle half of [lo, hi), so each
    side of the cut has a few seconds of context; where words run on without a pause, the
    widest gap there is; the middle if no word is there."""
    margin = (hi - lo) / 4
    lo, hi = lo + margin, hi - margin
    inside = [w for w in words if w.end > lo and w.start < hi]
    if not inside:
        return (lo + hi) / 2
    edges = [(lo, inside[0].start)]
    edges += [(a.end, b.start) for a, b in pairwise(inside)]
    edges.append((inside[-1].end, hi))
    best_gap, best_cut = -1.0, (lo + hi) / 2
    for a, b in edges:
        a, b = max(a, lo), min(b, hi)
        if b - a > best_gap:
            best_gap, best_cut = b - a, (a + b) / 2
    return best_cut


def _speech_regions(words: Sequence[Word]) -> list[tuple[float, float]]:
    regions: list[tuple[float, float]] = []
    for w in words:
        if regions and w.start - regions[-1][1] < REGION_GAP:
            regions[-1] = (regions[-1][0], max(regions[-1][1], w.end))
        else:
            regions.append((w.start, w.end))
    return regions
