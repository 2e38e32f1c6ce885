"""Hackney, the whole journey (issue 4): the mother asks to record the conference; the school
nurse objects through the link emailed to her; Jade (looked after, Gillick competent) agrees in
person to her social worker, as Hackney 3 requires; the chair confirms the policy's decision
(allowed, the nurse's objection noted); the worker and the mother sign the declaration; the
chair sees the conference is ready to record."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.browser.conftest import Visitor
from tests.browser.journeys import (
    CONFERENCE,
    ask_to_record,
    decide,
    open_conference,
    open_request,
    record_view_in_person,
    sign_in_to_conference,
    view_link_sent_to,
)
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NURSE_REASON = "I visit the family at home and do not want my voice shared"


def test_mother_records_the_conference_with_the_nurse_objecting(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    # Dana asks, on her phone.
    mother = visitors(phone=True)
    sign_in_to_conference(mother, "dana.whitfield")
    ask_to_record(mother)

    # The school nurse objects, through the link in the email she was sent (no sign-in).
    nurse = visitors(phone=True)
    nurse.goto(view_link_sent_to(world, "nurse"), "Your view on recording the meeting")
    assert (
        "Dana Whitfield has asked to record this meeting" in nurse.page.locator("main").inner_text()
    )
    nurse.page.get_by_label("I object to it being recorded").check()
    nurse.page.get_by_label("Tell us why (optional)").fill(NURSE_REASON)
    nurse.page.get_by_role("button", name="Send my view").click()
    nurse.check("Thank you")

    # Jade tells her social worker in person that she agrees.
    worker = visitors()
    open_conference(worker, world, "social_worker")
    open_request(worker, "Dana Whitfield")
    request_path = re.sub(r"^https?://[^/]+|#.*$", "", worker.page.url)
    record_view_in_person(worker, "Jade Whitfield", "agree to it being recorded", "Mum forgets")
    views = worker.page.locator("#views + table").inner_text()
    assert re.search(r"Amira Hassan.*\n?.*Objects", views)
    assert NURSE_REASON in views

    # The chair decides: Hackney makes it "allowed", the nurse's objection noted (Hackney 3).
    chair = visitors()
    open_conference(chair, world, "chair")
    assert "Ready to record" not in chair.page.locator("main").inner_text()
    open_request(chair, "Dana Whitfield")
    policy = decide(chair, "Hackney's guidance allows it; Jade agrees. The objection is noted.")
    assert "The policy makes this decision: Allowed" in policy
    assert "Amira Hassan objected to the recording. The objection is noted" in policy
    assert "HX-PROFESSIONAL-OBJECTION-NOTED" in policy
    assert "HX-CHILD-HAS-NOT-AGREED" not in policy
    banner = chair.page.get_by_role("region", name="Decision").inner_text()
    assert "Allowed by Priya Shah" in banner
    assert f"Disagreement noted: Amira Hassan objected: {NURSE_REASON}" in banner

    # The worker signs the declaration first (Hackney appendix) …
    worker.goto(request_path, "Dana Whitfield’s request to record")
    worker.page.get_by_role("link", name="Prepare the declaration").click()
    worker.check("Declaration about recording meetings")
    worker.page.get_by_label("I have discussed the expectations").check()
    worker.page.get_by_label("Type your full name to sign").fill("Tom Bennett")
    worker.page.get_by_role("button", name="Sign as the worker").click()
    worker.page.get_by_text("Waiting for Dana Whitfield to sign").wait_for()
    worker.check("Declaration about recording meetings")

    # … then Dana, on her phone.
    mother.page.get_by_role("link", name="Back to the meeting").click()
    mother.check(CONFERENCE)
    panel = mother.page.locator("main").inner_text()
    assert "You are allowed to record. Sign the declaration before you record." in panel
    assert "waiting for me to sign" in panel
    # Once allowed, the primary button is signing the declaration (issue 12).
    mother.page.locator("#recording ~ a.govuk-button", has_text="Sign the declaration").click()
    mother.check("Sign the declaration")
    mother.page.get_by_label("I agree to abide by these expectations").check()
    mother.page.get_by_label("I understand that the declaration").check()
    mother.page.get_by_label("Type your full name to sign").fill("Dana Whitfield")
    mother.page.get_by_role("button", name="Sign").click()
    mother.page.get_by_text("Signed and in place").wait_for()
    mother.check("Declaration about recording meetings")

    # The chair sees the conference is ready to record.
    chair.page.get_by_role("link", name="Back to the meeting").click()
    chair.check(CONFERENCE)
    row = chair.page.locator("#recording ~ table tr", has_text="Dana Whitfield").inner_text()
    assert "Ready to record" in row
    assert "declaration signed" in row
