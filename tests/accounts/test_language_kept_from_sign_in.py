"""A language chosen before signing in (the switcher on the sign-in page) is kept on the family
member's account at sign-in, so what staff's actions send her is in it too (accounts/language.py,
docs/LANGUAGES.md). Staff stay in English; a choice already on the account is not overwritten."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from onrecord.accounts.models import User
from onrecord.recording_requests.decisions import record_decision
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import PASSWORD, World


def _signed_in_after_choosing(username: str, language: str) -> Client:
    client = Client()
    chosen = client.post(reverse("choose_language"), {"language": language, "next": "/"})
    assert chosen.status_code == 302
    signed = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert signed.status_code == 302
    return client


def test_welsh_chosen_on_the_sign_in_page_reaches_her_when_the_chair_decides(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    mother = world.users["mother"]
    assert mother.language == ""
    client = _signed_in_after_choosing(mother.username, "cy")
    mother.refresh_from_db()
    assert mother.language == "cy"

    walk_journey(client, world.meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_decision(
            only_request(),
            world.users["chair"],
            outcome="allowed",
            reason="To help you remember the plan.",
            engine={"outcome": "for_decision_maker"},
        )
    [decision] = [m for m in mail.outbox if mother.email in m.to]
    assert decision.subject == "Penderfyniad ar eich cais i recordio’r cyfarfod"


def test_a_choice_already_on_her_account_is_kept(world: World) -> None:
    mother = world.users["mother"]
    User.objects.filter(pk=mother.pk).update(language="en")
    _signed_in_after_choosing(mother.username, "cy")
    mother.refresh_from_db()
    assert mother.language == "en"


def test_staff_who_press_cymraeg_on_the_sign_in_page_stay_in_english(world: World) -> None:
    worker = world.users["social_worker"]
    client = _signed_in_after_choosing(worker.username, "cy")
    worker.refresh_from_db()
    assert worker.language == ""
    assert '<html lang="en-GB"' in client.get(reverse("home"), follow=True).content.decode()
