"""The 'Transcript' panel on a recording's player page: its progress while it runs (refreshed by
onrecord/web/js/transcript-editor.mjs), the link to the editor when it is done, the reason when
it failed, and the button to start one for those who may."""

from __future__ import annotations

from typing import Any

from django import template

from onrecord.transcripts import permissions, services
from onrecord.transcripts.models import Transcript
from onrecord.transcripts.views import progress_of
from onrecord.vault.models import Recording

register = template.Library()


@register.inclusion_tag("transcripts/_panel.html", takes_context=True)
def transcript_panel(context: template.Context, recording: Recording) -> dict[str, Any]:
    user = context["request"].user
    if not permissions.can_read(user, recording):
        return {"shown": False}
    transcript = services.latest_transcript(recording)
    done = services.latest_done(recording)
    return {
        "shown": True,
        "recording": recording,
        "transcript": transcript,
        "progress": progress_of(transcript) if transcript else None,
        "done": done,
        "can_start": permissions.can_start(user, recording)
        and not (transcript and transcript.is_active),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def readable_transcript(context: template.Context, recording: Recording) -> Transcript | None:
    """The latest finished transcript of the recording, if this user may read it."""
    if not permissions.can_read(context["request"].user, recording):
        return None
    return services.latest_done(recording)
