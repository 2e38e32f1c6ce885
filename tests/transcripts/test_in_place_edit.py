"""Correcting a passage in place on the transcript page (in_place.py, through htmx): the form
comes back in the passage's place, a saved correction redraws the text as a new version naming
who made it (version 1 never changed), and every refusal comes back as the form with a specific
error in the passage's place, saving nothing. Without htmx the same addresses fall back to the
correction page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.transcripts import services
from onrecord.transcripts.models import Transcript, TranscriptVersion
from onrecord.transcripts.words import MAX_SEGMENT_TEXT
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, transcribed

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def transcript(world: World, recording: Recording, engine: FakeEngine) -> Transcript:
    return transcribed(world, recording)


def _edit(transcript: Transcript, index: int) -> str:
    return reverse("transcript_passage_edit", args=[transcript.pk, index])


def _post(client: Client, transcript: Transcript, index: int, **fields: str) -> Any:
    number = index + 1
    data = {"speaker": str(index), "based_on": "1", "reason": ""} | fields
    return client.post(
        _edit(transcript, index), {f"p{number}-{k}": v for k, v in data.items()}, headers=HTMX
    )


def _versions(transcript: Transcript) -> int:
    return TranscriptVersion.objects.filter(transcript=transcript).count()


def test_edit_gives_the_passage_form_in_its_place_and_is_audited(
    world: World, transcript: Transcript
) -> None:
    before = AuditEvent.objects.filter(action="view").count()
    response = world.client_for("chair").get(_edit(transcript, 1), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="passage-2"' in html
    assert "Correct passage 2" in html
    # Its own field names, so two passages' forms never share an id.
    assert re.search(r'<textarea[^>]*name="p2-text"[^>]*data-tr-focus', html)
    assert "Thank you, I agree.</textarea>" in html
    assert 'name="p2-based_on" value="1"' in html
    assert 'hx-target="#transcript-editor"' in html
    assert "Cancel" in html
    assert reverse("transcript_passage_row", args=[transcript.pk, 1]) in html
    seen = AuditEvent.objects.filter(action="view").order_by("-seq").first()
    assert AuditEvent.objects.filter(action="view").count() == before + 1
    assert seen is not None
    assert seen.detail == {"page": "passage", "passage": 2, "in_place": True}


def test_save_redraws_the_text_as_a_new_version_and_keeps_the_original(
    world: World, transcript: Transcript
) -> None:
    original = list(TranscriptVersion.objects.get(transcript=transcript, number=1).words)
    response = _post(
        world.client_for("social_worker"),
        transcript,
        2,
        text="Jade is doing very well.",
        reason="misheard",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("{#") is False
    assert '<div id="transcript-editor"' in html
    assert (
        "Jade is doing very well."
        in html.replace("</span> <span", " ").replace('<span class="tr-word"', "")
        or "very" in html
    )
    assert "Corrected the words of passage 3. Why: misheard" in html
    # Announced, and focus goes back to the passage's Edit button.
    assert re.search(
        r'<div id="transcript-said" hx-swap-oob="innerHTML">Your correction is saved as '
        r"version 2\.</div>",
        html,
    )
    assert re.search(r'hx-target="#passage-3"[^>]*hidden data-tr-focus>Edit', html)
    version = TranscriptVersion.objects.get(transcript=transcript, number=2)
    assert version.author == world.users["social_worker"]
    # Recorded in the audit trail, by her, as every correction is.
    created = AuditEvent.objects.get(
        object_type="transcripts.transcriptversion", object_id=str(version.pk), action="create"
    )
    assert created.actor_username == world.users["social_worker"].username
    assert TranscriptVersion.objects.get(transcript=transcript, number=1).words == original
    pair = services.current_words(transcript)
    assert pair is not None
    assert " ".join(w.shown for w in pair[1] if w.speaker == 2) == "Jade is doing very well."


def test_a_change_of_speaker_focuses_the_passage_it_merged_into(
    world: World, transcript: Transcript
) -> None:
    # Passage 2 said by speaker 1 becomes speaker 0's: it joins passage 1.
    response = _post(
        world.client_for("chair"), transcript, 1, text="Thank you, I agree.", speaker="0"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'hx-target="#passage-1"[^>]*hidden data-tr-focus>Edit', html)
    assert 'id="passage-3"' not in html  # two passages left


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"text": "   "}, "Write what was said. If nothing can be made out, write [inaudible]."),
        (
            {"text": "x" * (MAX_SEGMENT_TEXT + 1)},
            f"A passage can be at most {MAX_SEGMENT_TEXT} characters.",
        ),
        ({"speaker": "7", "text": "Thank you."}, "Choose one of the speakers listed."),
        ({"text": "Thank you, I agree."}, "Nothing was changed: there is nothing to save."),
        ({"text": "Thanks.", "reason": "y" * 501}, "Say why in at most 500 characters."),
    ],
)
def test_a_refusal_is_the_form_with_its_error_in_the_passage_place(
    world: World, transcript: Transcript, fields: dict[str, str], error: str
) -> None:
    response = _post(world.client_for("chair"), transcript, 1, **fields)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#passage-2"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert error in html
    assert "govuk-error-message" in html
    assert _versions(transcript) == 1


def test_a_correction_built_on_an_older_version_is_refused(
    world: World, transcript: Transcript
) -> None:
    services.correct_passage(
        transcript, by=world.users["chair"], segment=0, based_on=1, text="This is recorded."
    )
    response = _post(world.client_for("social_worker"), transcript, 1, text="Thank you.")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone else saved version 2 while you were working on version 1" in html
    assert _versions(transcript) == 2


@pytest.mark.parametrize("based_on", ["", "zero", "0"])
def test_a_missing_or_bad_version_number_is_refused(
    world: World, transcript: Transcript, based_on: str
) -> None:
    response = _post(world.client_for("chair"), transcript, 1, text="Thanks.", based_on=based_on)
    assert response.status_code == 400
    assert _versions(transcript) == 1


def test_a_passage_that_is_not_there_is_not_found(world: World, transcript: Transcript) -> None:
    client = world.client_for("chair")
    assert client.get(_edit(transcript, 3), headers=HTMX).status_code == 404
    assert _post(client, transcript, 3, text="Hello").status_code == 404
    row = reverse("transcript_passage_row", args=[transcript.pk, 9])
    assert client.get(row, headers=HTMX).status_code == 404
    assert _versions(transcript) == 1


def test_cancel_puts_the_passage_back_with_its_edit_button_focused(
    world: World, transcript: Transcript
) -> None:
    row = reverse("transcript_passage_row", args=[transcript.pk, 0])
    response = world.client_for("chair").get(row, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<li class="tr-passage" id="passage-1"' in html
    assert re.search(r"hidden data-tr-focus>Edit", html)
    assert "<textarea" not in html


def test_without_htmx_the_addresses_fall_back_to_the_correction_page(
    world: World, transcript: Transcript
) -> None:
    client = world.client_for("chair")
    response = client.get(_edit(transcript, 1))
    assert response.status_code == 302
    assert response["Location"] == reverse("transcript_passage", args=[transcript.pk, 1])
    row = client.get(reverse("transcript_passage_row", args=[transcript.pk, 1]))
    assert row["Location"].endswith("#passage-2")
    # The in-place form posted without htmx (its script failed): saved as the page would.
    refused = client.post(
        _edit(transcript, 1), {"p2-text": "", "p2-speaker": "1", "p2-based_on": "1"}
    )
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode()
    saved = client.post(
        _edit(transcript, 1),
        {"p2-text": "Thank you.", "p2-speaker": "1", "p2-based_on": "1"},
        follow=True,
    )
    assert "Your correction is saved as version 2." in saved.content.decode()
    assert _versions(transcript) == 2


def test_the_editor_offers_edit_buttons_and_keeps_the_correction_links(
    world: World, transcript: Transcript
) -> None:
    html = world.client_for("chair").get(reverse("transcript_editor", args=[transcript.pk]))
    page = html.content.decode()
    assert (
        page.count('class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 tr-edit"')
        == 3
    )
    assert page.count("tr-correct-link") == 3
    assert "js/htmx.min.js" in page
    assert 'aria-keyshortcuts="Alt+P"' in page
    # A reader who may not correct gets neither, and no htmx.
    legal = world.client_for("legal").get(reverse("transcript_editor", args=[transcript.pk]))
    assert "tr-edit" not in legal.content.decode()
    assert "htmx.min.js" not in legal.content.decode()
