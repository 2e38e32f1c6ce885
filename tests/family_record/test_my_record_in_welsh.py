"""The family's own record in Welsh (issue 12, docs/LANGUAGES.md): Marcus (parental
responsibility for Jade only) and Dana (for both children) choose Cymraeg with the switcher,
then read their notes, the transcript and the text download, ask for a copy (with its errors),
read the confirmation and its email, and open the page to upload their own recording. Each page
says it is Welsh and holds none of the commonest English words outside the case's own words
(here also the approved minutes and what people said, as the chair and the transcript hold
them): a string left outside the translation tags fails this."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape

from onrecord.family_record.models import SubjectAccessRequest
from onrecord.family_record.part import WHOLE_MEETING_NOTES, lines
from onrecord.minutes.models import MinutesVersion
from tests.family_record.conftest import SAID
from tests.recording_requests.test_family_pages_in_welsh import _case_words, english_left
from tests.recording_requests.tus_support import create
from tests.support.parent_copies import store_copy, upload_url
from tests.support.personas import World
from tests.vault import audio

LEFT_OUT = "Roedd am blentyn nad oes gennych gyfrifoldeb rhiant drosto."
NOT_ALL_HERE = "Nid yw rhai rhannau o’r cyfarfod yma."


def _welsh(world: World, persona: str) -> Client:
    client = world.client_for(persona)
    chosen = client.post(reverse("choose_language"), {"language": "cy", "next": reverse("home")})
    assert chosen.status_code == 302
    return client


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for item in value.values() for s in _strings(item)}
    if isinstance(value, list | tuple):
        return {s for item in value for s in _strings(item)}
    return set()


def _own_words(world: World, minutes: MinutesVersion) -> list[str]:
    """The case's own words: names, titles, and what the minutes and the transcript say."""
    words = {*_case_words(world), *_strings(minutes.content), *(text for _, _, text in SAID)}
    return sorted((w for w in words if w.strip()), key=len, reverse=True)


