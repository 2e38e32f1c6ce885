"""Asking, on the player page, to compare a family's recording with the council's again (for
example once the council's own recording has been added). Staff who may make a court bundle of
it only; the comparison is made by the job queue."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.vault.access import recording_for
from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_export
from onrecord.vault.provenance.services import queue_alignment


@login_required
@require_POST
def compare_again(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    recording = recording_for(request, recording_id)
    if not can_export(request.user, recording) or recording.kind != Recording.Kind.PARENT_COPY:
        raise ForbiddenAudited(
            "vault.recording",
            str(recording.pk),
            str(recording.meeting.case_id),
            "may not compare this recording with the council's",
        )
    if recording.disposed_at is not None:
        raise ForbiddenAudited(
            "vault.recording",
            str(recording.pk),
            str(recording.meeting.case_id),
            "the recording was disposed of",
        )
    user = request.user
    assert not user.is_anonymous
    job = queue_alignment(recording, by=user)
    messages.success(
        request,
        "The recording is being compared with the council’s recording of the meeting."
        if job is not None
        else "The recording is already being compared. Refresh this page in a few minutes.",
    )
    return HttpResponseRedirect(reverse("recording_player", args=[recording.pk]) + "#provenance")
