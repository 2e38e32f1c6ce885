"""Steps shared by the whole-journey browser tests (issue 4). Each step leaves the person's
browser on a checked page (see `Visitor` in conftest.py)."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.urls import reverse

from onrecord.cases.models import Person
from onrecord.recording_requests import services
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.models import Declaration, RecordingRequest, View
from tests.browser.conftest import Visitor
from tests.support.personas import PASSWORD, World

CONFERENCE = "Initial child protection conference"
LINK_PATH = re.compile(r"/link/[^/\s]+/")


def sign_in_to_conference(visitor: Visitor, username: str) -> None:
    """Sign in through the form and open the demo conference from the home page."""
    visitor.sign_in(username, PASSWORD)
    visitor.page.get_by_role("link", name=CONFERENCE).click()
    visitor.check(CONFERENCE)


def open_conference(visitor: Visitor, world: World, persona: str) -> None:
    """Someone already signed in (a session, without the sign-in page: that journey is
    covered once, in the Hackney test) opens the demo conference's page."""
    visitor.already_signed_in(world.users[persona])
    visitor.goto(reverse("meeting_detail", args=[world.meeting.pk]), CONFERENCE)


def ask_to_record(visitor: Visitor, *, purpose: str = "To help me remember what was said") -> None:
    """From the meeting page, the family member answers the three questions and sends it."""
    page = visitor.page
    page.get_by_role("link", name="Ask to record this meeting").click()
    visitor.check("Ask to record a meeting")
    page.get_by_role("button", name="Start now").click()
    visitor.check("How do you want to record the meeting?")
    page.get_by_label("Sound only (audio)").check()
    page.get_by_role("button", name="Continue").click()
    visitor.check("Why do you want to record the meeting?")
    page.get_by_label(purpose).check()
    page.get_by_role("button", name="Continue").click()
    visitor.check("Is there anything that would help you take part in the meeting?")
    page.get_by_role("button", name="Continue").click()
    visitor.check("Check your answers before asking")
    assert "Sound only (audio)" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("button", name="Send request").click()
    visitor.check("Request sent")


def open_request(visitor: Visitor, requester: str) -> None:
    """Staff on the meeting page open a request from the Recording panel."""
    visitor.page.locator("#recording ~ table").get_by_role("link", name=requester).click()
    visitor.check(f"{requester}’s request to record")


def record_view_in_person(visitor: Visitor, who: str, stance: str, reason: str) -> None:
    """Staff on the request page write down a view given to them in person. `stance` is the
    radio's label: 'agree to it being recorded', 'object to it being recorded'."""
    page = visitor.page
    page.get_by_text(f"Record a view given in person by {who}").click()
    form = page.locator("form", has=page.get_by_text(f"{who}’s view"))
    form.get_by_label(stance, exact=True).check()
    form.get_by_label("Their reason").fill(reason)
    form.get_by_role("button", name="Save view").click()
    page.wait_for_url(re.compile("#views$"))
    visitor.check(re.compile("’s request to record$"))
    assert f"{who}'s view has been recorded" in page.get_by_role("alert").inner_text()


def view_link_sent_to(world: World, who: str) -> str:
    """The path of the view link in the latest email to this person (world persona name)."""
    address = world.users[who].email
    message = [m for m in mail.outbox if address in m.to][-1]
    match = LINK_PATH.search(str(message.body))
    assert match, message.body
    return match.group(0)


def decide(visitor: Visitor, reason: str) -> str:
    """The decision-maker on the request page opens the decide page, reads the policy's
    decision, confirms it (a mandatory outcome) and comes back to the request page. Returns the
    decide page's text as it was before confirming."""
    page = visitor.page
    page.get_by_role("link", name="Decide on this request").click()
    visitor.check("Decide on the request to record")
    text: str = page.locator("main").inner_text()
    page.get_by_label("Your reasons, in plain English for the family").fill(reason)
    page.get_by_role("button", name="Confirm the decision").click()
    page.wait_for_url(re.compile(r"/requests/[^/]+/$"))
    visitor.check(re.compile("’s request to record$"))
    return text


def requested(world: World, requester: str = "Dana Whitfield") -> RecordingRequest:
    """A request to record the demo conference, made through the services layer (for journeys
    that are about what happens afterwards)."""
    return services.submit_request(
        world.meeting,
        Person.objects.get(full_name=requester),
        medium="audio",
        purposes=["memory_aid"],
        channel=RecordingRequest.Channel.SIGNED_IN,
    )


def jade_agrees(world: World, made: RecordingRequest) -> None:
    """Jade's agreement, written down by her social worker (Hackney 3)."""
    services.record_view(
        made,
        Person.objects.get(full_name="Jade Whitfield"),
        View.Stance.AGREES,
        recorded_by=world.users["social_worker"],
    )


def allowed_with_signed_declaration(world: World) -> Declaration:
    """Dana's request allowed by the chair and the declaration signed by the worker and Dana,
    through the services layer: the conference is ready to record."""
    made = requested(world)
    jade_agrees(world, made)
    record_decision(
        made,
        world.users["chair"],
        outcome="allowed",
        reason="Allowed under Hackney's guidance.",
        engine=policy_decision(made),
    )
    made.refresh_from_db()
    declaration = services.prepare_declaration(
        made,
        world.users["social_worker"],
        worker_position="Social worker",
        worker_signed_name="Tom Bennett",
    )
    return services.sign_declaration(
        declaration,
        choice=Declaration.Choice.AGREE,
        understands_until_revoked=True,
        signed_name="Dana Whitfield",
        signed_by=world.users["mother"],
    )


MEETING_MODE = "Meeting mode"


def press_in_meeting_mode(visitor: Visitor, button: str, *, within: Any = None) -> Any:
    """Press a button on the meeting-mode screen: htmx posts it and swaps the screen in place
    (no navigation), so wait for the answer and for htmx to finish, then check the screen."""
    page = visitor.page
    target = (within or page).get_by_role("button", name=button, exact=True)
    with page.expect_response(lambda response: response.request.method == "POST"):
        target.click()
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    return visitor.check(MEETING_MODE)


def start_meeting_with(visitor: Visitor, here: list[str]) -> Any:
    """Meeting mode before the start: everyone on the list is ticked as here; untick the rest,
    then start the meeting (one press)."""
    page = visitor.page
    for box in page.locator("input[name=here]").all():
        label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        if not any(label.startswith(name) for name in here):
            box.uncheck()
    return press_in_meeting_mode(visitor, "Start the meeting")
