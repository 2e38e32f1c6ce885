"""Telling attendees when their meeting changes (issue 12): a new time, place or way of
meeting is something they must act on. Meetings are changed in more than one place (the
administration pages, data loads), so the change is caught from the model's signals rather
than from one view; the message goes out only if the change commits (notify.py)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.utils import timezone

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


def changes(before: dict[str, Any], meeting: Meeting) -> list[str]:
    said = []
    if before["scheduled_start"] != meeting.scheduled_start:
        when = timezone.localtime(meeting.scheduled_start)
        said.append(
            f"It is now on {when:%A %-d %B %Y} at {when:%-I:%M%p}".replace("AM", "am").replace(
                "PM", "pm"
            )
        )
    if before["place"] != meeting.place:
        said.append(f"It is now at {meeting.place}" if meeting.place else "It has no place set")
    if before["mode"] != meeting.mode:
        said.append(f"It is now {meeting.get_mode_display().lower()}")
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
            f"Your meeting has changed: {instance}",
            "recording_requests/email/meeting_changed.txt",
            {"meeting": instance, "changes": said},
            meeting=instance,
        )


def connect() -> None:
    pre_save.connect(_remember, sender=Meeting, dispatch_uid="onrecord-meeting-changed-pre")
    post_save.connect(_tell, sender=Meeting, dispatch_uid="onrecord-meeting-changed-post")
