"""Telling attendees when their meeting changes (issue 12): a new time, place or way of
meeting is something they must act on. Meetings are changed in more than one place (the
administration pages, data loads), so the change is caught from the model's signals rather
than from one view; the message goes out only if the change commits (notify.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models.signals import post_save, pre_save
from django.utils import dateformat, timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from onrecord.cases.models import Meeting
from onrecord.recording_requests import notify

WATCHED = ("scheduled_start", "place", "mode")


def _remember(sender: type[Meeting], instance: Meeting, **kwargs: Any) -> None:
    before = (
        Meeting.objects.filter(pk=instance.pk).values(*WATCHED).first()
        if instance.pk and not instance._state.adding
        else None
    )
    instance._onrecord_before = before  # type: ignore[attr-defined]


def _now_on(when: dt.datetime) -> str:
    return gettext("It is now on %(date)s at %(time)s") % {
        "date": dateformat.format(when, "l j F Y"),
        "time": f"{when:%-I:%M%p}".lower(),
    }


def _now_at(place: str) -> str:
    return (
        gettext("It is now at %(place)s") % {"place": place}
        if place
        else gettext("It has no place set")
    )


def _now_held(meeting: Meeting) -> str:
    return gettext("It is now %(mode)s") % {"mode": gettext(meeting.get_mode_display()).lower()}


def changes(before: dict[str, Any], meeting: Meeting) -> list[str]:
    """What changed, each line read in the language of the person it is sent to (lazy)."""
    said = []
    if before["scheduled_start"] != meeting.scheduled_start:
        said.append(lazy(_now_on, str)(timezone.localtime(meeting.scheduled_start)))
    if before["place"] != meeting.place:
        said.append(lazy(_now_at, str)(meeting.place))
    if before["mode"] != meeting.mode:
        said.append(lazy(_now_held, str)(meeting))
    return said


def _tell(sender: type[Meeting], instance: Meeting, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_onrecord_before", None)
    if created or before is None or kwargs.get("raw"):
        return
    said = changes(before, instance)
    if not said:
        return
    for attendee in instance.attendees.select_related("person"):
        notify.send_message(
            attendee.person,
            format_lazy(gettext_lazy("Your meeting has changed: {}"), instance),
            "recording_requests/email/meeting_changed.txt",
            {"meeting": instance, "changes": said},
            meeting=instance,
        )


def connect() -> None:
    pre_save.connect(_remember, sender=Meeting, dispatch_uid="onrecord-meeting-changed-pre")
    post_save.connect(_tell, sender=Meeting, dispatch_uid="onrecord-meeting-changed-post")
