"""Every page of a declaration that shows it is audited (issue 16, failure 7: "every view of
case data is audited"): preparing it, the signing page, the easy-read version and the withdraw
page each write a "view" entry naming the case and who looked, for staff and the family member.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.recording_requests import services
from onrecord.recording_requests.models import Declaration, RecordingRequest
from tests.recording_requests.helpers import allowed_request
from tests.support.personas import World


def _prepared(world: World) -> tuple[RecordingRequest, Declaration]:
    made = allowed_request(world)
    declaration = services.prepare_declaration(
        made,
        world.users["social_worker"],
        worker_position="Social worker",
        worker_signed_name="Tom Bennett",
    )
    return made, declaration


def _viewed(world: World, persona: str, url: str) -> bool:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    response = world.client_for(persona).get(url)
    assert response.status_code == 200, url
    return AuditEvent.objects.filter(
        seq__gt=last,
        action="view",
        case_id=str(world.case.pk),
        actor_username=world.users[persona].username,
    ).exists()


@pytest.mark.parametrize(
    "page", ["declaration_sign", "declaration_easy_read", "declaration_detail"]
)
@pytest.mark.parametrize("persona", ["social_worker", "mother"])
def test_reading_a_declaration_is_audited(world: World, persona: str, page: str) -> None:
    _, declaration = _prepared(world)
    assert _viewed(world, persona, reverse(page, args=[declaration.pk]))


@pytest.mark.parametrize("persona", ["social_worker", "mother"])
def test_the_withdraw_page_is_audited(world: World, persona: str) -> None:
    _, declaration = _prepared(world)
    services.sign_declaration(
        declaration,
        choice=Declaration.Choice.AGREE,
        understands_until_revoked=True,
        signed_name="Dana Whitfield",
        signed_by=world.users["mother"],
    )
    assert _viewed(world, persona, reverse("declaration_revoke", args=[declaration.pk]))


def test_the_prepare_page_is_audited(world: World) -> None:
    made = allowed_request(world)
    assert _viewed(world, "social_worker", reverse("declaration_prepare", args=[made.pk]))
