"""Meeting mode's screen through htmx (issue 17): an htmx request gets the screen alone and
what was logged for the live region, a refusal comes back as the screen with its error (400),
the bulk actions are for the chair and allocated staff of this case's authority only (every
persona), htmx's posts carry and need the CSRF token, and after the end attendance shows when
each person arrived and left."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from onrecord.meetings.models import MeetingEvent
from tests.browser.journeys import allowed_with_signed_declaration
from tests.meetings.rules import room_under
from tests.meetings.test_bulk_actions import HERE, ids
from tests.support.personas import World

HTMX = {"HTTP_HX_REQUEST": "true"}


def act_url(world: World) -> str:
    return reverse("meeting_act", args=[world.meeting.pk])


def start_with(world: World, client: Client, names: list[str], **extra: str) -> object:
    return client.post(
        act_url(world),
        {"action": "start_with_here", "here": [str(i) for i in ids(world, names)]},
        **extra,  # type: ignore[arg-type]
    )


def test_an_htmx_action_gets_the_screen_alone_and_the_announcement(world: World) -> None:
    response = start_with(world, world.client_for("chair"), HERE, **HTMX)
    assert response.status_code == 200  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "<html" not in page
    assert page.count('id="meeting-screen"') == 1
    said = re.search(r'<div id="meeting-said" hx-swap-oob="innerHTML">(.*?)</div>\s*$', page, re.S)
    assert said is not None
    assert "Logged at" in said.group(1)
    assert "Meeting started" in said.group(1)
    assert MeetingEvent.objects.filter(kind="meeting_started").count() == 1


def test_without_htmx_the_action_redirects_to_the_screen(world: World) -> None:
    client = world.client_for("chair")
    response = start_with(world, client, HERE)
    assert response.status_code == 302  # type: ignore[attr-defined]
    page = client.get(reverse("meeting_mode", args=[world.meeting.pk])).content.decode()
    assert "<html" in page
    assert "Logged at" in page


def test_a_refusal_is_the_screen_with_its_error(world: World) -> None:
    client = world.client_for("chair")
    response = client.post(act_url(world), {"action": "everyone_agrees"}, **HTMX)  # type: ignore[arg-type]
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" not in page
    assert "Nobody is marked as here yet" in page
    assert 'id="meeting-error-summary"' in page
    assert not MeetingEvent.objects.exists()
    bad = client.post(act_url(world), {"action": "here", "here": ["x"]}, **HTMX)  # type: ignore[arg-type]
    assert bad.status_code == 400
    assert "is not on this meeting" in bad.content.decode()
    assert not MeetingEvent.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("chair", 200),
        ("social_worker", 200),
        ("legal", 200),
        ("mother", 403),
        ("father_of_jade", 403),
        ("nurse", 403),
        ("outsider", 404),
        ("other_authority", 404),
        ("other_family", 404),
        ("admin", 404),
    ],
)
def test_who_may_use_the_bulk_actions(world: World, persona: str, status: int) -> None:
    client = world.client_for(persona)
    response = start_with(world, client, HERE, **HTMX)
    assert response.status_code == status  # type: ignore[attr-defined]
    agreed = client.post(act_url(world), {"action": "everyone_agrees"}, **HTMX)  # type: ignore[arg-type]
    assert agreed.status_code == status
    assert MeetingEvent.objects.exists() is (status == 200)


def test_an_htmx_post_without_the_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["chair"])
    forged = start_with(world, client, HERE, **HTMX)
    assert forged.status_code == 403  # type: ignore[attr-defined]
    assert not MeetingEvent.objects.exists()
    page = client.get(reverse("meeting_mode", args=[world.meeting.pk])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    sent = client.post(
        act_url(world),
        {"action": "start_with_here", "here": [str(ids(world, HERE)[0])],
         "csrfmiddlewaretoken": token.group(1)},
        **HTMX,  # type: ignore[arg-type]
    )  # fmt: skip
    assert sent.status_code == 200
    assert MeetingEvent.objects.filter(kind="meeting_started").exists()


def test_after_the_end_attendance_shows_arrival_and_leaving(world: World) -> None:
    client = world.client_for("chair")
    start_with(world, client, HERE)
    client.post(act_url(world), {"action": "end"})
    page = client.get(reverse("meeting_mode", args=[world.meeting.pk])).content.decode()
    table = page[
        page.index('id="attendee-table"') : page.index(
            "</table>", page.index('id="attendee-table"')
        )
    ]
    assert table.count("Arrived ") == len(HERE)
    assert table.count("Left ") == len(HERE)
    assert table.count("Not arrived") == 7 - len(HERE)


def test_moving_past_the_paused_item_prompts_to_resume(world: World) -> None:
    room_under(world, "leeds")  # (d): the sensitive item pauses the recording
    allowed_with_signed_declaration(world)
    client = world.client_for("chair")
    start_with(world, client, HERE)
    client.post(act_url(world), {"action": "everyone_agrees"})
    client.post(act_url(world), {"action": "record"})
    items = {i.position: i.pk for i in world.meeting.agenda_items.all()}
    on_health = client.post(act_url(world), {"action": "item", "item": items[3]}, **HTMX)  # type: ignore[arg-type]
    page = on_health.content.decode()
    # On the sensitive item: no plain resume, and moving on offers to resume with it.
    assert "Resume the parent’s recording</button>" not in page
    assert "Next: item 4 and resume the parent’s recording" in page
    moved = client.post(act_url(world), {"action": "item", "item": items[4]}, **HTMX)  # type: ignore[arg-type]
    page = moved.content.decode()
    assert "still paused from an earlier item" in page
    assert "Resume the parent’s recording</button>" in page
