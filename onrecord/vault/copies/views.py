"""Asking for a derived copy on the player page: a redacted copy (parts silenced, for subject
access) or a small playback copy. The copy is made by the job queue, as the person who asked,
because converting a three-hour meeting takes longer than a page should wait."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from onrecord.audit import services as audit
from onrecord.audit.context import current_actor
from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.jobs import queue
from onrecord.jobs.models import Job
from onrecord.vault.access import recording_for
from onrecord.vault.copies.derive import ORIGINAL_KINDS
from onrecord.vault.copies.spans import SpanError, parse_spans
from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_export

JOB_KIND = "derive_recording"


class RedactForm(forms.Form):
    spans = forms.CharField(
        label="Parts to silence",
        max_length=20_000,
        widget=forms.Textarea,
        error_messages={"required": "Give at least one part to silence"},
    )
    reason = forms.CharField(
        label="Why is the copy being made?",
        max_length=500,
        error_messages={"required": "Say why the copy is made, for example the request reference"},
    )

    def __init__(self, *args: object, duration: float, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.duration = duration

    def clean_spans(self) -> list[dict[str, float | str]]:
        try:
            spans = parse_spans(self.cleaned_data["spans"].splitlines(), self.duration)
        except SpanError as mistake:
            raise forms.ValidationError(str(mistake)) from None
        return [span.as_dict() for span in spans]


def pending_copies(recording: Recording) -> list[Job]:
    return list(
        Job.objects.filter(
            kind=JOB_KIND,
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
            payload__recording_id=str(recording.pk),
        )
    )


def _may_copy(request: HttpRequest, recording: Recording) -> None:
    if not can_export(request.user, recording):
        raise ForbiddenAudited(
            "vault.recording",
            str(recording.pk),
            str(recording.meeting.case_id),
            "may not make copies of recordings",
        )
    if recording.kind not in ORIGINAL_KINDS or recording.disposed_at is not None:
        raise ForbiddenAudited(
            "vault.recording",
            str(recording.pk),
            str(recording.meeting.case_id),
            "copies are made from originals that are still held",
        )


def _enqueue(request: HttpRequest, recording: Recording, payload: dict[str, object]) -> None:
    actor = current_actor()
    job = queue.enqueue(
        JOB_KIND,
        {
            "recording_id": str(recording.pk),
            "user_id": request.user.pk,
            "ip": actor.ip_address,
            **payload,
        },
    )
    assert job is not None
    audit.record(
        "vault.copy_requested",
        recording,
        detail={"job": job.pk, "kind": payload["kind"], "reason": payload.get("reason", "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def redact(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    recording = recording_for(request, recording_id)
    _may_copy(request, recording)
    form = RedactForm(request.POST or None, duration=recording.duration_seconds)
    if request.method == "POST" and form.is_valid():
        _enqueue(
            request,
            recording,
            {
                "kind": Recording.Kind.REDACTED_COPY,
                "spans": form.cleaned_data["spans"],
                "reason": form.cleaned_data["reason"].strip(),
            },
        )
        messages.success(
            request,
            "The redacted copy is being made. It appears under ‘Copies of this recording’ "
            "when it is ready; the original is not changed.",
        )
        return HttpResponseRedirect(reverse("recording_player", args=[recording.pk]) + "#copies")
    audit.record("view", recording, detail={"page": "redact"})
    return render(
        request,
        "vault/redact.html",
        {"recording": recording, "meeting": recording.meeting, "form": form},
    )


@login_required
@require_POST
def playback_copy(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    recording = recording_for(request, recording_id)
    _may_copy(request, recording)
    _enqueue(request, recording, {"kind": Recording.Kind.PLAYBACK_COPY})
    messages.success(request, "A smaller copy for listening is being made.")
    return HttpResponseRedirect(reverse("recording_player", args=[recording.pk]) + "#copies")
