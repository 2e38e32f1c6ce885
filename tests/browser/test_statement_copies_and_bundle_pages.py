"""The recording's own pages, in headless Chromium with axe on each: the chair corrects the
explanatory statement (a mistake named on the field first) and approves it; legal staff ask for
a redacted copy (a bad part named first) and then download a disclosure bundle that verifies.
The chair's correction page is also checked at phone width."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse

from onrecord.disclosure.statement import current_statement
from onrecord.disclosure.verify import verify_bundle
from onrecord.jobs.models import Job
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from tests.browser.conftest import Visitor
from tests.support.personas import World
from tests.vault import audio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _recording(world: World) -> Recording:
    return ingest(
        io.BytesIO(audio.wav(2.0)),
        meeting=world.meeting,
        kind=Recording.Kind.AUTHORITY,
        provided_by=world.users["chair"],
        original_filename="conference.wav",
    )


def test_statement_copy_and_bundle(
    world: World, visitors: Callable[..., Visitor], tmp_path: Path
) -> None:
    recording = _recording(world)
    player = reverse("recording_player", args=[recording.pk])

    chair = visitors(phone=True)
    chair.already_signed_in(world.users["chair"])
    chair.goto(player, re.compile("Local authority recording"))
    chair.page.get_by_role("link", name="Correct the statement").click()
    chair.check("Correct the explanatory statement")
    chair.page.get_by_label("Where the meeting was held").fill("Civic Centre, Room 4.02")
    chair.page.get_by_label("Started at").fill("25:00")
    chair.page.get_by_label("Why you are correcting it").fill("The room was moved on the day")
    chair.page.get_by_role("button", name="Save correction").click()
    chair.check("Correct the explanatory statement")
    assert "Enter the time the meeting started like 10:00" in chair.page.inner_text("main")
    chair.page.get_by_label("Started at").fill("10:02")
    chair.page.get_by_role("button", name="Save correction").click()
    chair.check(re.compile("Local authority recording"))
    chair.page.get_by_role("link", name="approve it").click()
    chair.check("Approve the explanatory statement")
    chair.page.get_by_label("I have checked this statement and it is accurate").check()
    chair.page.get_by_role("button", name="Approve statement").click()
    chair.check(re.compile("Local authority recording"))
    statement = current_statement(recording)
    assert statement.approved
    assert statement.content["where"] == "Civic Centre, Room 4.02"

    legal = visitors()
    legal.already_signed_in(world.users["legal"])
    legal.goto(player, re.compile("Local authority recording"))
    legal.page.get_by_role("link", name="Make a redacted copy").click()
    legal.check("Make a redacted copy")
    legal.page.get_by_label("Parts to silence").fill("0:01-0:09 a neighbour's name")
    legal.page.get_by_label("Why is the copy being made?").fill("SAR-2025-114")
    legal.page.get_by_role("button", name="Make the redacted copy").click()
    legal.check("Make a redacted copy")
    assert "the recording is only 0:02 long" in legal.page.inner_text("main")
    legal.page.get_by_label("Parts to silence").fill("0:00.5-0:01 a neighbour's name")
    legal.page.get_by_role("button", name="Make the redacted copy").click()
    legal.check(re.compile("Local authority recording"))
    assert "being made" in legal.page.inner_text("#copies ~ p")
    assert Job.objects.filter(kind="derive_recording").count() == 1

    legal.page.get_by_role("link", name="Make a disclosure bundle").click()
    legal.check("Make a disclosure bundle")
    legal.page.get_by_label("Why are you making this bundle?").fill("Court's directions, 3 March")
    legal.page.get_by_label(re.compile("I understand the bundle holds")).check()
    with legal.page.expect_download() as download:
        legal.page.get_by_role("button", name="Make and download the bundle").click()
    saved = tmp_path / "bundle.zip"
    download.value.save_as(saved)
    assert verify_bundle(saved).ok
