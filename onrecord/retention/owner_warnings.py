"""Warning the record owner before anything is disposed of (issue 6): once a day the job
finds recordings due within the warning period (ONRECORD_RETENTION_SCHEDULE's warning_days,
default 90) and emails the case's allocated social worker and team manager, once per recording
and due date. The warning is recorded (RetentionWarning, unique per recording and due date, so
two workers never send it twice) and audited in the same transaction; the emails go when it
commits, through the notification port every message leaves by
(recording_requests/notifiers.py: Django email, GOV.UK Notify, or the tests' fake).
Disposal is refused until the warning period has passed since the warning."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.recording_requests import notifiers
from onrecord.retention.disposal import current_schedule, review
from onrecord.retention.schedule import Schedule
from onrecord.vault.models import Recording, RetentionWarning

OWNER_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)


def record_owners(recording: Recording) -> list[User]:
    """The allocated social workers and team managers of the recording's case, with an email."""
    return list(
        User.objects.filter(
            allocations__case_id=recording.meeting.case_id,
            allocations__ended_on__isnull=True,
            role__in=[r.value for r in OWNER_ROLES],
            is_active=True,
        )
        .exclude(email="")
        .order_by("username")
        .distinct()
    )


def _send(to: list[str], subject: str, body: str) -> None:
    """After the commit: one message per owner, through the configured notifier."""
    notifier = notifiers.notifier()
    for address in to:
        notifier.send(notifiers.Message(address, subject, body))


def send_retention_warnings(
    *, now: dt.datetime | None = None, schedule: Schedule | None = None
) -> int:
    """Warn the owners of every recording due within the warning period that has not been
    warned for its current due date. Returns how many recordings were warned."""
    schedule = schedule or current_schedule()
    now = now or timezone.now()
    today = timezone.localdate(now)
    due, _ = review(today=today, schedule=schedule)
    warned = 0
    for item in due:
        recording, due_on = item.recording, item.due.due_on
        if (
            due_on is None
            or RetentionWarning.objects.filter(recording=recording, due_on=due_on).exists()
        ):
            continue
        owners = record_owners(recording)
        if not owners:
            continue  # shown on the records manager's page: nobody to warn, so never disposable
        subject = f"A recording on case {recording.meeting.case.reference} is due for disposal"
        body = render_to_string(
            "retention/email/retention_warning.txt",
            {
                "recording": recording,
                "meeting": recording.meeting,
                "case": recording.meeting.case,
                "due": item.due,
                "due_on": due_on,
                "rule": item.due.rule,
                "warning_days": schedule.warning_days,
                "earliest": max(due_on, today + dt.timedelta(days=schedule.warning_days)),
                "url": settings.ONRECORD_BASE_URL.rstrip("/")
                + reverse("recording_player", args=[recording.pk]),
            },
        ).strip()
        addresses = [u.email for u in owners]
        try:
            with transaction.atomic():
                warning = RetentionWarning.objects.create(
                    recording=recording,
                    due_on=due_on,
                    sent_to="\n".join(addresses),
                    sent_at=now,
                )
                audit.record(
                    "vault.retention_warning",
                    recording,
                    detail={
                        "due_on": str(due_on),
                        "record_type": item.due.record_type,
                        "to": [u.username for u in owners],
                        "warning": warning.pk,
                    },
                )
                transaction.on_commit(partial(_send, addresses, subject, body))
        except IntegrityError:
            continue  # another worker warned about it a moment ago
        warned += 1
    return warned
