"""Transcript pages: start a transcription, its progress, the editor (audio and transcript side by
side), correcting a passage, naming the speakers, version history and exports.

Everything works without JavaScript (reading, correcting and naming are plain forms);
onrecord/web/js/transcript-editor.mjs adds click-a-word-to-play, the current word highlighted
while playing, and live progress. Every page view and export is audited; a refused request is
audited by the middleware after the request's transaction rolls back.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import scoping
from onrecord.jobs.models import Job
from onrecord.transcripts import exports, permissions, services
from onrecord.transcripts import words as word_rules
from onrecord.transcripts.forms import SOMEONE_ELSE, PassageForm, SpeakersForm
from onrecord.transcripts.headings import heading_for
from onrecord.transcripts.models import Transcript
from onrecord.transcripts.words import EditRefused, TWord
from onrecord.vault.copies.derive import playback_source
from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_listen
from onrecord.vault.views import content_type_of


def _recording_for(request: HttpRequest, recording_id: uuid.UUID) -> Recording:
    recording: Recording | None = scoping.get_for_user(
        Recording.objects.select_related("meeting__case"), request.user, pk=recording_id
    )
    if recording is None or not can_listen(request.user, recording):
        raise NotFoundAudited(
            "vault.recording",
            str(recording_id),
            str(recording.meeting.case_id) if recording else "",
            "may not see this recording, or not found",
        )
    return recording


def _transcript_for(request: HttpRequest, transcript_id: uuid.UUID) -> Transcript:
    transcript: Transcript | None = scoping.get_for_user(
        Transcript.objects.select_related("recording__meeting__case", "job"),
        request.user,
        pk=transcript_id,
    )
    if transcript is None or not permissions.can_read(request.user, transcript.recording):
        raise NotFoundAudited(
            "transcripts.transcript",
            str(transcript_id),
            transcript.audit_case_id if transcript else "",
            "may not read this transcript, or not found",
        )
    return transcript


def _forbidden(transcript: Transcript, reason: str) -> ForbiddenAudited:
    return ForbiddenAudited(
        "transcripts.transcript", str(transcript.pk), transcript.audit_case_id, reason
    )


def progress_of(transcript: Transcript) -> dict[str, Any]:
    job: Job | None = transcript.job
    percent = job.progress if job is not None else 0
    if transcript.status == Transcript.Status.DONE:
        percent = 100
    labels = {
        Transcript.Status.QUEUED: "Waiting to start",
        Transcript.Status.RUNNING: f"Transcribing… {percent}%",
        Transcript.Status.DONE: "Transcript ready",
        Transcript.Status.FAILED: "Transcription failed",
    }
    return {
        "status": transcript.status,
        "percent": percent,
        "label": labels[Transcript.Status(transcript.status)],
        "error": transcript.error,
        "active": transcript.is_active,
        "editor": reverse("transcript_editor", args=[transcript.pk]),
    }


@require_POST
@login_required
def start(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    recording = _recording_for(request, recording_id)
    if not permissions.can_start(request.user, recording):
        raise ForbiddenAudited(
            "vault.recording",
            str(recording.pk),
            recording.audit_case_id,
            "may not start a transcription",
        )
    try:
        services.request_transcription(recording, by=request.user)
    except services.TranscriptionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Transcription has started. This page shows how far it has got.")
    return HttpResponseRedirect(reverse("recording_player", args=[recording.pk]) + "#transcript")


@require_GET
@login_required
def status(request: HttpRequest, transcript_id: uuid.UUID) -> JsonResponse:
    """Polled by the progress panel (no audit entry per poll: it reveals no case content)."""
    transcript = _transcript_for(request, transcript_id)
    return JsonResponse(progress_of(transcript))


def _passages(words: list[TWord], names: dict[int, services.SpeakerName]) -> list[dict[str, Any]]:
    rows = []
    for segment in word_rules.segments(words):
        name = names.get(segment.speaker) if segment.speaker is not None else None
        rows.append(
            {
                "index": segment.index,
                "number": segment.index + 1,
                "speaker": name.label if name else "Unknown speaker",
                "start": segment.start,
                "clock": word_rules.clock(segment.start),
                "words": segment.words,
                "to_check": segment.to_check,
            }
        )
    return rows


def _gaps(transcript: Transcript) -> list[dict[str, Any]]:
    """Speech heard but not transcribed (onrecord/speech/gaps.py), for the page."""
    return [
        {
            "gap": True,
            "number": number,
            "start": gap.start,
            "clock": word_rules.clock(gap.start),
            "end_clock": word_rules.clock(gap.end),
            "seconds": round(gap.end - gap.start),
        }
        for number, gap in enumerate(services.gaps_of(transcript), start=1)
    ]


@require_GET
@login_required
def editor(request: HttpRequest, transcript_id: uuid.UUID) -> HttpResponse:
    transcript = _transcript_for(request, transcript_id)
    recording = transcript.recording
    audit.record("view", transcript, detail={"page": "transcript"})
    context: dict[str, Any] = {
        "transcript": transcript,
        "recording": recording,
        "meeting": recording.meeting,
        "progress": progress_of(transcript),
        "nav": "home",
    }
    pair = services.current_words(transcript)
    if pair is not None:
        version, words = pair
        names = services.speaker_names(transcript)
        passages = _passages(words, names)
        gaps = _gaps(transcript)
        source = playback_source(recording)  # a browser recording's seekable copy
        rows = sorted([*passages, *gaps], key=lambda row: (row["start"], "gap" in row))
        context.update(
            {
                "version": version,
                "passages": passages,
                "gaps": gaps,
                "rows": rows,
                "to_check": word_rules.to_check(words),
                "check_passages": [p for p in passages if p["to_check"]],
                "names": sorted(names.values(), key=lambda n: n.cluster),
                "speakers_confirmed": any(n.confirmed for n in names.values()),
                "history": services.history(transcript),
                "playback": uuid.uuid4().hex,
                "source": source,
                "content_type": content_type_of(source),
                "can_edit": permissions.can_edit(request.user, recording),
                "can_name": permissions.can_name_speakers(request.user, recording),
                "formats": [(key, label) for key, (_, _, label) in exports.FORMATS.items()],
                "low_confidence": int(word_rules.LOW_CONFIDENCE * 100),
            }
        )
    return render(request, "transcripts/editor.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def passage(request: HttpRequest, transcript_id: uuid.UUID, index: int) -> HttpResponse:
    transcript = _transcript_for(request, transcript_id)
    if not permissions.can_edit(request.user, transcript.recording):
        raise _forbidden(transcript, "may not correct this transcript")
    pair = services.current_words(transcript)
    if pair is None:
        raise NotFoundAudited(
            "transcripts.transcript", str(transcript.pk), transcript.audit_case_id, "no text yet"
        )
    version, words = pair
    parts = word_rules.segments(words)
    if not 0 <= index < len(parts):
        raise NotFoundAudited(
            "transcripts.transcript", str(transcript.pk), transcript.audit_case_id, "no passage"
        )
    segment = parts[index]
    names = services.speaker_names(transcript)
    initial = {
        "text": segment.text,
        "speaker": "" if segment.speaker is None else str(segment.speaker),
        "based_on": version.number,
    }
    form = PassageForm(request.POST or None, initial=initial, names=names)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.correct_passage(
                transcript,
                by=request.user,
                segment=index,
                based_on=form.cleaned_data["based_on"],
                text=form.cleaned_data["text"],
                speaker=int(form.cleaned_data["speaker"]),
                reason=form.cleaned_data["reason"],
            )
        except EditRefused as exc:
            form.add_error("text", str(exc))
        else:
            messages.success(request, f"Your correction is saved as version {saved.number}.")
            editor_url = reverse("transcript_editor", args=[transcript.pk])
            return HttpResponseRedirect(f"{editor_url}#passage-{index + 1}")
    if request.method == "GET":
        audit.record("view", transcript, detail={"page": "passage", "passage": index + 1})
    return render(
        request,
        "transcripts/passage.html",
        {
            "transcript": transcript,
            "recording": transcript.recording,
            "meeting": transcript.recording.meeting,
            "version": version,
            "passage": {
                "number": index + 1,
                "clock": word_rules.clock(segment.start),
                "end_clock": word_rules.clock(segment.end),
                "words": segment.words,
            },
            "form": form,
            "nav": "home",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def speakers(request: HttpRequest, transcript_id: uuid.UUID) -> HttpResponse:
    """The chair's one step: who every speaker is, suggested from who was present."""
    transcript = _transcript_for(request, transcript_id)
    recording = transcript.recording
    if not permissions.can_name_speakers(request.user, recording):
        raise _forbidden(transcript, "may not name the speakers")
    if transcript.status != Transcript.Status.DONE or not transcript.speakers:
        raise NotFoundAudited(
            "transcripts.transcript", str(transcript.pk), transcript.audit_case_id, "not done"
        )
    people, from_attendance = services.candidates(recording.meeting)
    confirmed = {label.cluster: label for label in services.confirmed_labels(transcript)}
    suggested = services.suggestions(transcript)
    initial_choice: dict[int, str] = {}
    initial_names: dict[int, tuple[str, str]] = {}
    for cluster in range(transcript.speakers):
        label = confirmed.get(cluster)
        if label is not None:
            initial_choice[cluster] = str(label.attendee_id) if label.attendee_id else SOMEONE_ELSE
            if not label.attendee_id:
                initial_names[cluster] = (label.name, label.role)
        elif suggested.get(cluster) is not None:
            initial_choice[cluster] = str(suggested[cluster].pk)  # type: ignore[union-attr]
    form = SpeakersForm(
        request.POST or None,
        speakers=transcript.speakers,
        people=people,
        initial_choice=initial_choice,
        initial_names=initial_names,
    )
    if request.method == "POST" and form.is_valid():
        choices = {}
        for cluster in range(transcript.speakers):
            who = form.cleaned_data[f"who_{cluster}"]
            choices[cluster] = services.SpeakerChoice(
                attendee=form.people.get(who),
                name=form.cleaned_data[f"name_{cluster}"],
                role=form.cleaned_data[f"role_{cluster}"] if who == SOMEONE_ELSE else "",
            )
        try:
            services.confirm_speakers(transcript, by=request.user, choices=choices)
        except EditRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The speakers’ names are saved. They now show everywhere.")
            return HttpResponseRedirect(reverse("transcript_editor", args=[transcript.pk]))
    if request.method == "GET":
        audit.record("view", transcript, detail={"page": "speakers"})
    samples = _samples(transcript)
    rows = form.rows()
    for row in rows:
        row["sample"] = samples.get(row["cluster"], "")
        row["suggested"] = (
            suggested.get(row["cluster"]) is not None and row["cluster"] not in confirmed
        )
    return render(
        request,
        "transcripts/speakers.html",
        {
            "transcript": transcript,
            "recording": recording,
            "meeting": recording.meeting,
            "form": form,
            "rows": rows,
            "from_attendance": from_attendance,
            "nav": "home",
        },
        status=400 if request.method == "POST" else 200,
    )


