"""Telling people: every message goes through Django's email framework (file backend by
default, SMTP by configuration) and is written to the case timeline in the same transaction.
The email itself is sent only when that transaction commits, so a failed step never sends a
message about something that did not happen."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from onrecord.cases.models import Meeting, Person
from onrecord.recording_requests.models import TimelineEntry


def _send(to: str, subject: str, body: str) -> None:
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()


def send_message(
    person: Person,
    subject: str,
    template: str,
    context: Mapping[str, object],
    *,
    meeting: Meeting | None = None,
) -> TimelineEntry:
    """Email a person (if they have an address) and put the message on the case timeline.

    Without an address the message is still written to the timeline, marked for staff to
    pass on by phone or in person, so nobody silently goes untold."""
    body = render_to_string(template, {**context, "person": person}).strip()
    to = person.email or f"{person.full_name} (no email address: pass this on in person)"
    entry = TimelineEntry.objects.create(
        case=person.case,
        meeting=meeting,
        kind=TimelineEntry.Kind.MESSAGE,
        summary=subject,
        body=body,
        to=to,
    )
    if person.email:
        transaction.on_commit(partial(_send, person.email, subject, body))
    return entry
