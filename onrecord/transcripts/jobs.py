"""The transcription job (`transcribe_recording`), run by the database job queue.

1. Open the recording through the vault (audited, purpose "transcribe"); nothing is written
   to disk in the clear and the audio is never changed.
2. Run the speech pipeline window by window, looking for at most as many voices as there were
   people present when the meeting's attendance was recorded (an upper bound, not the count:
   someone present may never speak). Each finished window is stored in its
   own transaction, so a worker that is killed loses at most the window it was on: the job is
   claimed again when its lease runs out and carries on after the last stored window.
3. Write version 1 and mark the transcript done in ONE transaction, and only while this worker
   still holds the job: a failure before that leaves no version at all (never a half-written
   transcript), and a worker presumed dead cannot write a second version 1.

Audio that cannot be transcribed (corrupt, unreadable, silent) fails at once with a reason in
plain English and is not retried; it will not get better. A silent recording is a failure,
not an empty transcript: an empty "typed record" would look like a meeting where nobody spoke.
Unexpected errors are retried by the queue; the last attempt marks the transcript failed.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onrecord.jobs.models import Job
from onrecord.jobs.queue import LeaseLost, RunningJob, handler
from onrecord.speech.enrol import MATCH, name_speakers
from onrecord.speech.types import (
    AudioWindows,
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
from onrecord.transcripts.introductions import introductions
from onrecord.transcripts.models import Transcript, TranscriptVersion, TranscriptWindow
from onrecord.transcripts.services import (
    JOB_KIND,
    gaps_from_json,
    gaps_to_json,
    overlaps_from_json,
    overlaps_to_json,
    speaker_count,
)
from onrecord.transcripts.words import TWord, words_to_json
from onrecord.vault.disposed import RecordingDisposed
from onrecord.vault.models import Recording
from onrecord.vault.services import RecordingUnreadable, open_recording

log = logging.getLogger(__name__)

NO_SPEECH = (
    "No speech was found in this recording: it may be silent, or too quiet or noisy to make "
    "out. Nothing was transcribed. Listen to it to check."
)
NO_WORDS = (
    "Speech was heard in this recording ({seconds} seconds in all) but no words could be made "
    "out, even when it was transcribed again. Nothing was transcribed. Listen to it to check."
)
UNREADABLE = (
    "The recording could not be read from the vault: it failed its integrity check. Nothing "
    "was transcribed. Ask your system administrator to check the vault ({problem})."
)
UNEXPECTED = (
    "Transcription stopped with an unexpected error after {attempts} attempts. Nothing was "
    "transcribed. Ask your system administrator to look at job {job} in the job log."
)


@dataclass(frozen=True)
class Engine:
    """What the job needs from onrecord.speech: an audio window reader over the decrypted
    recording, the two models, the pipeline that runs them, and the voice activity detector
    that checks no speech is lost without a trace (None: not checked), and the detector of
    two people speaking at once (None: not looked for)."""

    windows: Callable[[Any], AudioWindows]  # over a binary file-like
    transcriber: Transcriber
    embedder: VoiceEmbedder
    run: Callable[..., TranscriptResult]
    voice_activity: VoiceActivity | None = None
    overlap_detector: OverlapDetector | None = None


def window_seconds() -> float:
    """How much audio one checkpoint covers (ONRECORD_SPEECH_WINDOW_SECONDS, default 120).

    The worker reports progress, which renews its lease on the job, after each window; a window
    must take well under the lease (LEASE_SECONDS below, 15 minutes) to transcribe, or another
    worker would presume this one dead. With `base` on two cores 120 s of audio takes about 25 s.
    Do not change it while transcriptions are waiting to resume: windows are numbered by it."""
    seconds = float(getattr(settings, "ONRECORD_SPEECH_WINDOW_SECONDS", 120))
    return max(30.0, seconds)


def default_engine(model: str) -> Engine:
    """The real engine, offline on this server (onrecord/speech, docs/SPEECH.md): Whisper via
    faster-whisper with the packaged, checksum-verified model, and CAM++ voice samples
    (speech/campplus.py), and pyannote's segmentation model marking where two people speak at
    once (speech/overlap.py). A missing or damaged model raises SpeechError naming it."""
    from onrecord.speech import audio, loaders, pipeline
    from onrecord.speech.vad import SileroVoiceActivity

    return Engine(
        windows=functools.partial(audio.windows, seconds=window_seconds()),
        transcriber=loaders.transcriber(model),
        embedder=loaders.embedder(),
        run=pipeline.run,
        voice_activity=SileroVoiceActivity(),
        overlap_detector=loaders.overlap_detector(),
    )


_engine_factory: Callable[[str], Engine] = default_engine
# Who else wants to see progress in this process (`onrecord transcribe --wait` draws its bar).
_listeners: list[Callable[[int, str], None]] = []


def listen(callback: Callable[[int, str], None]) -> Callable[[], None]:
    """Call `callback(percent, note)` on each progress report in this process; returns the
    function that stops it."""
    _listeners.append(callback)
    return lambda: _listeners.remove(callback)


def _report(job: RunningJob, percent: int, note: str) -> None:
    job.progress(percent, note)
    for callback in list(_listeners):
        callback(percent, note)


def use_engine(factory: Callable[[str], Engine]) -> Callable[[str], Engine]:
    """Swap the engine (tests use fakes); returns the one it replaces."""
    global _engine_factory
    previous, _engine_factory = _engine_factory, factory
    return previous


# --- checkpoints as JSON --------------------------------------------------------------------


def window_to_json(window: WindowResult) -> dict[str, Any]:
    return {
        "index": window.index,
        "start": window.start,
        "end": window.end,
        "language": window.language,
        "words": [
            {
                "start": w.start,
                "end": w.end,
                "text": w.text,
                "probability": w.probability,
                "speaker": w.speaker,
            }
            for w in window.words
        ],
        "voices": [
            {"start": v.start, "end": v.end, "vector": list(v.vector)} for v in window.voices
        ],
        "gaps": gaps_to_json(window.gaps),
        "overlaps": overlaps_to_json(window.overlaps),
    }


def window_from_json(data: dict[str, Any]) -> WindowResult:
    return WindowResult(
        index=int(data["index"]),
        start=float(data["start"]),
        end=float(data["end"]),
        language=str(data.get("language", "")),
        words=tuple(
            Word(
                float(w["start"]),
                float(w["end"]),
                str(w["text"]),
                float(w["probability"]),
                None if w.get("speaker") is None else int(w["speaker"]),
            )
            for w in data["words"]
        ),
        voices=tuple(
            VoiceSample(float(v["start"]), float(v["end"]), tuple(float(x) for x in v["vector"]))
            for v in data["voices"]
        ),
        gaps=gaps_from_json(data.get("gaps")),
        overlaps=overlaps_from_json(data.get("overlaps")),
    )


# --- the job --------------------------------------------------------------------------------


def _percent(args: tuple[Any, ...]) -> int:
    """The pipeline's progress as a percentage: (done, total) or a fraction 0..1."""
    if len(args) >= 2 and isinstance(args[1], (int, float)) and args[1]:
        return int(100 * float(args[0]) / float(args[1]))
    value = float(args[0]) if args else 0.0
    return int(value * 100) if value <= 1.0 else int(value)


