"""The gate every recording page goes through: find the recording the request names, and
refuse (audited) when the user may not listen to it."""

from __future__ import annotations

import uuid

from django.http import HttpRequest

from onrecord.audit.exceptions import NotFoundAudited
from onrecord.cases import scoping
from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_listen


def recording_for(request: HttpRequest, recording_id: uuid.UUID) -> Recording:
    """The recording a request may listen to, or an audited 404 (never a 403: another family's
    recording and one that does not exist must look the same)."""
    recording: Recording | None = scoping.get_for_user(
        Recording.objects.select_related("meeting__case", "provided_by", "family_member"),
        request.user,
        pk=recording_id,
    )
    if recording is None or not can_listen(request.user, recording):
        # Another family's recording and one that does not exist look the same from outside.
        raise NotFoundAudited(
            "vault.recording",
            str(recording_id),
            str(recording.meeting.case_id) if recording else "",
            "may not listen to this recording, or not found",
        )
    return recording