def _samples(transcript: Transcript) -> dict[int, str]:
    """The first few words each speaker said, to recognise them by."""
    pair = services.current_words(transcript)
    if pair is None:  # pragma: no cover - only called when done
        return {}
    samples: dict[int, list[str]] = {}
    first: dict[int, float] = {}
    for word in pair[1]:
        if word.speaker is None:
            continue
        first.setdefault(word.speaker, word.start)
        taken = samples.setdefault(word.speaker, [])
        if len(taken) < 12:
            taken.append(word.text.strip())
    return {c: f"At {word_rules.clock(first[c])}: “{' '.join(t)}…”" for c, t in samples.items()}


@require_GET
@login_required
def export(request: HttpRequest, transcript_id: uuid.UUID, fmt: str) -> HttpResponse:
    transcript = _transcript_for(request, transcript_id)
    if fmt not in exports.FORMATS:
        raise NotFoundAudited(
            "transcripts.transcript", str(transcript.pk), transcript.audit_case_id, "no format"
        )
    pair = services.current_words(transcript)
    if pair is None:
        raise NotFoundAudited(
            "transcripts.transcript", str(transcript.pk), transcript.audit_case_id, "no text yet"
        )
    version, words = pair
    names = services.speaker_names(transcript)
    meeting = transcript.recording.meeting
    heading = heading_for(transcript, version)
    body = exports.render(
        fmt, words, {c: n.label for c, n in names.items()}, heading, services.gaps_of(transcript)
    )
    content_type, extension, _ = exports.FORMATS[fmt]
    audit.record(
        "transcript.export",
        transcript,
        detail={"format": fmt, "version": version.number, "bytes": len(body)},
    )
    response = HttpResponse(body, content_type=content_type)
    filename = f"transcript-{meeting.scheduled_start:%Y-%m-%d}-v{version.number}.{extension}"
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response
