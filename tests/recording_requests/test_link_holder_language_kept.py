"""Someone without an account who gives their view through a secure link keeps the language of
the page they answered from (recording_requests/views.py `_keep_page_language`, `Person.language`):
what staff's actions send them later, such as a moved meeting, is in it too (notify.language_for,
docs/LANGUAGES.md). A person with an account keeps theirs on the account."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from onrecord.cases.models import Person
from tests.recording_requests.helpers import walk_journey
from tests.support.personas import World

AMIRA = "amira.hassan@eastmere.example"


def _link_sent_to(address: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    match = re.search(r"/link/(\S+)/", str(message.body))
    assert match, message.body
    return reverse("link_start", args=[match.group(1)])


def _answered_in(world: World, capture: Any, language: str, *, account: bool = False) -> Person:
    amira = Person.objects.get(case=world.case, email=AMIRA)
    if not account:  # a professional the council knows only by email
        Person.objects.filter(pk=amira.pk).update(user=None)
    with capture(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    amira.refresh_from_db()
    assert amira.language == ""
    link = _link_sent_to(AMIRA)
    client = Client()
    client.post(reverse("choose_language"), {"language": language, "next": link})
    assert client.post(link, {"stance": "agrees"}).status_code == 200
    amira.refresh_from_db()
    return amira


def _moved(world: World, capture: Any) -> list[Any]:
    mail.outbox.clear()
    meeting = world.meeting
    meeting.place = "Room 4, Civic Centre"
    # as a staff member's request does (their pages are English); the test client's last,
    # Welsh, request would otherwise leave Welsh active in this thread
    with translation.override("en-gb"), capture(execute=True):
        meeting.save()
    return [m for m in mail.outbox if AMIRA in m.to]


def test_answered_in_welsh_she_is_told_in_welsh_when_staff_move_the_meeting(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    amira = _answered_in(world, django_capture_on_commit_callbacks, "cy")
    assert amira.language == "cy"
    assert world.meeting.attendees.filter(person=amira).exists()
    [hers] = _moved(world, django_capture_on_commit_callbacks)
    assert hers.subject.startswith("Mae eich cyfarfod wedi newid: ")
    others = [m for m in mail.outbox if AMIRA not in m.to]
    assert others
    assert all(m.subject.startswith("Your meeting has changed: ") for m in others)


def test_answered_in_english_she_is_told_in_english(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    amira = _answered_in(world, django_capture_on_commit_callbacks, "en-gb")
    assert amira.language == "en-gb"
    [hers] = _moved(world, django_capture_on_commit_callbacks)
    assert hers.subject.startswith("Your meeting has changed: ")


def test_with_an_account_the_language_goes_on_it_unless_she_chose_one(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    amira = _answered_in(world, django_capture_on_commit_callbacks, "cy", account=True)
    assert amira.user is not None
    assert amira.language == ""  # kept on her account instead
    assert amira.user.language == "cy"
    [hers] = _moved(world, django_capture_on_commit_callbacks)
    assert hers.subject.startswith("Mae eich cyfarfod wedi newid: ")


def test_a_choice_already_on_her_account_is_not_changed_by_the_page(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    amira = Person.objects.get(case=world.case, email=AMIRA)
    assert amira.user is not None
    type(amira.user).objects.filter(pk=amira.user.pk).update(language="en-gb")
    amira = _answered_in(world, django_capture_on_commit_callbacks, "cy", account=True)
    assert amira.user is not None
    assert amira.user.language == "en-gb"
