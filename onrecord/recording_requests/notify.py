"""Telling people: every message goes out through the configured notifier (notifiers.py:
Django's email framework or GOV.UK Notify) and is written to the case timeline in the same
transaction. The message itself is sent only when that transaction commits, so a failed step
never sends a message about something that did not happen.

Each message is written in its reader's language (docs/LANGUAGES.md): the one they chose with the
language switcher (kept on their account), else the language of the page they acted from; staff
are written to in the service's default language (LANGUAGE_CODE).

The timeline keeps the message as sent except for its secure link: staff see that a link was
sent, never the link itself (issue 12), so nobody can open a link meant for someone else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise

from onrecord.cases.models import Meeting, Person
from onrecord.recording_requests import notifiers
from onrecord.recording_requests.models import TimelineEntry

HIDDEN_LINK = "(a secure link, sent only to {name})"
# A one-time link in an older timeline entry, written before links were kept out of it.
LINK_IN_TEXT = re.compile(r"https?://\S+?/link/[A-Za-z0-9_-]+/?")


def absolute_url(path: str) -> str:
    """The public address of a page, for a link in a message (ONRECORD_BASE_URL)."""
    return str(settings.ONRECORD_BASE_URL).rstrip("/") + path


def hide_links(text: str) -> str:
    return LINK_IN_TEXT.sub("(a secure link)", text)


def language_for(person: Person) -> str:
    """The language to write to this person in."""
    if person.kind == Person.Kind.STAFF:
        return str(settings.LANGUAGE_CODE)
    chosen = str(getattr(person.user, "language", "") or "") if person.user_id else ""
    return chosen or person.language or translation.get_language() or str(settings.LANGUAGE_CODE)


def _send(message: notifiers.Message) -> None:
    notifiers.notifier().send(message)


def send_message(
    person: Person,
    subject: str | Promise,
    template: str,
    context: Mapping[str, object],
    *,
    meeting: Meeting | None = None,
) -> TimelineEntry:
    """Email a person (if they have an address) and put the message on the case timeline.

    Without an address the message is still written to the timeline, marked for staff to
    pass on by phone or in person, so nobody silently goes untold. A secure link is passed as
    `url` in the context: the person gets it, the timeline says only that one was sent.
    `subject` may be lazy (gettext_lazy, format_lazy): it is read in the person's language."""
    with translation.override(language_for(person)):
        subject = str(subject)
        body = render_to_string(template, {**context, "person": person}).strip()
        recorded = body
        if context.get("url"):
            recorded = render_to_string(
                template,
                {**context, "person": person, "url": HIDDEN_LINK.format(name=person.full_name)},
            ).strip()
    to = person.email or f"{person.full_name} (no email address: pass this on in person)"
    entry = TimelineEntry.objects.create(
        case=person.case,
        meeting=meeting,
        kind=TimelineEntry.Kind.MESSAGE,
        summary=subject,
        body=recorded,
        to=to,
    )
    if person.email:
        message = notifiers.Message(person.email, subject, body, reference=str(entry.pk))
        transaction.on_commit(partial(_send, message))
    return entry
