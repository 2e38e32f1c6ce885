"""Shared steps for the tests that the policy's newer concepts reach the decision from the app
(issue 14): the authority's profile, the codes the decide page shows, a view given by link."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from onrecord.recording_requests.models import RecordingRequest
from tests.support.personas import World

LINK = re.compile(r"http://\S+/link/(\S+)/")


def under(world: World, profile: str) -> None:
    """Requests on the demo case are decided under `profile` from here on."""
    authority = world.case.authority
    authority.policy_profile = profile
    authority.save(update_fields=["policy_profile"])


def decide_page(world: World, made: RecordingRequest, decider: str = "chair") -> dict[str, Any]:
    """The engine's decision as the decide page shows it to the decision-maker."""
    page = world.client_for(decider).get(reverse("decide_request", args=[made.pk]))
    assert page.status_code == 200, page.content.decode()[:2000]
    engine: dict[str, Any] = page.context["engine"]
    return engine


def codes(engine: dict[str, Any]) -> set[str]:
    """Every rule the decision applies: its reasons, conditions and actions."""
    return {r["code"] for key in ("reasons", "conditions", "actions") for r in engine[key]}


def item_codes(engine: dict[str, Any], title: str) -> set[str]:
    item = next(i for i in engine["items"] if i["title"] == title)
    return {r["code"] for r in item["reasons"]}


def token_sent_to(address: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    match = LINK.search(str(message.body))
    assert match, message.body
    return match.group(1)


def give_view_by_link(address: str, **answers: str) -> Any:
    token = token_sent_to(address)
    return Client().post(reverse("link_start", args=[token]), answers)