def _fail(transcript: Transcript, reason: str) -> None:
    with transaction.atomic():
        locked = Transcript.objects.select_for_update().get(pk=transcript.pk)
        if locked.status == Transcript.Status.DONE:
            return
        # The checkpoints hold part of what was said: gone with the run that failed.
        TranscriptWindow.objects.filter(transcript=locked).delete()
        locked.status = Transcript.Status.FAILED
        locked.error = reason
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "error", "finished_at"])


def _save_window(transcript: Transcript, job: RunningJob, window: WindowResult) -> None:
    with transaction.atomic():
        # A worker that lost the job stops here rather than writing beside the new one.
        if not Job.objects.filter(
            pk=job.job.pk, status=Job.Status.RUNNING, claimed_by=job.worker
        ).exists():
            raise LeaseLost(f"job {job.job.pk} is no longer held by {job.worker}")
        TranscriptWindow.objects.get_or_create(
            transcript=transcript,
            index=window.index,
            defaults={"start": window.start, "end": window.end, "data": window_to_json(window)},
        )


def _finish(
    transcript: Transcript,
    job: RunningJob,
    result: TranscriptResult,
    enrolled: dict[int, int | None] | None = None,
) -> dict[str, Any]:
    words = [TWord(w.start, w.end, w.text, w.probability, w.speaker) for w in result.words]
    clusters = max(
        [result.speakers, *((w.speaker or 0) + 1 for w in words if w.speaker is not None)]
    )
    with transaction.atomic():
        held = (
            Job.objects.select_for_update()
            .filter(pk=job.job.pk, status=Job.Status.RUNNING, claimed_by=job.worker)
            .exists()
        )
        if not held:
            raise LeaseLost(f"job {job.job.pk} is no longer held by {job.worker}")
        locked = Transcript.objects.select_for_update().get(pk=transcript.pk)
        if locked.status == Transcript.Status.DONE:  # pragma: no cover - guarded by the lease
            return {"transcript": str(locked.pk), "already": "done"}
        TranscriptVersion.objects.create(
            transcript=locked,
            number=1,
            source=TranscriptVersion.Source.MACHINE,
            words=words_to_json(words),
            summary=f"Transcribed by speech-to-text ({result.model or locked.model})",
        )
        TranscriptWindow.objects.filter(transcript=locked).delete()
        locked.status = Transcript.Status.DONE
        locked.speakers = clusters
        locked.model_used = (result.model or locked.model)[:200]
        locked.language = result.language[:20]
        locked.duration_seconds = result.duration
        locked.notes = list(result.notes)
        locked.enrolled = {str(k): v for k, v in (enrolled or {}).items()}
        locked.gaps = gaps_to_json(result.gaps)
        locked.overlaps = overlaps_to_json(result.overlaps)
        locked.error = ""
        locked.finished_at = timezone.now()
        locked.save()
    return {"transcript": str(transcript.pk), "words": len(words), "speakers": clusters}


