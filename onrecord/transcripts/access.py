"""The transcript (or recording) a request may see, found through the authority wall
(cases/scoping.py) and checked against transcripts/permissions.py. A refusal is the same audited
404 as for one that does not exist; `forbidden` is the audited 403 for one they may read but not
change. Shared by the pages (views.py) and the in-place editor (in_place.py)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest

from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import scoping
from onrecord.transcripts import permissions
from onrecord.transcripts.models import Transcript
from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_listen


def recording_for(request: HttpRequest, recording_id: uuid.UUID) -> Recording:
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


def transcript_for(request: HttpRequest, transcript_id: uuid.UUID) -> Transcript:
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


def forbidden(transcript: Transcript, reason: str) -> ForbiddenAudited:
    return ForbiddenAudited(
        "transcripts.transcript", str(transcript.pk), transcript.audit_case_id, reason
    )


def not_found(transcript: Transcript, reason: str) -> NotFoundAudited:
    return NotFoundAudited(
        "transcripts.transcript", str(transcript.pk), transcript.audit_case_id, reason
    )
