"""The messages about a subject access request reach the family member through Django's SMTP
backend, checked against a real SMTP server the test starts (tests/support/smtp.py, aiosmtpd),
with the service's public address in the link."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from onrecord.family_record import subject_access
from tests.family_record.test_told_of_extension_and_answer import DANA, REASONS, asked
from tests.support.personas import World
from tests.support.smtp import Inbox, smtp_server

BASE = "https://onrecord.eastmere.example"

pytestmark = pytest.mark.slow


def test_extension_and_answer_arrive_by_smtp(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    made = asked(world)
    with (
        smtp_server() as (inbox, port),
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            ONRECORD_BASE_URL=BASE,
        ),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            subject_access.extend_time(
                made,
                by=world.users["legal"],
                extra_months=1,
                reasons=REASONS,
                told_on=timezone.localdate(),
            )
        with django_capture_on_commit_callbacks(execute=True):
            subject_access.record_answer(
                made,
                by=world.users["legal"],
                sent_on=timezone.localdate(),
                sent_how="email",
                disclosed="The recording.",
            )
        received = inbox.to(DANA)
    assert [m["Subject"] for m in received] == [
        f"We need more time to answer your request: {made.reference}",
        f"We have answered your request: {made.reference}",
    ]
    page = f"{BASE}{reverse('family_copy_requested', args=[made.pk])}"
    for message in received:
        body = Inbox.body(message)
        assert page in body
        assert "127.0.0.1" not in body
    assert REASONS in Inbox.body(received[0])
    assert "We sent it to you by secure email on" in Inbox.body(received[1])
