"""The 'Recordings' panel on the meeting page: the recordings this user may listen to, and the
way to add a parent's own recording (Hackney 3) for those who may."""

from __future__ import annotations

from typing import Any

from django import template

from onrecord.cases.models import Meeting
from onrecord.vault import permissions

register = template.Library()


@register.inclusion_tag("vault/_recordings_panel.html", takes_context=True)
def recordings_panel(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    user = context["request"].user
    recordings = (
        permissions.visible_recordings(user)
        .filter(meeting=meeting)
        .select_related("provided_by", "family_member")
        .order_by("created_at")
    )
    for_self = permissions.own_family_person(user, meeting) is not None
    return {
        "meeting": meeting,
        "recordings": list(recordings),
        "can_upload": permissions.can_upload(user, meeting),
        "for_self": for_self,
    }
