"""Legal staff place and lift holds from the case's legal-holds page; others get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.vault.models import LegalHold, LegalHoldRelease, Recording
from tests.retention.conftest import ingest_for
from tests.support.personas import CORE_PERSONAS as PERSONAS
from tests.support.personas import World


def test_legal_places_and_lifts_a_hold(world: World) -> None:
    recording = ingest_for(world)
    client = world.client_for("legal")
    url = reverse("case_legal_holds", args=[world.case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "There are no legal holds on this case." in page.content.decode()

    missing = client.post(url, {"reference": "", "reason": "", "recording": ""})
    assert "Enter the court case or matter reference" in missing.content.decode()
    assert not LegalHold.objects.exists()

    placed = client.post(
        url,
        {"reference": "ZC26C00417", "reason": "Care proceedings", "recording": str(recording.pk)},
    )
    assert placed.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.recording == Recording.objects.get(pk=recording.pk)
    assert hold.placed_by == world.users["legal"]

    lift_url = reverse("lift_legal_hold", args=[hold.pk])
    assert "Enter why the legal hold can be lifted" in client.post(lift_url, {}).content.decode()
    assert client.post(lift_url, {"reason": "Final order made"}).status_code == 302
    assert LegalHoldRelease.objects.get(hold=hold).reason == "Final order made"
    history = client.get(url).content.decode()
    assert "ZC26C00417" in history
    assert "Final order made" in history


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in {"legal", "admin"}])
def test_others_cannot_see_or_place_holds(world: World, persona: str) -> None:
    client = world.client_for(persona)
    url = reverse("case_legal_holds", args=[world.case.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"reference": "X", "reason": "Y", "recording": ""})
    assert response.status_code == 404
    assert not LegalHold.objects.exists()
