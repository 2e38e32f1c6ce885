"""Hertfordshire 1.3 "When both the above have signed an undertaking": when the decision names
others who sign too, the worker prepares the declaration for them from the request page, they
sign it, and the next decision no longer asks for it (issue 14)."""

from __future__ import annotations

from django.urls import reverse

from onrecord.recording_requests import services
from onrecord.recording_requests.case_scenario import build_scenario
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.models import Declaration
from tests.recording_requests.helpers import only_request, person, walk_journey
from tests.recording_requests.policy_concepts import codes, under
from tests.support.personas import World


def _allowed(world: World) -> None:
    under(world, "hertfordshire")
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    engine = policy_decision(made)
    assert "HT-UNDERTAKING-CHILD" in codes(engine)
    record_decision(
        made, world.users["chair"], outcome="allowed", reason="To help Dana.", engine=engine
    )


def test_hertfordshire_1_3_the_competent_child_signs_from_the_request_page(world: World) -> None:
    """HT-UNDERTAKING-CHILD names Jade: the worker prepares her declaration, she signs, and the
    scenario carries her signature (declaration_signed_by)."""
    _allowed(world)
    made = only_request()
    jade = person("Jade Whitfield")
    worker = world.client_for("social_worker")
    page = worker.get(reverse("request_detail", args=[made.pk])).content.decode()
    assert "Prepare the declaration for Jade Whitfield too" in page
    url = reverse("declaration_prepare", args=[made.pk]) + f"?signer={jade.pk}"
    assert "signs as well as Dana Whitfield" in worker.get(url).content.decode()
    signed = worker.post(
        url, {"worker_position": "Social worker", "worker_signed_name": "Tom", "confirm": "on"}
    )
    assert signed.status_code == 302
    declaration = Declaration.objects.get(family_member=jade)
    services.sign_declaration(
        declaration,
        choice="agree",
        understands_until_revoked=True,
        signed_name="Jade Whitfield",
        signed_by=world.users["social_worker"],
    )
    assert str(jade.pk) in build_scenario(made)["declaration_signed_by"]
    assert services.co_signers(made) == []
    assert "HT-UNDERTAKING-CHILD" not in codes(policy_decision(made))


def test_only_someone_the_decision_names_may_co_sign(world: World) -> None:
    _allowed(world)
    made = only_request()
    marcus = person("Marcus Reid")
    url = reverse("declaration_prepare", args=[made.pk]) + f"?signer={marcus.pk}"
    assert world.client_for("social_worker").get(url).status_code == 404
    assert not Declaration.objects.filter(family_member=marcus).exists()
