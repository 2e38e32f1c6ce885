"""Speech-to-text and diarization figures on a generated meeting (docs/SPEECH.md).

    .venv/bin/python bench/transcribe.py [--minutes 10] [--models tiny.en,base] [--long-hours 1]

Makes a meeting of at least `--minutes` with four espeak-ng voices taking turns (the script and
who spoke when are known), then for each model runs, each in its own process on 2 threads:
  pipeline  onrecord.speech: windowed decoding, faster-whisper, voice samples, diarization
  bare      faster-whisper alone on the same audio and model, same decoding options
and prints word error rate (against the script), diarization error rate, real-time factor
(wall and CPU seconds per second of audio), peak resident memory, and `lost s`: seconds of the
script's speech in stretches of 2 s or more with neither a word nor a "speech not transcribed"
gap (issue 18; the pipeline checks Whisper against voice activity detection, gaps.py). With
`--long-hours`, the
meeting repeated to that length is run through the pipeline (first model) to show memory does
not grow with the recording.

DER is frame-based (10 ms) with the usual 0.25 s forgiveness collar around each reference turn
edge and the best one-to-one speaker mapping (Hungarian): missed speech + false alarm +
confusion over reference speech, as pyannote.metrics computes it. Hypothesis turns are the
words' spans, joined when the same speaker's words are less than 1 s apart.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

VOICES = ["en-us+f3", "en-029+m7", "en-gb-x-rp+f5", "en-us+m1"]  # told apart best by the encoder
SENTENCES = """
Good morning everyone and thank you for coming to this review.
I will start by asking everyone to introduce themselves and their role.
The purpose of the meeting is to look at the plan for the children.
I am the social worker and I have visited the family four times since the last review.
The school says attendance has improved from seventy to ninety percent this term.
Mum has been going to the parenting course every Tuesday afternoon.
There were no new concerns raised by the health visitor in the last six weeks.
Dad told me that he would like more contact at the weekends.
The children said they feel safe at home and enjoy their swimming lessons.
We need to agree who will write to the housing department about the repairs.
I can take that action and report back before the next meeting.
The nursery has offered an extra morning session from January.
Can we check that everyone has had a copy of the report before today?
I received it on Monday and I have read it carefully.
The family support worker will continue to visit once a fortnight.
I think the plan is working but we should keep the same level of support.
The police have no new information to share with the meeting.
Grandma has been helping with the school run three days a week.
The doctor has referred the youngest child for a hearing test next month.
We will now hear the views of the parents before we make a decision.
I want to say that things are much better at home than they were last year.
Thank you, that is really helpful to hear.
Does anyone disagree with the recommendation in the report?
I agree with the recommendation and I have nothing further to add.
The next review will take place in three months at the same venue.
Please send any corrections to the minutes within ten working days.
The independent reviewing officer will write to the young person about the outcome.
We talked about the bedroom and the landlord has promised to fix the damp.
The young person would like to stay at the same school until the summer.
I will contact the college about the course she wants to start in September.
""".strip().splitlines()


def _speak(text: str, voice: str, workdir: Path) -> np.ndarray:
    path = workdir / "say.wav"
    espeak = shutil.which("espeak-ng") or "espeak-ng"
    command = [espeak, "-v", voice, "-s", "165", "-w", str(path), text]
    subprocess.run(command, check=True)  # noqa: S603 - our own fixed script text
    with wave.open(str(path), "rb") as w:
        assert w.getframerate() == 22050
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").copy()


def generate(minutes: float, workdir: Path) -> tuple[Path, list[dict[str, Any]]]:
    """A WAV meeting of four voices (22.05 kHz) and its script: turns with times and text."""
    if shutil.which("espeak-ng") is None:
        sys.exit("espeak-ng is needed (scripts/setup.sh --test installs it)")
    rng = random.Random(7)
    rate = 22050
    pieces: list[np.ndarray] = []
    turns: list[dict[str, Any]] = []
    t = 0.5
    pieces.append(np.zeros(int(0.5 * rate), dtype="<i2"))
    speaker = 0
    sentence = 0
    while t < minutes * 60:
        count = rng.choice([1, 1, 2, 3])
        text = " ".join(SENTENCES[(sentence + i) % len(SENTENCES)] for i in range(count))
        sentence += count
        audio = _speak(text, VOICES[speaker], workdir)
        turns.append({"start": t, "end": t + len(audio) / rate, "speaker": speaker, "text": text})
        pause = rng.uniform(0.4, 1.2)
        pieces += [audio, np.zeros(int(pause * rate), dtype="<i2")]
        t += len(audio) / rate + pause
        speaker = rng.choice([s for s in range(len(VOICES)) if s != speaker])
    path = workdir / "meeting.wav"
    _write_wav(path, [np.concatenate(pieces)], rate)
    return path, turns


def _write_wav(path: Path, chunks: list[np.ndarray], rate: int, repeat: int = 1) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        for _ in range(repeat):
            for chunk in chunks:
                w.writeframes(chunk.tobytes())


# --- one measured run, in its own process ---------------------------------------------------


class _TimedEmbedder:
    """The real embedder, timing itself: diarization's share of the pipeline's time."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.seconds = 0.0
        self.same_voice = getattr(inner, "same_voice", None)  # the pipeline clusters with it

    def embed(self, audio: Any, speech: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.inner.embed(audio, speech)
        finally:
            self.seconds += time.perf_counter() - started


class _TimedOverlap:
    """The real overlap detector (onrecord/speech/overlap.py), timing itself."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.seconds = 0.0

    def overlaps(self, audio: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.inner.overlaps(audio)
        finally:
            self.seconds += time.perf_counter() - started


def measure(mode: str, model: str, audio: Path, cache: Path, speakers: int) -> dict[str, Any]:
    threads = 2
    if len(os.sched_getaffinity(0)) > threads:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:threads])
    from onrecord.speech import loaders

    started = time.perf_counter()
    transcriber = loaders.transcriber(model, cache_dir=cache, cpu_threads=threads)
    out: dict[str, Any] = {"mode": mode, "model": model}
    if mode == "pipeline":
        from onrecord.speech import diarize, pipeline
        from onrecord.speech.audio import DecodedWindows

        runtime = os.environ.get("ONRECORD_BENCH_EMBED_RUNTIME", "onnxruntime")  # or torch
        # its own thread count, as the job runs it; the network exported (once) into `cache`
        embedder = _TimedEmbedder(loaders.embedder(cache_dir=cache, runtime=runtime))
        embedder.inner.embed(np.zeros(32000, dtype=np.float32), [(0.0, 2.0)])  # load torch now
        # as the job runs it (jobs.py): in onnxruntime, exported (once) into `cache`
        detector = _TimedOverlap(loaders.overlap_detector(cache_dir=cache, runtime=runtime))
        detector.inner.overlaps(np.zeros(160_000, dtype=np.float32))  # load its weights now
        loaded = time.perf_counter()
        cpu0 = time.process_time()
        stored: list[Any] = []
        from onrecord.speech.vad import SileroVoiceActivity

        # the service's window (settings.ONRECORD_SPEECH_WINDOW_SECONDS, 120 s by default)
        window = float(os.environ.get("ONRECORD_SPEECH_WINDOW_SECONDS", "120"))
        result = pipeline.run(
            DecodedWindows(audio, seconds=window),
            transcriber,
            embedder,
            speakers=speakers,
            on_window=stored.append,
            voice_activity=SileroVoiceActivity(),  # as the job runs it: no silent loss (gaps.py)
            overlap_detector=detector,
        )
        out["gaps"] = [(g.start, g.end) for g in result.gaps]
        out["overlaps"] = [(o.start, o.end) for o in result.overlaps]
        out["overlap_s"] = detector.seconds
        finished = time.perf_counter()
        cpu = time.process_time() - cpu0
        words = [w for r in stored for w in r.words]
        samples = [v for r in stored for v in r.voices]
        clustering = time.perf_counter()
        same_voice = getattr(embedder.inner, "same_voice", None)
        guessed, count = diarize.diarize(words, samples, None, same_voice=same_voice)
        out["cluster_s"] = time.perf_counter() - clustering
        out["embed_s"] = embedder.seconds
        out["words"] = [(w.start, w.end, w.text, w.speaker) for w in result.words]
        out["words_unknown_count"] = [(w.start, w.end, w.text, w.speaker) for w in guessed]
        out["speakers_found"] = count
        out["windows"] = len(stored)
        if os.environ.get("ONRECORD_BENCH_KEEP_SAMPLES"):  # the real-speech set scores more ways
            out["samples"] = [(v.start, v.end, v.vector) for v in samples]
    else:
        from faster_whisper import decode_audio

        loaded = time.perf_counter()
        cpu0 = time.process_time()
        samples16k = decode_audio(str(audio), sampling_rate=16000)  # the whole file, as usual
        segments, _ = transcriber._model.transcribe(
            samples16k,
            language="en",
            beam_size=transcriber.beam_size,
            word_timestamps=True,
            vad_filter=True,
            condition_on_previous_text=False,
        )
        out["words"] = [(w.start, w.end, w.word, None) for s in segments for w in s.words or ()]
        finished = time.perf_counter()
        cpu = time.process_time() - cpu0
    out.update(
        load_s=loaded - started,
        wall_s=finished - loaded,
        cpu_s=cpu,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    return out


# --- scoring --------------------------------------------------------------------------------


def _normal(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("%", " percent"))


def wer(reference: list[str], hypothesis: list[str]) -> float:
    """Word error rate: (substitutions + deletions + insertions) / reference words."""
    previous = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        current = [i] + [0] * len(hypothesis)
        for j, h in enumerate(hypothesis, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1] / max(1, len(reference))


def der(
    turns: list[dict[str, Any]],
    words: list[tuple[float, float, str, int | None]],
    collar: float = 0.25,
) -> float:
    from scipy.optimize import linear_sum_assignment

    step = 0.01
    end = max(max(t["end"] for t in turns), max((w[1] for w in words), default=0)) + 1
    n = int(end / step) + 1
    ref = np.full(n, -1)
    scored = np.ones(n, dtype=bool)
    for t in turns:
        ref[int(t["start"] / step) : int(t["end"] / step)] = t["speaker"]
    for t in turns:
        for edge in (t["start"], t["end"]):
            scored[max(0, int((edge - collar) / step)) : int((edge + collar) / step)] = False
    hyp = np.full(n, -1)
    spans: list[tuple[float, float, int]] = []
    for start, stop, _, speaker in words:
        if speaker is None:
            continue
        if spans and spans[-1][2] == speaker and start - spans[-1][1] < 1.0:
            spans[-1] = (spans[-1][0], stop, speaker)
        else:
            spans.append((start, stop, speaker))
    for start, stop, speaker in spans:
        hyp[int(start / step) : int(stop / step)] = speaker
    ref, hyp = ref[scored], hyp[scored]
    speech = ref >= 0
    r_ids, h_ids = sorted(set(ref[speech])), sorted(set(hyp[hyp >= 0]))
    overlap = np.zeros((len(r_ids), len(h_ids)))
    for a, r in enumerate(r_ids):
        for b, h in enumerate(h_ids):
            overlap[a, b] = np.sum((ref == r) & (hyp == h))
    rows, cols = linear_sum_assignment(-overlap) if len(h_ids) else ([], [])
    correct = sum(overlap[a, b] for a, b in zip(rows, cols, strict=True))
    missed = np.sum(speech & (hyp < 0))
    false_alarm = np.sum(~speech & (hyp >= 0))
    confusion = np.sum(speech & (hyp >= 0)) - correct
    return float((missed + false_alarm + confusion) / max(1, np.sum(speech)))


# --- the bench ------------------------------------------------------------------------------


def unmarked(
    turns: list[dict[str, Any]], words: list[Any], gaps: list[tuple[float, float]]
) -> float:
    """Seconds of reference speech lost without a marker: stretches of 2 s or more inside the
    script's turns with no transcribed word and no "speech not transcribed" gap (issue 18)."""
    from onrecord.speech.gaps import unheard
    from onrecord.speech.types import Word

    covering = [Word(float(a), float(b), "", 1.0) for a, b, *_ in words]
    covering += [Word(a, b, "", 1.0) for a, b in gaps]
    speech = [(float(t["start"]), float(t["end"])) for t in turns]
    return sum(b - a for a, b in unheard(speech, covering))


def _child(args: list[str]) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", *args]
    run = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--long-hours", type=float, default=0.0)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--set",
        choices=["espeak", "real", "both"],
        default="both",
        help="espeak: the generated meeting; real: human recordings (bench/real_speech.py)",
    )
    parser.add_argument("--one", nargs=5, metavar=("MODE", "MODEL", "AUDIO", "CACHE", "SPEAKERS"))
    args = parser.parse_args()
    if args.one:
        mode, model, audio, cache, speakers = args.one
        print(json.dumps(measure(mode, model, Path(audio), Path(cache), int(speakers))))
        return

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="onrecord-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    cache = workdir / "models"
    if args.set in ("real", "both"):
        real_set(args.models.split(","), workdir, cache)
    if args.set == "real":
        return
    audio, turns = generate(args.minutes, workdir)
    duration = turns[-1]["end"] + 0.5
    script = [w for t in turns for w in _normal(t["text"])]
    print(
        f"meeting: {duration / 60:.1f} min, {len(turns)} turns, {len(script)} words, "
        f"{len(VOICES)} voices; load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs"
    )
    header = (
        f"{'model':8} {'run':9} {'WER':>6} {'DER':>6} {'DER?':>6} {'RTF':>6} "
        f"{'CPU/s':>6} {'diar s':>7} {'peak MB':>8} {'lost s':>6} {'gaps':>4}"
    )
    print(header)
    rows = []
    for model in args.models.split(","):
        for mode in ("bare", "pipeline"):
            r = _child([mode, model, str(audio), str(cache), str(len(VOICES))])
            text = [w for _, _, t, _ in r["words"] for w in _normal(t)]
            r["wer"] = wer(script, text)
            r["rtf"] = r["wall_s"] / duration
            r["unmarked_s"] = unmarked(turns, r["words"], [tuple(g) for g in r.get("gaps", [])])
            if mode == "pipeline":
                r["der"] = der(turns, r["words"])
                r["der_unknown"] = der(turns, r["words_unknown_count"])
            rows.append(r)
            print(
                f"{model:8} {mode:9} {r['wer']:6.1%} "
                f"{r.get('der', float('nan')):6.1%} {r.get('der_unknown', float('nan')):6.1%} "
                f"{r['rtf']:6.3f} {r['cpu_s'] / duration:6.3f} "
                f"{r.get('embed_s', 0) + r.get('cluster_s', 0):7.1f} {r['peak_rss_mb']:8.0f} "
                f"{r['unmarked_s']:6.1f} {len(r.get('gaps', [])):4d}"
                + (
                    f"  (speakers found without the count: {r['speakers_found']}; overlap "
                    f"{r['overlap_s'] / duration * 60:.2f} s a minute, "
                    f"{len(r['overlaps'])} found)"
                    if mode == "pipeline"
                    else ""
                ),
                flush=True,
            )
    if args.long_hours:
        with wave.open(str(audio), "rb") as w:
            rate = w.getframerate()
            pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        repeat = max(1, round(args.long_hours * 3600 / duration))
        long_path = workdir / "long.wav"
        _write_wav(long_path, [pcm], rate, repeat)
        del pcm
        model = args.models.split(",")[0]
        r = _child(["pipeline", model, str(long_path), str(cache), str(len(VOICES))])
        hours = repeat * duration / 3600
        print(
            f"long: {hours:.2f} h with {model}: RTF {r['wall_s'] / (hours * 3600):.3f}, "
            f"peak {r['peak_rss_mb']:.0f} MB, {r['windows']} windows, "
            f"{len(r['words'])} words"
        )
    (workdir / "results.json").write_text(json.dumps(rows, indent=1))
    (workdir / "turns.json").write_text(json.dumps(turns, indent=1))
    print(f"details: {workdir / 'results.json'}")


