"""A parent whose request to record was refused says, in the meeting, that she will record
anyway (Leeds, 001_faf809ee2c83eecf.txt, "What should practitioners do if they believe that ...
the child would be placed at risk of further harm"). The chair, in meeting mode, opens "A parent
who was refused says they will record anyway", chooses Dana, excludes her (a care order is in
force, so exclusion is offered), says she had already recorded some of the meeting, and logs it:
the screen says so, the meeting log shows it, and the case timeline shows the decision and who
on the case was told (the social worker, the team manager and, as some was recorded, the legal
officer), whose messages left through the notification port. On a 320 px phone and on a
desktop, with axe-core on every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onrecord.cases.models import Child
from onrecord.meetings.models import MeetingEvent
from onrecord.recording_requests import notifiers
from tests.browser.conftest import Visitor
from tests.browser.journeys import MEETING_MODE, press_in_meeting_mode, start_meeting_with
from tests.meetings.rules import room_under
from tests.meetings.test_parent_insists import refused
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUTTON = "Log your decision about a parent who insists on recording"


@pytest.fixture
def fake() -> Iterator[notifiers.FakeNotifier]:
    replacement = notifiers.FakeNotifier()
    notifiers.use(replacement)
    yield replacement
    notifiers.use(None)


def opened(page: Any, heading: str) -> str:
    """The timeline card under this heading, with its details opened: its text."""
    card = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name=heading))
    card.locator("summary").click()
    return str(card.inner_text())


@pytest.mark.parametrize("phone", [True, False], ids=["320px", "desktop"])
def test_chair_logs_that_a_refused_parent_insists(
    world: World, visitors: Any, live_server: Any, fake: notifiers.FakeNotifier, phone: bool
) -> None:
    room_under(world, "leeds")
    Child.objects.filter(case=world.case).update(court_order=Child.CourtOrder.CARE_ORDER)
    refused(world)  # Dana's request, refused by the chair under Leeds
    chair: Visitor = visitors(phone=phone)
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(f"/meetings/{world.meeting.pk}/mode/", MEETING_MODE)
    start_meeting_with(chair, ["Priya Shah", "Tom Bennett", "Dana Whitfield"])

    page.get_by_text("A parent who was refused says they will record anyway").click()
    form = page.locator("#parent-insists")
    assert "What should practitioners do if they believe" in form.inner_text()
    form.get_by_label("Who").select_option(label="Dana Whitfield")
    form.get_by_label("Excluded them from the meeting, which went ahead without them").check()
    form.get_by_label("They had already recorded some of the meeting").check()
    press_in_meeting_mode(chair, BUTTON)

    said = page.locator("#meeting-said").inner_text()
    assert "Dana Whitfield said they will record anyway; they left the meeting" in said
    assert "the staff on the case are told by email" in said
    log = page.locator("#log-table").inner_text()
    assert "Said they will record anyway, after being refused: Dana Whitfield" in log
    assert "they had already recorded some of the meeting" in log
    assert "Left" in page.locator("#attendee-table tr", has_text="Dana Whitfield").inner_text()
    assert MeetingEvent.objects.filter(meeting=world.meeting, kind="parent_insists").exists()

    # The case timeline: the decision, and who on the case was told.
    chair.goto(f"/cases/{world.case.pk}/timeline/", "Timeline")
    decision = opened(page, "Dana Whitfield insisted on recording after being refused")
    assert "excluded them from the meeting" in decision
    assert "had already recorded some of the meeting" in decision
    told = opened(page, "Dana Whitfield insists on recording after being refused")
    assert "to Grace Owusu, Tom Bennett, Helen Ward" in told
    assert "Told by email: Grace Owusu, Tom Bennett, Helen Ward." in told
    chair.check("Timeline")  # with the details open
    about_it = [m for m in fake.sent if "insists on recording" in m.subject]
    assert sorted(m.to for m in about_it) == sorted(
        [
            world.users["social_worker"].email,
            world.users["team_manager"].email,
            world.users["legal"].email,
        ]
    )
