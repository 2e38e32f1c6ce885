"""Hackney 3, in a real browser (issues 4 and 6): Dana, on her phone at 320 px, uploads her own
recording of the conference to her children's record through the GOV.UK file upload; the chair
then opens it in the player and listens. Every page passes axe-core."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.vault.models import Recording
from tests.browser.conftest import Visitor
from tests.browser.journeys import CONFERENCE, open_conference
from tests.support.personas import World
from tests.vault import audio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mother_uploads_her_recording_and_the_chair_listens(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    data = audio.wav(seconds=3.0)

    mother = visitors(phone=True)
    open_conference(mother, world, "mother")
    page = mother.page
    page.get_by_role("link", name="Upload your recording").click()
    mother.check("Upload your recording")
    # Nothing chosen: a GOV.UK error, linked from the summary.
    page.get_by_role("button", name="Upload recording").click()
    mother.check("Upload your recording")
    summary = page.locator(".govuk-error-summary")
    assert "Select your recording" in summary.inner_text()
    page.get_by_label("Your recording").set_input_files(
        files=[{"name": "conference.wav", "mimeType": "audio/wav", "buffer": data}]
    )
    page.get_by_role("button", name="Upload recording").click()
    mother.check(CONFERENCE)
    assert "Your recording has been added to the record" in page.get_by_role("alert").inner_text()
    assert "Dana Whitfield’s recording" in page.locator("#recordings + table").inner_text()

    recording = Recording.objects.get()
    assert recording.sha256 == hashlib.sha256(data).hexdigest()
    assert recording.provided_by == world.users["mother"]

    chair = visitors()
    open_conference(chair, world, "chair")
    chair.page.locator("#recordings + table").get_by_role(
        "link", name="Dana Whitfield’s recording"
    ).click()
    chair.check("Dana Whitfield’s recording")
    player = chair.page.locator("audio")
    assert player.get_attribute("controls") is not None
    # Listen: the browser fetches the audio with range requests; one playback, one entry.
    chair.page.evaluate("document.querySelector('audio').muted = true")
    chair.page.evaluate("document.querySelector('audio').play()")
    chair.page.wait_for_function("document.querySelector('audio').currentTime > 0.2")
    chair.page.evaluate("document.querySelector('audio').currentTime = 2.0")
    chair.page.wait_for_function("document.querySelector('audio').currentTime > 2.1")
    plays = AuditEvent.objects.filter(
        action="vault.open", object_id=str(recording.pk), detail__purpose="play"
    )
    assert [e.actor_username for e in plays] == ["priya.shah"]
