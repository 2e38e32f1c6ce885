"""The chair finds someone recording without permission during the conference (Hackney 4;
Leeds e; Brent): raises it from meeting mode, ends the meeting, stays in meeting mode (issue
17) and opens the new incident from the log, is
refused when closing it with tasks still open, then follows it through its tasks to legal
advice and closes it. Every page is checked with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest

from onrecord.incidents.models import Incident
from onrecord.meetings.models import MeetingEvent
from tests.browser.conftest import Visitor
from tests.browser.journeys import (
    allowed_with_signed_declaration,
    press_in_meeting_mode,
    start_meeting_with,
)
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODE = "Meeting mode"
INCIDENT = "Covert recording discovered"


def press(visitor: Visitor, button: str, heading: str = MODE) -> Any:
    page = visitor.page
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    return visitor.check(heading)


def test_chair_raises_covert_recording_and_follows_it_to_closure(
    world: World, visitors: Any, live_server: Any
) -> None:
    allowed_with_signed_declaration(world)
    chair = visitors()
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(f"/meetings/{world.meeting.pk}/mode/", MODE)
    start_meeting_with(chair, ["Priya Shah", "Dana Whitfield", "Marcus Reid"])

    page.get_by_text("Someone is recording without permission").click()
    form = page.locator("#covert-recording")
    form.get_by_label("Who is recording").select_option(label="Marcus Reid")
    form.get_by_label("What happened").fill("A phone was recording in his jacket pocket.")
    # Nothing chosen for what the chair did: refused, what was typed kept, nothing written.
    press_in_meeting_mode(
        chair, "Log it and open an incident about someone recording without permission", within=form
    )
    assert "Say what you did" in page.locator("#meeting-screen").get_by_role("alert").inner_text()
    assert not Incident.objects.exists()
    assert form.get_by_label("What happened").input_value().startswith("A phone")
    form.get_by_label("Ended the meeting").check()
    press_in_meeting_mode(
        chair, "Log it and open an incident about someone recording without permission", within=form
    )
    assert "the meeting ended" in page.locator("#meeting-said").inner_text()
    with page.expect_navigation():
        page.locator("#log-table").get_by_role("link", name="the incident").click()
    chair.check(INCIDENT)
    summary = page.locator(".govuk-summary-list").first.inner_text()
    assert "Marcus Reid was recording the meeting without permission" in summary
    assert "Ended the meeting" in summary
    incident = Incident.objects.get()
    assert incident.meeting == world.meeting
    kinds = list(MeetingEvent.objects.filter(meeting=world.meeting).values_list("kind", flat=True))
    assert kinds[-2:] == ["covert_recording", "meeting_ended"]

    # Closing with tasks still open is refused, with a clear error.
    page.get_by_label("Outcome").fill("Dealt with.")
    press(chair, "Close the incident", INCIDENT)
    error = page.locator(".govuk-error-summary").inner_text()
    assert "This incident cannot be closed: tasks still open" in error
    assert "Inform the local authority" in error

    # The chair raised it, so informing the chair is already done (Leeds e); each other task,
    # then legal advice asked for and answered.
    informed = incident.tasks.get(code="inform_chair")
    assert informed.is_done
    assert informed.owner == world.users["chair"]
    assert (
        "The chair raised it, so already knew." in page.locator(f"#task-{informed.pk}").inner_text()
    )
    for task in incident.tasks.filter(done_at__isnull=True).order_by("due_on", "id"):
        card = page.locator(f"#task-{task.pk}")
        card.get_by_label(re.compile("^What was done")).fill(f"Done: {task.title}")
        with page.expect_navigation():
            card.get_by_role("button", name=re.compile("^Mark as done")).click()
        chair.check(INCIDENT)
        assert "Done" in page.locator(f"#task-{task.pk}").inner_text()
    page.get_by_text("Ask for legal advice").click()
    page.get_by_label("What advice is needed").fill("Can we require the recording be deleted?")
    press(chair, "Record the request", INCIDENT)
    page.locator("#legal ~ .govuk-inset-text").get_by_label("The advice given").fill(
        "Ask for deletion in writing; no further action unless it is shared."
    )
    press(chair, "Record the advice", INCIDENT)
    assert "Ask for deletion in writing" in page.locator("main").inner_text()

    page.get_by_label("Outcome").fill("Recording deleted in front of the social worker.")
    press(chair, "Close the incident", INCIDENT)
    assert "Closed" in page.locator("main .govuk-tag").first.inner_text()
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED

    # Back on the meeting screen: the log links to the incident.
    chair.goto(f"/meetings/{world.meeting.pk}/mode/", MODE)
    log = page.locator("#log-table").inner_text()
    assert "Someone was recording without permission: Marcus Reid; the chair ended" in log
    assert (
        "Meeting ended (someone was recording without permission (London Borough of Hackney, "
        "4 Expectations))"
    ) in log
    with page.expect_navigation():
        page.locator("#log-table").get_by_role("link", name="the incident").click()
    chair.check(INCIDENT)
