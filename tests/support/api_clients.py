"""API clients for the API's authorization tests, as named personas: a case system of the
demo authority (Eastmere), one of the other authority (Westford), and tokens revoked, expired,
or of a client lacking a scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from onrecord.api import scopes
from onrecord.api.models import ApiClient, ApiToken
from onrecord.cases.models import Authority
from tests.support.personas import World

ALL_SCOPES = list(scopes.SCOPES)


@dataclass
class ApiPersonas:
    tokens: dict[str, str]
    clients: dict[str, ApiClient]

    def http(self, persona: str) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.tokens[persona]}")


def _client(name: str, authority: Authority, granted: list[str]) -> ApiClient:
    return ApiClient.objects.create(name=name, authority=authority, system="mosaic", scopes=granted)


@pytest.fixture
def api_personas(world: World) -> ApiPersonas:
    own = world.case.authority
    other = world.other_case.authority
    clients = {
        "own_system": _client("eastmere-mosaic", own, ALL_SCOPES),
        "other_system": _client("westford-mosaic", other, ALL_SCOPES),
        "read_only": _client("eastmere-reader", own, [scopes.CASES_READ]),
    }
    tokens = {persona: ApiToken.issue(client)[1] for persona, client in clients.items()}
    revoked, tokens["revoked"] = ApiToken.issue(clients["own_system"])
    revoked.revoked_at = timezone.now()
    revoked.save()
    _, tokens["expired"] = ApiToken.issue(
        clients["own_system"], expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    return ApiPersonas(tokens=tokens, clients=clients)
