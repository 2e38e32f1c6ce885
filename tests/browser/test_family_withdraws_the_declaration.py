"""The declaration withdrawn, the whole journey (issue 4): Dana's recording of the conference
was allowed and her declaration signed (set up through the services layer); she withdraws the
declaration on her phone; the chair's meeting page no longer shows the conference as ready to
record; Dana asks again, and the policy's decision on the new request is refused until she
signs a new declaration (HX-DECLARATION-REVOKED, Hackney appendix)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from tests.browser.conftest import Visitor
from tests.browser.journeys import (
    CONFERENCE,
    allowed_with_signed_declaration,
    ask_to_record,
    open_conference,
)
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_withdrawn_declaration_stops_recording_until_a_new_one(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    allowed_with_signed_declaration(world)
    chair = visitors()
    open_conference(chair, world, "chair")
    assert "Ready to record" in chair.page.locator("#recording ~ table").inner_text()

    # Dana withdraws her declaration.
    mother = visitors(phone=True)
    open_conference(mother, world, "mother")
    mother.page.get_by_role("link", name="My declaration about recording").click()
    mother.check("Declaration about recording meetings")
    mother.page.get_by_role("link", name="Withdraw the declaration").click()
    mother.check("Withdraw your declaration")
    mother.page.get_by_label("Tell us why (optional)").fill("I have changed my mind")
    mother.page.get_by_label("I want to withdraw my declaration").check()
    mother.page.get_by_role("button", name="Withdraw the declaration").click()
    mother.page.get_by_text("The declaration has been withdrawn").wait_for()
    mother.check("Declaration about recording meetings")
    assert "Reason given: I have changed my mind" in mother.page.inner_text("main")

    # The chair's meeting page no longer shows it as ready.
    chair.page.reload()
    chair.check(CONFERENCE)
    row = chair.page.locator("#recording ~ table tr", has_text="Dana Whitfield").inner_text()
    assert "Ready to record" not in row
    assert "Declaration withdrawn" in row

    # Dana asks again; the policy refuses while no new declaration is signed.
    mother.goto(reverse("meeting_detail", args=[world.meeting.pk]), CONFERENCE)
    main = mother.page.inner_text("main")
    assert "My declaration about recording (withdrawn)" in main
    assert "You can record" not in main
    ask_to_record(mother)

    chair.page.reload()
    chair.check(CONFERENCE)
    requests = chair.page.locator("#recording ~ table tbody tr")
    assert requests.count() == 2
    requests.last.get_by_role("link", name="Dana Whitfield").click()
    chair.check("Dana Whitfield’s request to record")
    chair.page.get_by_role("link", name="Decide on this request").click()
    chair.check("Decide on the request to record")
    policy = chair.page.inner_text("main")
    assert "The policy makes this decision: Refused" in policy
    assert "HX-DECLARATION-REVOKED" in policy
    assert "Dana Whitfield has withdrawn their declaration" in policy
