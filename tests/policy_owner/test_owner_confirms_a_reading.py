"""The policy owner confirms a rule's reading in a draft from the page (issue 14): the draft's
text records who confirmed it and when, the rest of the file as it was; audited; an approved
version cannot be changed this way, and another council's owner cannot reach the draft."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.policy_versions import active, services
from onrecord.policy_versions.models import PolicyVersion
from tests.support.personas import World


@pytest.fixture
def draft(world: World) -> PolicyVersion:
    return services.draft_from_active(world.case.authority, world.users["policy_owner"], "2099-01")


def test_a_reading_is_confirmed_in_the_draft(world: World, draft: PolicyVersion) -> None:
    slug = world.case.authority.slug
    awaiting = [
        r.code
        for r in active.parsed(draft).interpretations()
        if r.interpretation and r.interpretation.status != "confirmed"
    ]
    code = awaiting[0]
    owner = world.client_for("policy_owner")
    page = owner.get(reverse("policy_version", args=[slug, draft.pk])).content.decode()
    assert page.count("Confirm this reading") == len(awaiting)
    response = owner.post(reverse("policy_confirm_reading", args=[slug, draft.pk]), {"code": code})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#rule-{code}")
    stored = PolicyVersion.objects.get(pk=draft.pk)
    readings = {r.code: r.interpretation for r in active.parsed(stored).interpretations()}
    confirmed = readings[code]
    assert confirmed is not None
    assert confirmed.status == "confirmed"
    assert confirmed.confirmed_by == world.users["policy_owner"].get_full_name()
    assert confirmed.confirmed_on == timezone.localdate()
    assert all(
        i is not None and i.status != "confirmed" for c, i in readings.items() if c in awaiting[1:]
    )
    assert AuditEvent.objects.filter(action="policy.reading_confirmed", object_id=str(draft.pk))


def test_an_unknown_rule_changes_nothing(world: World, draft: PolicyVersion) -> None:
    slug = world.case.authority.slug
    response = world.client_for("policy_owner").post(
        reverse("policy_confirm_reading", args=[slug, draft.pk]), {"code": "HX-NOPE"}
    )
    assert response.status_code == 302
    assert PolicyVersion.objects.get(pk=draft.pk).text == draft.text


def test_approved_versions_and_other_councils_are_refused(
    world: World, draft: PolicyVersion
) -> None:
    slug = world.case.authority.slug
    url = reverse("policy_confirm_reading", args=[slug, draft.pk])
    assert world.client_for("other_policy_owner").post(url, {"code": "X"}).status_code == 404
    assert world.client_for("chair").post(url, {"code": "X"}).status_code == 403
    approved = services.approve(draft, world.users["policy_owner"], timezone.localdate())
    response = world.client_for("policy_owner").post(url, {"code": "HX-OUTSIDE-SCOPE"})
    assert response.status_code == 403
    assert PolicyVersion.objects.get(pk=draft.pk).text == approved.text
