"""Bad input: a malformed form, an unknown id, an over-long field, a forged post each get a clear
message and change nothing (issue 2)."""

from __future__ import annotations

import uuid

from django.test import Client
from django.urls import reverse

from onrecord.cases.models import CaseNote
from tests.support.personas import World


def test_case_note_with_missing_fields_names_them_and_saves_nothing(world: World) -> None:
    client = world.client_for("social_worker")
    response = client.post(reverse("case_note_create", args=[world.case.pk]), {"title": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter a title for the note" in html
    assert "Enter the note" in html
    assert CaseNote.objects.count() == 0


def test_over_long_title_is_refused_with_the_limit(world: World) -> None:
    client = world.client_for("social_worker")
    response = client.post(
        reverse("case_note_create", args=[world.case.pk]), {"title": "t" * 201, "body": "b"}
    )
    assert response.status_code == 400
    assert "Title must be 200 characters or fewer" in response.content.decode()
    assert CaseNote.objects.count() == 0


def test_unknown_case_id_is_a_clear_404(world: World) -> None:
    client = world.client_for("chair")
    response = client.get(reverse("case_detail", args=[uuid.uuid4()]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_malformed_id_is_a_404_not_a_crash(world: World) -> None:
    response = world.client_for("chair").get("/cases/not-a-uuid/")
    assert response.status_code == 404


def test_forged_post_without_csrf_token_is_refused_and_changes_nothing(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["social_worker"])
    response = client.post(
        reverse("case_note_create", args=[world.case.pk]), {"title": "Forged", "body": "x"}
    )
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert CaseNote.objects.count() == 0


def test_case_note_is_saved_and_shown(world: World) -> None:
    client = world.client_for("social_worker")
    response = client.post(
        reverse("case_note_create", args=[world.case.pk]),
        {"title": "Home visit", "body": "Saw Leo and Jade at home."},
        follow=True,
    )
    assert response.status_code == 200
    assert "Case note saved" in response.content.decode()
    note = CaseNote.objects.get()
    assert note.is_finished
    assert note.author == world.users["social_worker"]


def test_appendment_with_no_text_is_refused(world: World) -> None:
    client = world.client_for("social_worker")
    client.post(
        reverse("case_note_create", args=[world.case.pk]), {"title": "Visit", "body": "Seen."}
    )
    note = CaseNote.objects.get()
    response = client.post(reverse("case_note_append", args=[note.pk]), {"body": ""})
    assert response.status_code == 400
    assert "Enter what you are adding to the note" in response.content.decode()
    assert CaseNote.objects.count() == 1
    ok = client.post(reverse("case_note_append", args=[note.pk]), {"body": "Leo was at school."})
    assert ok.status_code == 302
    appendment = CaseNote.objects.exclude(pk=note.pk).get()
    assert appendment.appends == note
