"""What the family is sent in Welsh (docs/LANGUAGES.md): messages are written in the reader's
language (the one on their account, else the page they acted from), whoever's action sends
them; staff messages and staff records stay in English; the declaration signed from the Welsh
easy-read version keeps the Welsh words signed, and its PDF says it is Welsh (the council's
English wording is marked English in its structure tree:
test_welsh_declaration_pdf_languages.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from onrecord.recording_requests import services
from onrecord.recording_requests.decisions import record_decision
from onrecord.recording_requests.declaration_text import EASY_READ_CHOICES, EXPECTATIONS
from onrecord.recording_requests.models import TimelineEntry
from tests.recording_requests.helpers import allow, only_request, walk_journey
from tests.support.personas import World
from tests.support.tagged_pdf import read_tagged_pdf

DANA = "dana.whitfield@eastmere.example"


def _to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


def _welsh_cookie_only(world: World) -> Client:
    """Welsh chosen in this browser (the cookie) but not saved on the account."""
    client = world.client_for("mother")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def test_messages_follow_the_page_and_staff_are_written_to_in_english(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(_welsh_cookie_only(world), world.meeting)
    made = only_request()
    [received] = _to(DANA)
    assert received.subject == "Mae eich cais i recordio’r cyfarfod wedi dod i law"
    assert received.body.startswith("Annwyl Dana Whitfield,")
    assert f"Eich cyfeirnod yw {made.reference}." in received.body
    staff = [m for m in mail.outbox if m.subject.startswith("Dana Whitfield")]
    others = [m for m in mail.outbox if DANA not in m.to]
    assert others, "the attendees and the meeting's staff are told"
    for message in staff:
        assert "has asked to record" in message.body
    # The case timeline and the minutes' source stay in English.
    entry = TimelineEntry.objects.get(kind=TimelineEntry.Kind.REQUEST)
    assert entry.body == "Reasons: To help me remember what was said"


def test_a_choice_on_the_account_reaches_her_when_the_chair_decides_in_english(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    mother = world.users["mother"]
    mother.language = "cy"
    mother.save()
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_decision(
            made,
            world.users["chair"],
            outcome="allowed",
            reason="To help you remember the plan.",
            engine={"outcome": "for_decision_maker"},
        )
    [decision] = _to(DANA)
    assert decision.subject == "Penderfyniad ar eich cais i recordio’r cyfarfod"
    assert "Mae’r ateb yn gadarnhaol: cewch recordio’r cyfarfod." in decision.body
    assert "To help you remember the plan." in decision.body  # the chair's own words


def test_without_a_choice_she_is_written_to_in_english(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    [received] = _to(DANA)
    assert received.subject == "We have your request to record the meeting"


def test_signed_from_the_welsh_easy_read_the_record_keeps_the_welsh_words(world: World) -> None:
    client = _welsh_cookie_only(world)
    walk_journey(client, world.meeting)
    made = allow(world, only_request(), "To help you remember.")
    declaration = services.prepare_declaration(
        made, world.users["social_worker"], worker_position="SW", worker_signed_name="Tom"
    )
    response = client.post(
        reverse("declaration_easy_read", args=[declaration.pk]),
        {"choice": "agree", "understands_until_revoked": "on", "family_signed_name": "Dana"},
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert "Rwy’n cytuno i gadw at y rheolau hyn." in declaration.signed_text
    assert EASY_READ_CHOICES["agree"] not in declaration.signed_text
    assert declaration.signed_text.startswith("Recordio cyfarfodydd gyda")

    document = declaration.documents.get()
    pdf = read_tagged_pdf(bytes(document.pdf))
    assert pdf.lang == "cy"
    assert "Datganiad am recordio cyfarfodydd" in pdf.text
    assert "Rwy’n cytuno i gadw at y rheolau hyn." in pdf.text
    assert EXPECTATIONS[0][:40] in pdf.text  # the council's wording, in English


def test_a_moved_meeting_is_told_to_her_in_welsh_and_to_staff_in_english(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    mother = world.users["mother"]
    mother.language = "cy"
    mother.save()
    mail.outbox.clear()
    meeting = world.meeting
    meeting.mode = "online"
    meeting.place = ""
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save()
    [hers] = _to(DANA)
    assert hers.subject.startswith("Mae eich cyfarfod wedi newid: ")
    assert "- Mae bellach ar-lein" in hers.body
    assert "- Nid oes lle wedi’i bennu ar ei gyfer" in hers.body
    others = [m for m in mail.outbox if DANA not in m.to]
    assert others
    assert all(m.subject.startswith("Your meeting has changed: ") for m in others)
    assert all("It is now online" in m.body for m in others), [m.body for m in others]
