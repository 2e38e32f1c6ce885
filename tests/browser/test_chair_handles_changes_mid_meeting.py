"""Changes in the room, on the chair's screen (issue 5), under Hertfordshire's process (issue 17:
the council's own rules): someone not on the attendee list joins and is added, which pauses the
recording and asks everyone again (Hertfordshire 2.11); that friend records against the parents'
wishes, will not stop, and is asked to leave, which opens an incident with its follow-up; a
father asks to record during the meeting, the recording stops and his request goes to be
decided. A refused form keeps what was typed. Every page is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord.cases.models import Person
from onrecord.incidents.models import Incident
from onrecord.recording_requests.models import RecordingRequest
from tests.browser.conftest import Visitor
from tests.browser.journeys import (
    allowed_with_signed_declaration,
    press_in_meeting_mode,
    start_meeting_with,
)
from tests.meetings.rules import room_under
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODE = "Meeting mode"
INCIDENT = "Friend or relative recording against the parents' wishes"


def press(visitor: Visitor, button: str) -> Any:
    return press_in_meeting_mode(visitor, button)


def test_chair_handles_a_new_person_a_friend_recording_and_a_late_request(
    world: World, visitors: Any, live_server: Any
) -> None:
    allowed_with_signed_declaration(world)
    room_under(world, "hertfordshire")
    chair = visitors()
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(f"/meetings/{world.meeting.pk}/mode/", MODE)
    start_meeting_with(chair, ["Priya Shah", "Dana Whitfield"])
    press(chair, "Everyone present agrees")
    press(chair, "Start the parent’s recording")

    # Someone not on the list: refused without a role, what was typed is kept; then added.
    page.get_by_text("Someone not on the list has joined").click()
    form = page.locator("#add-attendee")
    form.get_by_label("Full name").fill("Kerry Lowe")
    form.get_by_label("Friend of the family or supporter").check()
    press(chair, "Add them and mark as here")
    assert (
        "Say what their role is"
        in page.locator("#meeting-screen").get_by_role("alert").inner_text()
    )
    assert not Person.objects.filter(full_name="Kerry Lowe").exists()
    assert form.get_by_label("Full name").input_value() == "Kerry Lowe"
    form.get_by_label("Their role at this meeting").fill("Supporter")
    press(chair, "Add them and mark as here")
    assert "Stop and ask again" in page.locator("#stop-and-ask").inner_text()
    assert "Kerry Lowe" in page.locator("#stop-and-ask").inner_text()
    assert "Paused" in page.locator("#recording-status").inner_text()
    assert "Kerry Lowe" in page.locator("#attendee-table").inner_text()
    press(chair, "Everyone present agrees: resume the parent’s recording")

    # Kerry records on her own phone against the parents' wishes and will not stop.
    page.get_by_text("A friend or relative is recording against the parents’ wishes").click()
    form = page.locator("#friend-recording")
    form.get_by_label("Who is recording").select_option(label="Kerry Lowe")
    form.get_by_label("What happened").fill("Filming on her phone; Dana and Marcus said no.")
    form.get_by_label("Halted the meeting and asked them to leave").check()
    press(chair, "Log it and open an incident about a friend or relative recording")
    # The chair stays in the meeting (issue 17); the log links to the incident.
    assert "Kerry Lowe left" in page.locator("#meeting-said").inner_text()
    with page.expect_navigation():
        page.locator("#log-table").get_by_role("link", name="the incident").first.click()
    chair.check(INCIDENT)
    main = page.locator("main").inner_text()
    assert "Consider whether the recording puts the child at risk of further harm" in main
    assert "Seek legal advice if some recording took place" in main
    incident = Incident.objects.get()
    assert incident.kind == "friend_recording"

    # Back in the meeting, Marcus arrives and asks to record.
    chair.goto(f"/meetings/{world.meeting.pk}/mode/", MODE)
    assert "Left" in page.locator("#attendee-table tr", has_text="Kerry Lowe").inner_text()
    press(chair, "Arrived – Marcus Reid")
    form = page.locator("form", has=page.get_by_label("Who asked"))
    form.get_by_label("Who asked").select_option(label="Marcus Reid")
    form.get_by_label("Sound only (audio)").check()
    form.get_by_label("To use in court").check()
    press(chair, "Note the request and stop")
    assert "Marcus Reid asked to record" in page.locator("#meeting-said").inner_text()
    assert "Stop and ask again" in page.locator("#stop-and-ask").inner_text()
    made = RecordingRequest.objects.get(requester__full_name="Marcus Reid")
    assert made.timing == RecordingRequest.Timing.MID_MEETING
    with page.expect_navigation():
        page.get_by_role("link", name="Marcus Reid’s request to record").click()
    chair.check("Marcus Reid’s request to record")
