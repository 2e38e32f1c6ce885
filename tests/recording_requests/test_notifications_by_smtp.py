"""Notifications reach people by email through Django's SMTP backend, checked against a real
SMTP server the test starts (issue 12): the decision email carries the service's public
address (ONRECORD_BASE_URL), never 127.0.0.1:8000, and the timeline never shows a live link."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from onrecord.recording_requests.decisions import record_decision
from onrecord.recording_requests.models import TimelineEntry
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import World
from tests.support.smtp import Inbox, smtp_server

BASE = "https://onrecord.eastmere.example"

pytestmark = pytest.mark.slow


def test_request_and_decision_emails_go_through_smtp_with_the_public_address(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
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
            walk_journey(world.client_for("mother"), world.meeting)
        made = only_request()
        received = inbox.to("dana.whitfield@eastmere.example")
        assert [m["Subject"] for m in received] == ["We have your request to record the meeting"]
        assert made.reference
        assert made.reference in Inbox.body(received[0])
        asked = [m for m in inbox.messages if str(m["Subject"]).startswith("Your view")]
        assert asked, "the other attendees are asked for their view"
        for message in asked:
            body = Inbox.body(message)
            assert f"{BASE}/link/" in body
            assert "127.0.0.1" not in body

        with django_capture_on_commit_callbacks(execute=True):
            record_decision(
                made,
                world.users["chair"],
                outcome="allowed",
                reason="To help you remember the plan.",
                engine={"outcome": "for_decision_maker"},
            )
        decision = inbox.to("dana.whitfield@eastmere.example")[-1]
        assert decision["Subject"] == "Decision on your request to record the meeting"
        assert f"{BASE}{reverse('request_detail', args=[made.pk])}" in Inbox.body(decision)

    for entry in TimelineEntry.objects.filter(kind=TimelineEntry.Kind.MESSAGE):
        assert "/link/" not in entry.body, entry.summary
    page = world.client_for("chair").get(reverse("case_timeline", args=[world.case.pk]))
    assert "/link/" not in page.content.decode()
    assert "a secure link, sent only to" in page.content.decode()