def _read(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("persona", ["father_of_jade", "mother"])
def test_my_notes_transcript_and_copy_pages_are_in_welsh(
    world: World,
    approved: MinutesVersion,
    persona: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = _welsh(world, persona)
    meeting = world.meeting.pk
    ask = reverse("family_ask_for_a_copy", args=[meeting])
    pages = {
        "home": _read(client, reverse("home")),
        "meeting": _read(client, reverse("meeting_detail", args=[meeting])),
        "my notes": _read(client, reverse("family_record", args=[meeting])),
        "transcript": _read(client, reverse("family_transcript", args=[meeting])),
        "ask for a copy": _read(client, ask),
        "upload": _read(client, upload_url(world)),
    }
    pages["ask, nothing chosen"] = client.post(ask, {}).content.decode()
    pages["ask, too long"] = client.post(
        ask, {"asks": "recording", "details": "x" * 1001}
    ).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(ask, {"asks": "recording"})
    assert asked.status_code == 302
    pages["copy requested"] = _read(client, asked["Location"])
    download = client.get(reverse("family_record_download", args=[meeting, "txt"]))
    assert download.status_code == 200
    text = download.content.decode()

    words = _own_words(world, approved)
    not_welsh = sorted(name for name, body in pages.items() if '<html lang="cy"' not in body)
    assert not not_welsh, f"not marked Welsh: {not_welsh}"
    english = {name: left for name, body in pages.items() if (left := english_left(body, words))}
    # Who was there and the chair's notes on the whole meeting are the council's minutes, in
    # English: marked lang="en-GB" on the page, said so in Welsh; a text file cannot mark them,
    # so there they count as the case's own words.
    chairs = [line for key in WHOLE_MEETING_NOTES for line in lines(approved.content.get(key))]
    chairs += lines(approved.content.get("attendees"))
    chairs += [line for key in ("opening", "closing") for line in lines(approved.content.get(key))]
    chairs += [line for item in approved.content["items"] for line in lines(item["discussion"])]
    if left := english_left(text, sorted({*words, *chairs}, key=len, reverse=True)):
        english["text download"] = left
    assert not english, f"English left on Welsh pages: {english}"

    assert "Darllen fy rhan i o’r nodiadau" in pages["home"]  # the next step, in Welsh
    assert "Fy nodiadau o’r cyfarfod" in pages["my notes"]
    assert "Beth ddywedodd pobl yn y cyfarfod" in pages["transcript"]
    assert "Siaradodd rhywun yma, ond doedden ni ddim yn gallu ei ysgrifennu." in text
    assert "FY NODIADAU O’R CYFARFOD" in text
    left_out = 2 if persona == "father_of_jade" else 0  # Leo's item and the one about both
    for name in ("my notes", "transcript"):
        assert pages[name].count(LEFT_OUT) == left_out, name
        assert (NOT_ALL_HERE in pages[name]) == bool(left_out), name
    assert text.count(LEFT_OUT) == left_out
    assert "Mae’r cadeirydd yn ysgrifennu’r nodiadau hyn yn Saesneg." in pages["my notes"]
    assert '<ul class="govuk-list" lang="en-GB">' in pages["my notes"]  # who was there
    assert '<p class="govuk-body" lang="en-GB">10:21 to 10:21, ' in pages["my notes"]  # said
    if persona == "mother":  # all her children's items: the notes on the whole meeting too
        whole = [line for key in WHOLE_MEETING_NOTES for line in lines(approved.content.get(key))]
        assert f'<p class="govuk-body" lang="en-GB">{escape(whole[0])}</p>' in pages["my notes"]
    assert "Dewiswch beth rydych am gael copi ohono." in pages["ask, nothing chosen"]
    assert "Ysgrifennwch 1000 o nodau neu lai." in pages["ask, too long"]

    made = SubjectAccessRequest.objects.get()
    with translation.override("cy"):
        due = formats.date_format(made.due_on, "l j F Y")
    assert f"Byddwch yn cael eich copi erbyn {due}." in pages["copy requested"]
    assert made.reference in pages["copy requested"]
    sent = [m for m in mail.outbox if m.subject.endswith(made.reference)]
    assert len(sent) == 1
    assert sent[0].subject == f"Mae eich cais am gopi wedi dod i law: {made.reference}"
    assert f"Eich cyfeirnod yw {made.reference}." in str(sent[0].body)
    email = re.sub(r"https?://\S+", " ", str(sent[0].body))  # the address: a UUID's letters
    assert not english_left(email, words), english_left(email, words)


@pytest.mark.parametrize("persona", ["father_of_jade", "mother"])
def test_the_upload_page_and_its_script_speak_welsh(
    world: World, persona: str, settings: Any
) -> None:
    """The progress and the "stopped" words the script writes come from the page, translated;
    the server's refusals to the script are Welsh too."""
    client = _welsh(world, persona)
    page = _read(client, upload_url(world))
    assert "Uwchlwytho eich recordiad" in page
    assert 'data-progress="Wedi uwchlwytho {sent} o {total}"' in page
    assert 'data-stopped="Stopiodd yr uwchlwytho ac nid oedd modd ei ailddechrau.' in page
    assert "Cynnydd yr uwchlwytho" in page
    assert "Canslo’r uwchlwytho" in page
    settings.ONRECORD_VAULT_MAX_BYTES = 1_000_000
    refused = create(client, world, 1_000_001)
    assert refused.status_code == 413
    assert refused.json()["error"] == "Rhaid i’r ffeil a ddewiswyd fod yn llai na 977 KB"
    signed_out = Client()
    signed_out.post(reverse("choose_language"), {"language": "cy", "next": reverse("home")})
    refused = create(signed_out, world, 1000)
    assert refused.status_code == 401
    assert refused.json()["error"].startswith("Rydych wedi cael eich allgofnodi.")


@pytest.mark.parametrize("persona", ["father_of_jade", "mother"])
def test_my_own_recordings_page_is_in_welsh(world: World, persona: str) -> None:
    """The page where a parent listens to the recording they uploaded: Welsh around it; the
    explanatory statement, evidence exported as it is, is marked English and said so."""
    stored = store_copy(world, persona, audio.wav(seconds=2.0))
    client = _welsh(world, persona)
    page = _read(client, reverse("recording_player", args=[stored.recording.pk]))
    assert '<html lang="cy"' in page
    words = [*_case_words(world), stored.recording.original_filename]
    assert not english_left(page, words), english_left(page, words)
    assert "Recordiad sain, 0 mun 2 eil o hyd." in page
    assert "Copi’r rhiant" in page
    assert "Y datganiad esboniadol yw cofnod y cyngor o’r recordiad. Mae yn Saesneg." in page
