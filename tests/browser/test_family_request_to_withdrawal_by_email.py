"""The family's journey on a 320px phone, led by email (issue 12): Dana asks to record from her
home page's one primary button, gets a reference number; the decision and "declaration
waiting" emails arrive through a real SMTP server started by the test, with links to the
service's public address; she follows the email to her request, goes to sign from the primary
button, reads the expectations in easy read and signs from the easy-read version, then
withdraws, and the meeting page no longer says she can record. axe-core on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings

from onrecord.recording_requests import services
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.declaration_text import EASY_READ_CHOICES
from onrecord.recording_requests.models import Declaration
from tests.browser.conftest import Visitor
from tests.browser.journeys import CONFERENCE, ask_to_record, jade_agrees
from tests.recording_requests.helpers import only_request
from tests.support.personas import World
from tests.support.smtp import Inbox, smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DANA = "dana.whitfield@eastmere.example"


def _link_in(message: Any, base: str) -> str:
    match = re.search(re.escape(base) + r"/\S+", Inbox.body(message))
    assert match, Inbox.body(message)
    return match.group(0)


def test_request_decision_email_sign_and_withdraw(
    world: World, visitors: Callable[..., Visitor], live_server: Any
) -> None:
    base = live_server.url
    with (
        smtp_server() as (inbox, port),
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            ONRECORD_BASE_URL=base,
        ),
    ):
        mother = visitors(phone=True)
        mother.already_signed_in(world.users["mother"])
        page = mother.goto("/", "Your meetings")
        assert "What to do next" in page.inner_text("main")
        assert page.locator(".govuk-task-list").count() == 1
        ask_to_record(mother)  # from the home page's primary button
        made = only_request()
        assert made.reference
        assert made.reference in page.inner_text("main")
        assert [m["Subject"] for m in inbox.to(DANA)] == [
            "We have your request to record the meeting"
        ]

        # Her home page now says she is waiting, with the reference.
        page = mother.goto("/", "Your meetings")
        assert "Waiting for a decision" in page.inner_text("main")

        # The chair decides (the chair's pages are covered by the Hackney journey).
        jade_agrees(world, made)
        record_decision(
            made,
            world.users["chair"],
            outcome="allowed",
            reason="Allowed under Hackney's guidance.",
            engine=policy_decision(made),
        )
        made.refresh_from_db()
        services.prepare_declaration(
            made,
            world.users["social_worker"],
            worker_position="Social worker",
            worker_signed_name="Tom Bennett",
        )
        decision = next(m for m in inbox.to(DANA) if str(m["Subject"]).startswith("Decision"))
        waiting = next(m for m in inbox.to(DANA) if "ready to sign" in str(m["Subject"]))

        # She follows the decision email to her request: first person, the next step first.
        page = mother.goto(_link_in(decision, base).removeprefix(base), "Your request to record")
        main = page.inner_text("main")
        assert "Help I need" in main
        assert made.reference in main
        assert _link_in(waiting, base).endswith("/sign/")
        page.locator("main a.govuk-button", has_text="Sign the declaration").click()
        mother.check("Sign the declaration")
        # She reads it in easy read, and signs from there (what she signed is kept as read).
        page.get_by_role("link", name="Read them in easy read").click()
        mother.check("Recording meetings")
        page.get_by_label(EASY_READ_CHOICES["agree"]).check()
        page.get_by_label("This agreement stays until I say I want to stop it.").check()
        page.get_by_label("Type your full name to sign").fill("Dana Whitfield")
        page.get_by_role("button", name="Sign").click()
        page.get_by_text("You have signed").wait_for()
        mother.check("Declaration about recording meetings")
        signed = Declaration.objects.get(request=made, family_member__user=world.users["mother"])
        assert signed.signed_version == "easy_read"

        # The meeting page leads with where things stand; she withdraws.
        page = mother.goto(f"/meetings/{world.meeting.pk}/", CONFERENCE)
        assert "You can record this meeting" in page.inner_text("main")
        page.get_by_role("link", name="Withdraw my declaration").click()
        mother.check("Withdraw your declaration")
        page.get_by_label("I want to withdraw my declaration").check()
        page.get_by_role("button", name="Withdraw the declaration").click()
        page.get_by_text("The declaration has been withdrawn").wait_for()
        mother.check("Declaration about recording meetings")
        page = mother.goto(f"/meetings/{world.meeting.pk}/", CONFERENCE)
        main = page.inner_text("main")
        assert "You can record" not in main
        assert "You withdrew your declaration" in main
        subjects = [str(m["Subject"]) for m in inbox.messages]
        assert "You have withdrawn your declaration about recording" in subjects
        assert any(s.startswith("Recording permission withdrawn") for s in subjects)
