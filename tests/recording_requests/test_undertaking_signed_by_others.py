"""Hertfordshire 1.3 asks both the competent child and the parent to sign the undertaking: the
signed, agreeing, unrevoked declarations of others on the case reach the app's decision
(issue 14)."""

from __future__ import annotations

from django.utils import timezone

from onrecord.recording_requests.models import Declaration, Revocation
from tests.recording_requests.helpers import only_request, person, walk_journey
from tests.recording_requests.policy_concepts import codes, decide_page, under
from tests.support.personas import World


def _jade_signs(world: World, choice: str = Declaration.Choice.AGREE) -> Declaration:
    now = timezone.now()
    return Declaration.objects.create(
        case=world.case,
        family_member=person("Jade Whitfield"),
        worker=world.users["social_worker"],
        worker_position="Social worker",
        discussed_on=timezone.localdate(now),
        worker_signed_name="Tom Bennett",
        worker_signed_at=now,
        choice=choice,
        understands_until_revoked=True,
        family_signed_name="Jade Whitfield",
        family_signed_at=now,
    )


def test_hertfordshire_1_3_the_competent_child_must_sign_too(world: World) -> None:
    """Hertfordshire 1.3: "When both the above have signed an undertaking"
    (HT-UNDERTAKING-CHILD until Jade has signed)."""
    under(world, "hertfordshire")
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    assert "HT-UNDERTAKING-CHILD" in codes(decide_page(world, made))
    _jade_signs(world)
    assert "HT-UNDERTAKING-CHILD" not in codes(decide_page(world, made))


def test_hertfordshire_1_3_a_refusal_or_a_withdrawn_undertaking_does_not_count(
    world: World,
) -> None:
    under(world, "hertfordshire")
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    _jade_signs(world, choice=Declaration.Choice.DO_NOT_AGREE)
    assert "HT-UNDERTAKING-CHILD" in codes(decide_page(world, made))
    Declaration.objects.all().delete()
    signed = _jade_signs(world)
    Revocation.objects.create(declaration=signed, revoked_by=world.users["social_worker"])
    assert "HT-UNDERTAKING-CHILD" in codes(decide_page(world, made))
