"""Least privilege for the policy owner's pages (issue 14), by named persona: the authority's
own policy owner may open every page; a social worker of the authority, a family member and a
staff member of the authority not allocated to anything are refused (403, audited); the policy
owner of another authority is told the authority does not exist (404, audited), and cannot
reach a version of this authority through their own either. Nobody refused changes anything."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.policy_versions import services
from onrecord.policy_versions.models import PolicyVersion
from tests.support.personas import World

PAGES = [
    "policy_rules",
    "policy_history",
    "policy_upload",
    "policy_new_draft",
    "policy_compare",
    "policy_version",
    "policy_edit",
    "policy_what_if",
    "policy_approve",
]
WITH_VERSION = {"policy_version", "policy_edit", "policy_what_if", "policy_approve"}
WITH_VERSION |= {"policy_confirm_reading"}


@pytest.fixture
def draft(world: World) -> PolicyVersion:
    owner = world.users["policy_owner"]
    return services.draft_from_active(world.case.authority, owner, "2099-01")


def _url(name: str, slug: str, draft: PolicyVersion) -> str:
    args: list[object] = [slug]
    if name in WITH_VERSION:
        args.append(draft.pk)
    return reverse(name, args=args)


def test_the_authoritys_policy_owner_opens_every_page(world: World, draft: PolicyVersion) -> None:
    client = world.client_for("policy_owner")
    slug = world.case.authority.slug
    for name in PAGES:
        before = AuditEvent.objects.count()
        response = client.get(_url(name, slug, draft))
        assert response.status_code == 200, name
        assert AuditEvent.objects.count() > before, f"{name} was not audited"
    home = client.get(reverse("policy_home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("policy_rules", args=[slug])


@pytest.mark.parametrize("persona", ["social_worker", "chair", "mother", "outsider", "admin"])
def test_others_of_the_authority_are_refused(
    world: World, draft: PolicyVersion, persona: str
) -> None:
    client = world.client_for(persona)
    slug = world.case.authority.slug
    versions = PolicyVersion.objects.count()
    for name in [*PAGES, "policy_home", "policy_confirm_reading"]:
        url = reverse(name) if name == "policy_home" else _url(name, slug, draft)
        for method in ("get", "post"):
            denied = AuditEvent.objects.filter(action="access_denied").count()
            response = getattr(client, method)(url, {"label": "x", "text": "t", "confirm": "on"})
            assert response.status_code in {403, 405}, f"{persona} {method} {name}"
            if response.status_code == 403:
                assert AuditEvent.objects.filter(action="access_denied").count() == denied + 1
    assert PolicyVersion.objects.count() == versions
    assert PolicyVersion.objects.get(pk=draft.pk).is_draft


def test_another_authoritys_policy_owner_finds_nothing(world: World, draft: PolicyVersion) -> None:
    client = world.client_for("other_policy_owner")
    slug = world.case.authority.slug
    for name in PAGES:
        denied = AuditEvent.objects.filter(action="access_denied").count()
        response = client.get(_url(name, slug, draft))
        assert response.status_code == 404, name
        assert AuditEvent.objects.filter(action="access_denied").count() == denied + 1
        approve = client.post(
            _url("policy_approve", slug, draft),
            {"day": "1", "month": "1", "year": "2099", "confirm": "on"},
        )
        assert approve.status_code == 404
    # Their own authority's pages work, and do not reach this authority's draft by its id.
    own = world.other_case.authority.slug
    assert client.get(reverse("policy_rules", args=[own])).status_code == 200
    for name in WITH_VERSION:
        method = client.post if name == "policy_confirm_reading" else client.get
        assert method(_url(name, own, draft), {"code": "X"}).status_code == 404, name
    assert PolicyVersion.objects.get(pk=draft.pk).is_draft
    body = client.get(reverse("policy_history", args=[own])).content.decode()
    assert "2099-01" not in body


def test_the_rules_page_lists_every_rule_with_its_clause_and_reading(world: World) -> None:
    from onrecord.policy import load_profile

    body = (
        world.client_for("policy_owner")
        .get(reverse("policy_rules", args=[world.case.authority.slug]))
        .content.decode()
    )
    hackney = load_profile("hackney")
    for rule in (*hackney.rules, *hackney.item_rules):
        assert f'id="rule-{rule.code}"' in body
    interpreted = hackney.interpretations()
    assert interpreted, "the Hackney profile has readings awaiting the policy owner"
    first = interpreted[0].interpretation
    assert first is not None
    from django.utils.html import escape

    assert escape(first.reading) in body
    assert "Awaiting the policy owner" in body
