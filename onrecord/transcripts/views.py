"""Transcript pages: start a transcription, its progress, the editor (audio and transcript side by
side), correcting a passage, naming the speakers, version history and exports.

Everything works without JavaScript (reading, correcting and naming are plain forms);
onrecord/web/js/transcript-editor.mjs adds playing from a word or passage, the word and passage
being played highlighted, a play/pause shortcut, each voice's sample on the speakers page, live
progress, and correcting a passage in place (in_place.py, through htmx). Every page view and
export is audited; a refused request is audited by the middleware after the request's
transaction rolls back.
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
from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.jobs.models import Job
from onrecord.transcripts import correcting, editor_page, exports, permissions, services
from onrecord.transcripts import speakers as speaker_rules
from onrecord.transcripts import words as word_rules
from onrecord.transcripts.access import forbidden, not_found, recording_for, transcript_for
from onrecord.transcripts.forms import SOMEONE_ELSE, SpeakersForm
from onrecord.transcripts.headings import heading_for
from onrecord.transcripts.models import Transcript
from onrecord.transcripts.words import EditRefused


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
    recording = recording_for(request, recording_id)
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
    transcript = transcript_for(request, transcript_id)
    return JsonResponse(progress_of(transcript))


@require_GET
@login_required
def editor(request: HttpRequest, transcript_id: uuid.UUID) -> HttpResponse:
    transcript = transcript_for(request, transcript_id)
    recording = transcript.recording
    audit.record("view", transcript, detail={"page": "transcript"})
    context: dict[str, Any] = {
        "transcript": transcript,
        "recording": recording,
        "meeting": recording.meeting,
        "progress": progress_of(transcript),
        "nav": "home",
        **editor_page.editor_context(transcript, request.user),
    }
    if "version" in context:
        context.update(editor_page.player(transcript))
    return render(request, "transcripts/editor.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def passage(request: HttpRequest, transcript_id: uuid.UUID, index: int) -> HttpResponse:
    """The correction page: the way to correct a passage without JavaScript (with it, the
    editor's "Edit" button opens the same form in place, in_place.py)."""
    editable = correcting.editable(request, transcript_id, index)
    transcript = editable.transcript
    form = editable.form(request.POST or None)
    if request.method == "POST":
        saved = correcting.save(request, editable, form)
        if saved is not None:
            messages.success(request, f"Your correction is saved as version {saved.number}.")
            editor_url = reverse("transcript_editor", args=[transcript.pk])
            return HttpResponseRedirect(f"{editor_url}#passage-{index + 1}")
    else:
        audit.record("view", transcript, detail={"page": "passage", "passage": index + 1})
    return render(
        request,
        "transcripts/passage.html",
        correcting.page_context(editable, form),
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def speakers(request: HttpRequest, transcript_id: uuid.UUID) -> HttpResponse:
    """The chair's one step: who every speaker is, suggested from who was present."""
    transcript = transcript_for(request, transcript_id)
    recording = transcript.recording
    if not permissions.can_name_speakers(request.user, recording):
        raise forbidden(transcript, "may not name the speakers")
    if transcript.status != Transcript.Status.DONE or not transcript.speakers:
        raise not_found(transcript, "not done")
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
    samples, stretches = _samples(transcript)
    rows = form.rows()
    for row in rows:
        row["sample"] = samples.get(row["cluster"], "")
        start, end = stretches.get(row["cluster"], (None, None))
        row["sample_start"], row["sample_end"] = start, end
        if start is not None and end is not None:
            row["sample_clock"] = word_rules.clock(start)
            row["sample_seconds"] = max(1, round(end - start))
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
            **editor_page.player(transcript),
        },
        status=400 if request.method == "POST" else 200,
    )


def _samples(
    transcript: Transcript,
) -> tuple[dict[int, str], dict[int, tuple[float, float]]]:
    """The first few words each speaker said, to recognise them by, and a few seconds of each
    voice for "Play sample" (speakers.voice_samples)."""
    pair = services.current_words(transcript)
    if pair is None:  # pragma: no cover - only called when done
        return {}, {}
    samples: dict[int, list[str]] = {}
    first: dict[int, float] = {}
    for word in pair[1]:
        if word.speaker is None:
            continue
        first.setdefault(word.speaker, word.start)
        taken = samples.setdefault(word.speaker, [])
        if len(taken) < 12:
            taken.append(word.text.strip())
    said = {c: f"At {word_rules.clock(first[c])}: “{' '.join(t)}…”" for c, t in samples.items()}
    return said, speaker_rules.voice_samples(pair[1])


@require_GET
@login_required
def export(request: HttpRequest, transcript_id: uuid.UUID, fmt: str) -> HttpResponse:
    transcript = transcript_for(request, transcript_id)
    if fmt not in exports.FORMATS:
        raise not_found(transcript, "no format")
    pair = services.current_words(transcript)
    if pair is None:
        raise not_found(transcript, "no text yet")
    version, words = pair
    names = services.speaker_names(transcript)
    meeting = transcript.recording.meeting
    heading = heading_for(transcript, version)
    body = exports.render(
        fmt,
        words,
        {c: n.label for c, n in names.items()},
        heading,
        [*services.gaps_of(transcript), *services.overlaps_of(transcript)],
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
