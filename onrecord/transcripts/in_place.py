"""Correcting a passage in place on the transcript page, through htmx (django-htmx on this side,
the pattern of meeting mode). The passage's "Edit" button asks for its form (`passage_edit`,
GET), which takes the passage's place; "Save" posts it: a saved correction redraws the page's
text part (new version, counts, history) with the passage's "Edit" button focused and the
version announced, and a refused one comes back as the form with its error in the passage's
place (400). "Cancel" (or Escape) asks for the passage as it is (`passage_row`).

Without JavaScript the editor links to the correction page instead (views.passage); a request
here without htmx is sent there, or for a post handled the same way as there. The checks, the
form and the saving are the page's own (correcting.py): the same roles and cases may correct,
every correction is a new version, the original is never edited, and each form shown is in the
audit trail.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget

from onrecord.audit import services as audit
from onrecord.transcripts import correcting, editor_page, permissions, services
from onrecord.transcripts import words as word_rules
from onrecord.transcripts.access import not_found, transcript_for


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _prefix(index: int) -> str:
    # Each open form's fields have their own names and ids (two passages, two forms).
    return f"p{index + 1}"


def _editor_url(transcript_pk: uuid.UUID, number: int) -> str:
    return f"{reverse('transcript_editor', args=[transcript_pk])}#passage-{number}"


@require_http_methods(["GET", "POST"])
@login_required
def passage_edit(request: HttpRequest, transcript_id: uuid.UUID, index: int) -> HttpResponse:
    editable = correcting.editable(request, transcript_id, index)
    transcript = editable.transcript
    if request.method == "GET":
        if not _is_htmx(request):
            return HttpResponseRedirect(reverse("transcript_passage", args=[transcript.pk, index]))
        audit.record(
            "view", transcript, detail={"page": "passage", "passage": index + 1, "in_place": True}
        )
        return _form(request, editable, editable.form(prefix=_prefix(index)), status=200)
    form = editable.form(request.POST, prefix=_prefix(index))
    saved = correcting.save(request, editable, form)
    said = f"Your correction is saved as version {saved.number}." if saved else ""
    if not _is_htmx(request):  # the in-place form posted without htmx: as the page would
        if saved is None:
            context = correcting.page_context(editable, form)
            return render(request, "transcripts/passage.html", context, status=400)
        messages.success(request, said)
        return HttpResponseRedirect(_editor_url(transcript.pk, index + 1))
    if saved is None:
        response = _form(request, editable, form, status=400)
        retarget(response, f"#passage-{index + 1}")
        return reswap(response, "outerHTML")
    transcript.refresh_from_db()
    words = word_rules.words_from_json(saved.words)
    focus = correcting.passage_holding(words, editable.segment.first)
    context = {
        "transcript": transcript,
        "recording": transcript.recording,
        **editor_page.editor_context(transcript, request.user),
        "partial": True,
        "focus_index": focus,
        "said": said,
    }
    return render(request, "transcripts/_editor.html", context)


def _form(
    request: HttpRequest, editable: correcting.Editable, form: Any, *, status: int
) -> HttpResponse:
    segment = editable.segment
    return render(
        request,
        "transcripts/_passage_form.html",
        {
            "transcript": editable.transcript,
            "version": editable.version,
            "p": editor_page.passage_row(
                segment.index,
                segment,
                editable.names,
                services.overlaps_of(editable.transcript),
            ),
            "form": form,
            "several_speakers": len(editable.names) > 1,
        },
        status=status,
    )


@require_GET
@login_required
def passage_row(request: HttpRequest, transcript_id: uuid.UUID, index: int) -> HttpResponse:
    """A passage as the editor shows it (what "Cancel" puts back in place of its form)."""
    transcript = transcript_for(request, transcript_id)
    if not _is_htmx(request):
        return HttpResponseRedirect(_editor_url(transcript.pk, index + 1))
    pair = services.current_words(transcript)
    parts = word_rules.segments(pair[1]) if pair else []
    if not 0 <= index < len(parts):
        raise not_found(transcript, "no passage")
    audit.record("view", transcript, detail={"page": "passage", "passage": index + 1})
    names = services.speaker_names(transcript)
    return render(
        request,
        "transcripts/_passage.html",
        {
            "transcript": transcript,
            "p": editor_page.passage_row(
                index, parts[index], names, services.overlaps_of(transcript)
            ),
            "can_edit": permissions.can_edit(request.user, transcript.recording),
            "focus_index": index,
        },
    )