def pct(v: float | None) -> str:
    return "   n/a" if v is None else f"{v:6.1%}"


def real_set(models: list[str], workdir: Path, cache: Path) -> None:
    """The real-speech meetings (bench/real_speech.py): per model, bare faster-whisper and the
    pipeline given the number present; then from the pipeline's own words and voice samples,
    diarization with the count estimated (attendance as the upper bound) and with voices
    enrolled from each person's first turn of 1.5 s or more (as the introductions round)."""
    import real_speech
    import speaker_scores as sc

    from onrecord.speech import campplus, diarize
    from onrecord.speech.enrol import Introduction, diarize_enrolled
    from onrecord.speech.types import VoiceSample, Word

    os.environ["ONRECORD_BENCH_KEEP_SAMPLES"] = "1"
    found = real_speech.meetings(Path(tempfile.gettempdir()) / "onrecord-real-speech", workdir)
    print(
        f"real speech: {len(found)} meetings; load average {os.getloadavg()[0]:.1f}\n"
        f"{'meeting':8} {'model':8} {'WER':>6} {'bareWER':>7} {'DER':>6} {'pyannote':>8} "
        f"{'DERest':>6} {'count':>5} {'DERenr':>6} {'words':>6} {'wordsEnr':>8} {'RTF':>6} "
        f"{'xbare':>6} {'peak MB':>7} {'ovP':>5} {'ovR':>5} {'DER+2nd':>7} {'enr+2nd':>7} "
        f"{'ov s/min':>8} {'cpuxbare':>8} {'lost s':>6} {'bareLost':>8}"
    )
    rows = []
    kept: list[dict[str, Any]] = []  # each pipeline run's words and samples, to re-score offline
    for m in found:
        reference = [(float(t["start"]), float(t["end"]), t["speaker"]) for t in m.turns]
        script = [w for t in m.turns for w in _normal(str(t["text"] or ""))]
        ids = {name: i for i, name in enumerate(m.speakers)}
        first: dict[Any, Introduction] = {}
        for t in m.turns:
            if float(t["end"]) - float(t["start"]) >= 1.5:
                first.setdefault(
                    t["speaker"],
                    Introduction(ids[t["speaker"]], float(t["start"]), float(t["end"])),
                )
        for model in models:
            bare = _child(["bare", model, str(m.path), str(cache), str(len(m.speakers))])
            r = _child(["pipeline", model, str(m.path), str(cache), str(len(m.speakers))])
            words = [Word(a, b, t, 1.0) for a, b, t, _ in r["words"]]
            samples = [VoiceSample(a, b, tuple(v)) for a, b, v in r["samples"]]
            hyp = sc.hypothesis_turns(r["words"])
            same = campplus.SAME_VOICE  # the pipeline's embedder's threshold (loaders.py)
            estimated, count = diarize.diarize(
                words, samples, None, most=len(m.speakers), same_voice=same
            )
            enrolled, _ = diarize_enrolled(
                words,
                samples,
                list(first.values()),
                len(m.speakers),
                same_voice=same,
                match=campplus.ENROL_MATCH,
            )
            stretches = [(float(a), float(b)) for a, b in r["overlaps"]]
            precision, recall, found_s, reference_s = sc.overlap_scores(reference, stretches)
            est_rows = [(w.start, w.end, w.text, w.speaker) for w in estimated]
            enr_rows = [(w.start, w.end, w.text, w.speaker) for w in enrolled]
            row = {
                "meeting": m.name,
                "model": model,
                "wer": wer(script, [w for x in r["words"] for w in _normal(x[2])])
                if m.has_text
                else None,
                "bare_wer": wer(script, [w for x in bare["words"] for w in _normal(x[2])])
                if m.has_text
                else None,
                "der": sc.der(reference, hyp),
                "pyannote_der": sc.pyannote_der(reference, hyp),
                "der_estimated": sc.der(reference, sc.hypothesis_turns(est_rows)),
                "count_error": count - len(m.speakers),
                "der_enrolled": sc.der(reference, sc.hypothesis_turns(enr_rows)),
                # two people at once (onrecord/speech/overlap.py): frames found against the
                # reference's, and DER with a second speaker added in each stretch found
                "overlaps": stretches,
                "overlap_precision": precision,
                "overlap_recall": recall,
                "overlap_found_s": found_s,
                "overlap_reference_s": reference_s,
                "der_second_speaker": sc.der(reference, sc.with_second_speaker(hyp, stretches)),
                "der_enrolled_second_speaker": sc.der(
                    reference,
                    sc.with_second_speaker(sc.hypothesis_turns(enr_rows), stretches),
                ),
                "overlap_s": r["overlap_s"],
                "overlap_s_per_minute": r["overlap_s"] / m.duration * 60,
                "word_accuracy": sc.word_accuracy(reference, r["words"]),
                "word_accuracy_enrolled": sc.word_accuracy(reference, enr_rows),
                "rtf": r["wall_s"] / m.duration,
                "vs_bare": r["wall_s"] / bare["wall_s"],
                "cpu_vs_bare": r["cpu_s"] / bare["cpu_s"],
                # seconds of reference speech in stretches of 2 s or more with no word and no
                # "speech not transcribed" gap: the pipeline's, and bare faster-whisper's
                "unmarked_s": unmarked(m.turns, r["words"], [tuple(g) for g in r.get("gaps", [])]),
                "bare_unmarked_s": unmarked(m.turns, bare["words"], []),
                "peak_rss_mb": r["peak_rss_mb"],
                "pipeline_s": r["wall_s"],
                "bare_s": bare["wall_s"],
                "embed_s": r["embed_s"],
            }
            rows.append(row)
            kept.append(
                {
                    "meeting": m.name,
                    "model": model,
                    "speakers": m.speakers,
                    "turns": m.turns,
                    "introductions": [[i.attendee_id, i.start_s, i.end_s] for i in first.values()],
                    "words": r["words"],
                    "samples": r["samples"],
                }
            )
            print(
                f"{m.name:8} {model:8} {pct(row['wer'])} {pct(row['bare_wer']):>7} "
                f"{pct(row['der'])} {pct(row['pyannote_der']):>8} {pct(row['der_estimated'])} "
                f"{row['count_error']:+5d} {pct(row['der_enrolled'])} {pct(row['word_accuracy'])} "
                f"{pct(row['word_accuracy_enrolled']):>8} {row['rtf']:6.3f} {row['vs_bare']:6.2f} "
                f"{row['peak_rss_mb']:7.0f} {pct(row['overlap_precision']):>5} "
                f"{pct(row['overlap_recall']):>5} {pct(row['der_second_speaker']):>7} "
                f"{pct(row['der_enrolled_second_speaker']):>7} "
                f"{row['overlap_s_per_minute']:8.2f} {row['cpu_vs_bare']:8.2f} "
                f"{row['unmarked_s']:6.1f} {row['bare_unmarked_s']:8.1f}",
                flush=True,
            )
    (workdir / "real-results.json").write_text(json.dumps(rows, indent=1))
    (workdir / "real-samples.json").write_text(json.dumps(kept))


if __name__ == "__main__":
    main()