# Fifteen minutes between progress reports before the worker is presumed dead: a window takes
# about 25 s with `base` on two free cores, but many times that on a loaded server.
LEASE_SECONDS = 15 * 60


@handler(JOB_KIND, lease_seconds=LEASE_SECONDS)
def transcribe_recording(job: RunningJob) -> dict[str, Any]:
    transcript = (
        Transcript.objects.select_related("recording__meeting")
        .filter(pk=str(job.payload.get("transcript", "")))
        .first()
    )
    if transcript is None:
        return {"skipped": "no such transcript"}
    if transcript.status in {Transcript.Status.DONE, Transcript.Status.FAILED}:
        return {"skipped": transcript.status}  # never done twice
    transcript.status = Transcript.Status.RUNNING
    transcript.started_at = transcript.started_at or timezone.now()
    transcript.save(update_fields=["status", "started_at"])
    recording: Recording = transcript.recording
    done = [window_from_json(w.data) for w in transcript.windows.order_by("index") if w.data]
    _report(job, 0, f"Carrying on after window {len(done)}" if done else "Starting")

    def on_window(window: WindowResult) -> None:
        _save_window(transcript, job, window)

    def on_progress(*args: Any) -> None:
        _report(job, min(99, _percent(args)), "Transcribing")

    samples = [v for w in done for v in w.voices]
    enrolment = introductions(recording.meeting, recording)
    extra: dict[str, Any] = {"introductions": enrolment} if enrolment else {}

    def keep_samples(window: WindowResult) -> None:
        on_window(window)
        samples.extend(window.voices)

    try:
        engine = _engine_factory(transcript.model)
        checked: dict[str, Any] = (
            {"voice_activity": engine.voice_activity} if engine.voice_activity is not None else {}
        )
        if engine.overlap_detector is not None:
            checked["overlap_detector"] = engine.overlap_detector
        with open_recording(recording, purpose="transcribe") as reader:
            result = engine.run(
                engine.windows(reader),
                engine.transcriber,
                engine.embedder,
                # attendance is an upper bound: someone present may never speak
                most=speaker_count(recording.meeting),
                resume=done,
                on_window=keep_samples,
                on_progress=on_progress,
                **extra,
                **checked,
            )
        if not any(w.text.strip() for w in result.words):
            heard = round(sum(g.end - g.start for g in result.gaps))
            raise SpeechError(NO_WORDS.format(seconds=heard) if result.gaps else NO_SPEECH)
    except SpeechError as exc:
        _fail(transcript, str(exc) or NO_SPEECH)
        return {"transcript": str(transcript.pk), "failed": str(exc)}
    except RecordingDisposed as exc:  # disposed of under the retention schedule meanwhile
        _fail(transcript, f"The recording can no longer be transcribed. {exc}")
        return {"transcript": str(transcript.pk), "failed": "disposed"}
    except RecordingUnreadable as exc:
        _fail(transcript, UNREADABLE.format(problem=exc))
        return {"transcript": str(transcript.pk), "failed": "unreadable"}
    except LeaseLost:
        raise
    except Exception:
        if job.job.attempts >= job.job.max_attempts:
            _fail(transcript, UNEXPECTED.format(attempts=job.job.attempts, job=job.job.pk))
        log.exception("transcription %s: attempt %s failed", transcript.pk, job.job.attempts)
        raise
    # the encoder's own threshold for a speaker to be suggested as an attendee (campplus.NAME_MATCH)
    match = getattr(engine.embedder, "name_match", MATCH)
    enrolled = name_speakers(result.words, samples, enrolment, match=match) if enrolment else {}
    return _finish(transcript, job, result, enrolled)
