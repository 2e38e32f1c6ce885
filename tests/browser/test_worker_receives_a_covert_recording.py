"""A covert recording handed over (Family Justice Council guidance, May 2025): from the
incident, the social worker on her phone at 320 px uploads the recording Marcus's solicitor
sent, saying how it was obtained; once it has been compared with the council's own recording,
the player page shows who gave it, how it was obtained, and what of the meeting it lacks and
where it was cut. Every page passes axe-core."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from onrecord.incidents.services import open_incident
from onrecord.jobs import queue
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from onrecord.vault.models.provenance import Receipt
from tests.browser.conftest import Visitor
from tests.support.personas import World
from tests.vault.provenance.meeting_audio import MP3_8K, WAV, conference, encode, pieces

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPLOAD = "Upload a family member’s recording"


def test_worker_uploads_the_recording_handed_over_and_sees_where_it_fits(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    samples, rate = conference()
    ingest(
        io.BytesIO(encode(samples, rate, WAV)),
        meeting=world.meeting,
        kind=Recording.Kind.AUTHORITY,
        provided_by=world.users["chair"],
        original_filename="conference.wav",
    )
    incident = open_incident(
        world.case,
        kind="covert_recording",
        opened_by=world.users["social_worker"],
        discovered_by="Tom Bennett",
        discovered_at=timezone.now() - dt.timedelta(hours=1),
        description="Marcus said afterwards that he had recorded the conference on his phone.",
        meeting=world.meeting,
        chair_action="not_in_meeting",
    )
    copy = encode(pieces(samples, rate, (0.0, 40.5), (58.2, 100.0)), rate, MP3_8K)

    worker = visitors(phone=True)
    worker.already_signed_in(world.users["social_worker"])
    page = worker.goto(
        reverse("incident_detail", args=[incident.pk]), "Covert recording discovered"
    )
    page.get_by_role("link", name="upload the recording that was handed over").click()
    worker.check(UPLOAD)
    assert page.get_by_label("Handed over after a covert recording was found").is_checked()
    page.get_by_label("Marcus Reid").check()
    page.get_by_label("Another way").check()
    page.get_by_role("button", name="Upload recording").click()
    worker.check(UPLOAD)  # another way, but not said how: refused, nothing stored
    assert "Say how the recording was obtained" in page.locator(".govuk-error-summary").inner_text()
    assert not Recording.objects.filter(kind=Recording.Kind.PARENT_COPY).exists()

    page.get_by_label("Handed over after a covert recording was found").check()
    page.get_by_label("Who handed it over? (optional)").fill("Sam Patel, Marcus’s solicitor")
    page.get_by_label("The recording").set_input_files(
        files=[{"name": "voice-memo.mp3", "mimeType": "audio/mpeg", "buffer": copy}]
    )
    page.get_by_role("button", name="Upload recording").click()
    worker.check("Initial child protection conference")

    receipt = Receipt.objects.get()
    assert receipt.obtained == Receipt.Obtained.COVERT_FOUND
    assert receipt.given_by == "Sam Patel, Marcus’s solicitor"
    job = queue.run_one("test-worker", kinds=["align_recording"])
    assert job is not None

    page = worker.goto(
        reverse("recording_player", args=[receipt.recording_id]), "Marcus Reid’s recording"
    )
    panel = page.locator("#provenance ~ dl").first.inner_text()
    assert "Sam Patel, Marcus’s solicitor" in panel
    assert "Handed over after a covert recording was found" in panel
    text = page.locator("main").inner_text()
    assert "Placed on the timeline of the council’s recording" in text.replace("'", "’")
    assert "(0:18 long) of the meeting is not in it." in text
    assert "jumps forward" in text
