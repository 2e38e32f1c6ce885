"""The declaration (Hackney appendix; Hertfordshire 1.3): prepared from the case, signed by
worker and family member, kept as a PDF, revocable, never deleted (issue 4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.recording_requests import services
from onrecord.recording_requests.models import (
    Declaration,
    DeclarationDocument,
    Revocation,
)
from tests.recording_requests.helpers import allowed_request, only_request, walk_journey
from tests.support.personas import World


def test_worker_then_mother_sign_and_a_pdf_is_kept(world: World) -> None:
    made = allowed_request(world)
    worker = world.client_for("social_worker")
    response = worker.post(
        reverse("declaration_prepare", args=[made.pk]),
        {"worker_position": "Social worker", "worker_signed_name": "Tom Bennett", "confirm": "on"},
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    assert declaration.family_member.full_name == "Dana Whitfield"
    assert {c.full_name for c in declaration.children.all()} == {"Jade Whitfield", "Leo Okafor"}
    assert not declaration.is_signed

    mother = world.client_for("mother")
    page = mother.get(reverse("declaration_detail", args=[declaration.pk])).content.decode()
    assert "Read and sign" in page
    incomplete = mother.post(
        reverse("declaration_sign", args=[declaration.pk]), {"family_signed_name": "Dana"}
    )
    assert incomplete.status_code == 400
    assert "Choose whether you agree to the expectations" in incomplete.content.decode()
    assert "Confirm you understand the declaration stays in place" in incomplete.content.decode()
    signed = mother.post(
        reverse("declaration_sign", args=[declaration.pk]),
        {"choice": "agree", "understands_until_revoked": "on", "family_signed_name": "Dana W"},
    )
    assert signed.status_code == 302
    declaration.refresh_from_db()
    assert declaration.in_force
    assert declaration.family_signed_by == world.users["mother"]

    document = DeclarationDocument.objects.get()
    assert bytes(document.pdf).startswith(b"%PDF-")
    pdf = mother.get(reverse("declaration_pdf", args=[declaration.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(document.pdf)
    assert AuditEvent.objects.filter(action="download", detail__sha256=document.sha256).exists()

    easy = mother.get(reverse("declaration_easy_read", args=[declaration.pk])).content.decode()
    assert "The recording is only for you." in easy


def test_cannot_prepare_before_recording_is_allowed(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    with pytest.raises(services.RequestError, match="only after recording has been allowed"):
        services.prepare_declaration(
            only_request(),
            world.users["social_worker"],
            worker_position="Social worker",
            worker_signed_name="Tom Bennett",
        )


def _signed(world: World) -> Declaration:
    made = allowed_request(world)
    declaration = services.prepare_declaration(
        made,
        world.users["social_worker"],
        worker_position="Social worker",
        worker_signed_name="Tom Bennett",
    )
    return services.sign_declaration(
        declaration,
        choice="agree",
        understands_until_revoked=True,
        signed_name="Dana Whitfield",
        signed_by=world.users["mother"],
    )


def test_family_member_withdraws_and_nothing_is_deleted(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    declaration = _signed(world)
    mother = world.client_for("mother")
    unconfirmed = mother.post(reverse("declaration_revoke", args=[declaration.pk]), {})
    assert unconfirmed.status_code == 400
    assert not Revocation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = mother.post(
            reverse("declaration_revoke", args=[declaration.pk]),
            {"confirm": "on", "reason": "I changed my mind"},
        )
    assert done.status_code == 302
    declaration.refresh_from_db()
    assert declaration.is_signed
    assert declaration.is_revoked
    assert not declaration.in_force
    assert services.in_force_declaration(declaration.family_member) is None
    kinds = list(DeclarationDocument.objects.values_list("kind", flat=True))
    assert kinds == ["signed", "withdrawn"]
    with pytest.raises(services.RequestError, match="already been withdrawn"):
        services.revoke_declaration(declaration, revoked_by=world.users["mother"])


def test_a_second_declaration_is_refused_while_one_is_in_force(world: World) -> None:
    declaration = _signed(world)
    assert declaration.request is not None
    with pytest.raises(services.RequestError, match="already has a signed declaration"):
        services.prepare_declaration(
            declaration.request,
            world.users["social_worker"],
            worker_position="Social worker",
            worker_signed_name="Tom Bennett",
        )


@pytest.mark.parametrize("persona", ["father_of_jade", "other_family", "nurse", "outsider"])
def test_others_cannot_see_or_sign_the_declaration(world: World, persona: str) -> None:
    declaration = _signed(world)
    client = world.client_for(persona)
    for name in ("declaration_detail", "declaration_sign", "declaration_pdf"):
        assert client.get(reverse(name, args=[declaration.pk])).status_code == 404
