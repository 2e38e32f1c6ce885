"""A link to the browser's own recorder, for the staff who may record the meeting (shown in the
meeting page's Recordings panel), where it opens in its own tab; and the recorder itself inside
meeting mode, whose screen is swapped in place (htmx) rather than reloaded, so it goes on."""

from __future__ import annotations

from typing import Any

from django import template

from onrecord.cases.models import Meeting
from onrecord.vault.live import services as live_services

register = template.Library()


@register.inclusion_tag("vault/_live_recorder_link.html", takes_context=True)
def live_recorder_link(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    # Nested inside another inclusion tag the context processors' values are gone; the request
    # is still the context's attribute.
    request = getattr(context, "request", None) or context.get("request")
    user = getattr(request, "user", None)
    return {"meeting": meeting, "can_record": live_services.can_record(user, meeting)}


@register.inclusion_tag("vault/_meeting_recorder.html", takes_context=True)
def meeting_recorder(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    """The council's own recorder inside meeting mode (which swaps its screen in place rather
    than reloading, so a recording running here goes on): for staff who may record it."""
    from onrecord.vault.live.views import TIMESLICE_MS

    request = getattr(context, "request", None) or context.get("request")
    user = getattr(request, "user", None)
    can_record = live_services.can_record(user, meeting)
    return {
        "meeting": meeting,
        "can_record": can_record,
        "in_meeting_mode": True,
        "interrupted": live_services.interrupted_sessions(meeting) if can_record else [],
        "timeslice": TIMESLICE_MS,
        "chunk_limit": live_services.chunk_limit(),
        "csrf_token": context.get("csrf_token"),
        "service_name": context.get("service_name"),
    }
