"""The family member signs from the easy-read version (issue 12): the same declaration, the
same signing service and audit as the standard version, with the easy-read words kept as the
text that was signed; only the family member the declaration is for may sign from it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.recording_requests import services
from onrecord.recording_requests.declaration_pdf import render_declaration_pdf
from onrecord.recording_requests.declaration_text import (
    EASY_READ,
    EASY_READ_CHOICES,
    EASY_READ_UNTIL_REVOKED,
    EXPECTATIONS,
)
from onrecord.recording_requests.models import Declaration, DeclarationDocument
from tests.recording_requests.helpers import allowed_request
from tests.support.personas import World
from tests.support.tagged_pdf import collapse, read_tagged_pdf

SIGN = {"choice": "agree", "understands_until_revoked": "on", "family_signed_name": "Dana W"}


def _prepared(world: World) -> Declaration:
    return services.prepare_declaration(
        allowed_request(world),
        world.users["social_worker"],
        worker_position="Social worker",
        worker_signed_name="Tom Bennett",
    )


def test_each_idea_has_a_picture_with_alt_text(world: World) -> None:
    declaration = _prepared(world)
    page = world.client_for("mother").get(reverse("declaration_easy_read", args=[declaration.pk]))
    body = page.content.decode()
    for point in EASY_READ:
        assert f'easy-read/{point.picture}.svg" alt="{point.alt}"' in body
        for line in point.lines:
            assert line.replace("'", "&#x27;") in body
    assert EASY_READ_UNTIL_REVOKED in body
    assert 'name="family_signed_name"' in body


def test_mother_signs_from_easy_read_and_the_easy_read_words_are_kept(world: World) -> None:
    declaration = _prepared(world)
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    signed = world.client_for("mother").post(
        reverse("declaration_easy_read", args=[declaration.pk]), SIGN
    )
    assert signed.status_code == 302
    assert signed["Location"] == reverse("declaration_detail", args=[declaration.pk])
    declaration.refresh_from_db()
    assert declaration.in_force
    assert declaration.choice == Declaration.Choice.AGREE
    assert declaration.family_signed_by == world.users["mother"]
    assert declaration.signed_version == "easy_read"
    assert EASY_READ_CHOICES["agree"] in declaration.signed_text
    assert EASY_READ_UNTIL_REVOKED in declaration.signed_text
    assert all(line in declaration.signed_text for p in EASY_READ for line in p.lines)
    assert EXPECTATIONS[0] not in declaration.signed_text
    assert DeclarationDocument.objects.filter(declaration=declaration, kind="signed").exists()
    # The signed PDF says which version was signed, in the easy-read words themselves.
    pdf = read_tagged_pdf(render_declaration_pdf(declaration))
    assert "Signed from the easy-read version" in pdf.text
    assert collapse(EASY_READ_UNTIL_REVOKED) in pdf.text
    detail = world.client_for("mother").get(signed["Location"]).content.decode()
    assert re.search(r"Version signed</dt>\s*<dd[^>]*>Easy read<", detail)
    # The same audit as the standard version: the change to the declaration, by Dana.
    changed = AuditEvent.objects.filter(
        seq__gt=last,
        object_id=str(declaration.pk),
        case_id=str(world.case.pk),
        actor_username=world.users["mother"].username,
    ).exclude(action="view")
    assert changed.exists()


def test_signing_the_standard_version_keeps_the_standard_words(world: World) -> None:
    declaration = _prepared(world)
    world.client_for("mother").post(reverse("declaration_sign", args=[declaration.pk]), SIGN)
    declaration.refresh_from_db()
    assert declaration.signed_version == "standard"
    assert EXPECTATIONS[0] in declaration.signed_text
    assert EASY_READ_CHOICES["agree"] not in declaration.signed_text


def test_an_incomplete_form_signs_nothing(world: World) -> None:
    declaration = _prepared(world)
    response = world.client_for("mother").post(
        reverse("declaration_easy_read", args=[declaration.pk]), {"family_signed_name": "Dana"}
    )
    assert response.status_code == 400
    assert "Choose if you agree to the rules" in response.content.decode()
    declaration.refresh_from_db()
    assert not declaration.is_signed
    assert declaration.signed_text == ""


def test_cannot_sign_twice(world: World) -> None:
    declaration = _prepared(world)
    mother = world.client_for("mother")
    mother.post(reverse("declaration_easy_read", args=[declaration.pk]), SIGN)
    again = mother.post(reverse("declaration_easy_read", args=[declaration.pk]), SIGN)
    assert again.status_code == 400
    assert DeclarationDocument.objects.filter(declaration=declaration).count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("social_worker", 403),
        ("chair", 403),
        ("father_of_jade", 404),
        ("other_family", 404),
        ("outsider", 404),
        ("other_authority", 404),
    ],
)
def test_only_the_family_member_signs_from_easy_read(
    world: World, persona: str, status: int
) -> None:
    declaration = _prepared(world)
    response = world.client_for(persona).post(
        reverse("declaration_easy_read", args=[declaration.pk]), SIGN
    )
    assert response.status_code == status
    declaration.refresh_from_db()
    assert not declaration.is_signed
    assert AuditEvent.objects.filter(object_id=str(declaration.pk), action="access_denied").exists()


def test_staff_read_easy_read_without_a_sign_form(world: World) -> None:
    declaration = _prepared(world)
    page = world.client_for("social_worker").get(
        reverse("declaration_easy_read", args=[declaration.pk])
    )
    assert page.status_code == 200
    assert 'name="family_signed_name"' not in page.content.decode()
