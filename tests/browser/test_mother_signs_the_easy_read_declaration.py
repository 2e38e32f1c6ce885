"""Easy read, the whole way (issue 12): Dana's recording is allowed and the worker has signed
the declaration (set up through the services layer); on her phone (320 px) Dana opens the
easy-read version, sees a picture with alt text beside or above each idea, and signs from it.
Every page is checked with axe-core and for reflow at 320 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from onrecord.recording_requests import services
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.declaration_text import EASY_READ, EASY_READ_CHOICES
from onrecord.recording_requests.models import Declaration
from tests.browser.conftest import Visitor
from tests.browser.journeys import jade_agrees, requested
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _waiting_for_dana(world: World) -> Declaration:
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
    return services.prepare_declaration(
        made,
        world.users["social_worker"],
        worker_position="Social worker",
        worker_signed_name="Tom Bennett",
    )


def test_mother_signs_from_easy_read_on_her_phone(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    declaration = _waiting_for_dana(world)
    mother = visitors(phone=True)
    mother.already_signed_in(world.users["mother"])
    mother.goto(
        reverse("declaration_detail", args=[declaration.pk]),
        "Declaration about recording meetings",
    )
    mother.page.get_by_role("link", name="Read this in easy read").click()
    page = mother.check("Recording meetings")

    for point in EASY_READ:
        picture = page.get_by_role("img", name=point.alt, exact=True)
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), point.alt
        text = page.get_by_text(point.lines[0], exact=True)
        # At 320 px the picture sits above its text, never squeezed off the side.
        picture_box, text_box = picture.bounding_box(), text.bounding_box()
        assert picture_box["y"] + picture_box["height"] <= text_box["y"] + 1, point.alt
        assert picture_box["width"] >= 90, point.alt

    page.get_by_label(EASY_READ_CHOICES["agree"]).check()
    page.get_by_label("This agreement stays until I say I want to stop it.").check()
    page.get_by_label("Type your full name to sign").fill("Dana Whitfield")
    page.get_by_role("button", name="Sign").click()
    page.get_by_text("You have signed").wait_for()
    mother.check("Declaration about recording meetings")

    declaration.refresh_from_db()
    assert declaration.in_force
    assert declaration.signed_version == "easy_read"
    assert EASY_READ_CHOICES["agree"] in declaration.signed_text
