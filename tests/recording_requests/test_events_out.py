"""A request made, a declaration signed and one withdrawn each write their event for the
authority's case system (onrecord/webhooks), in the same transaction as the change."""

from __future__ import annotations

from django.utils import timezone

from onrecord.recording_requests import services
from onrecord.recording_requests.models import Declaration
from onrecord.webhooks.models import Event
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import World


def test_a_request_made_writes_its_event(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    event = Event.objects.get(kind="request.made")
    assert event.data["object"]["id"] == str(made.pk)
    assert event.data["meeting_id"] == str(world.meeting.pk)
    assert event.authority_id == world.case.authority_id


def test_signing_and_withdrawing_a_declaration_write_their_events(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    chair, mother = world.users["chair"], world.users["mother"]
    declaration = Declaration.objects.create(
        case=world.case,
        family_member=made.requester,
        request=made,
        worker=chair,
        worker_position="Chair",
        discussed_on=timezone.localdate(),
        worker_signed_name="Priya Shah",
        worker_signed_at=timezone.now(),
    )
    services.sign_declaration(
        declaration,
        choice=Declaration.Choice.AGREE,
        understands_until_revoked=True,
        signed_name="Dana Whitfield",
        signed_by=mother,
    )
    services.revoke_declaration(declaration, revoked_by=mother, reason="Changed my mind")
    kinds = list(
        Event.objects.filter(data__object__id=str(declaration.pk)).values_list("kind", flat=True)
    )
    assert sorted(kinds) == ["declaration.signed", "declaration.withdrawn"]
