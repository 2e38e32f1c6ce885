"""Secure one-time links for people without an account (a parent, a young person, a
professional from another agency). The token is shown once, in the message; only its SHA-256 is
stored. A link expires, works once, and names one person and one purpose."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from onrecord.audit import services as audit
from onrecord.cases.models import Meeting, Person
from onrecord.recording_requests.models import AccessLink, RecordingRequest

MAX_LIFETIME = dt.timedelta(days=21)


class LinkError(Exception):
    """The link cannot be used; the message says why in plain English (audited in English, shown
    in the reader's language: the page translates it)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(
    purpose: str,
    person: Person,
    meeting: Meeting,
    *,
    request: RecordingRequest | None = None,
    created_by: Any = None,
    now: dt.datetime | None = None,
) -> tuple[AccessLink, str]:
    """Returns the stored link and the token to send (never stored)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    # Useful until the meeting starts (a view or request after that is made in the room).
    expires = min(meeting.scheduled_start, now + MAX_LIFETIME)
    link = AccessLink.objects.create(
        token_hash=_hash(token),
        purpose=purpose,
        person=person,
        meeting=meeting,
        request=request,
        created_at=now,
        expires_at=max(expires, now + dt.timedelta(hours=1)),
        created_by=created_by,
    )
    return link, token


def url_for(token: str) -> str:
    return settings.ONRECORD_BASE_URL.rstrip("/") + reverse("link_start", args=[token])


def find_link(token: str, *, now: dt.datetime | None = None) -> AccessLink:
    """The usable link for a token, or LinkError. Refusals are audited (they may be probing)."""
    now = now or timezone.now()
    link = (
        AccessLink.objects.select_related("person", "meeting", "request")
        .filter(token_hash=_hash(token))
        .first()
    )
    problem = ""
    if link is None:
        problem = gettext_noop("This link is not recognised. Check you copied the whole link.")
    elif link.used_at is not None:
        problem = gettext_noop("This link has already been used. Each link works once.")
    elif link.expires_at <= now or link.meeting.scheduled_start <= now:
        problem = gettext_noop("This link has expired.")
    elif (
        link.request is not None and link.request.status != RecordingRequest.Status.GATHERING_VIEWS
    ):
        # Also expired when it happened (expire_links); this catches a link made in between.
        problem = gettext_noop(
            "This link is no longer needed: a decision has been made on the request."
        )
    if problem:
        # The view catches LinkError and renders a page, so this entry commits with it.
        if link is None:
            audit.record(
                "link_refused",
                object_type="recording_requests.accesslink",
                detail={"reason": problem},
            )
        else:
            audit.record("link_refused", link, detail={"reason": problem})
        raise LinkError(problem)
    assert link is not None
    return link


def use_link(link: AccessLink, *, now: dt.datetime | None = None) -> None:
    """Mark the link used, atomically: of two simultaneous submissions only one succeeds."""
    now = now or timezone.now()
    claimed = AccessLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
    if claimed != 1:
        raise LinkError(gettext_noop("This link has already been used. Each link works once."))
    audit.record("link_used", link, detail={"purpose": link.purpose})


def expire_links(links: QuerySet[AccessLink], why: str, *, now: dt.datetime | None = None) -> int:
    """Links expire as soon as they are no longer needed (issue 12): the view was given, the
    decision made, the request withdrawn, the meeting held. Each is audited. Returns how many."""
    now = now or timezone.now()
    live = list(links.filter(used_at__isnull=True, expires_at__gt=now))
    for link in live:
        link.expires_at = now
        link.save(update_fields=["expires_at"])
        audit.record("link_expired", link, detail={"purpose": link.purpose, "why": why})
    return len(live)


def request_links(request: RecordingRequest) -> QuerySet[AccessLink]:
    return AccessLink.objects.filter(request=request)
