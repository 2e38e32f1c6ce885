"""`onrecord api-client`: an administrator adds a client, issues a token shown once and stored
only as a hash, and revokes it; each step is audited under the administrator's name; anyone
else is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from onrecord.api.models import ApiClient, ApiToken, hash_token
from onrecord.audit.models import AuditEvent
from onrecord.commands import main
from tests.support.personas import World


def test_add_issue_use_and_revoke(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    authority = world.case.authority.slug
    assert main(["api-client", "--by", "admin", "add", "lcs-live", "--authority", authority,
                 "--system", "lcs", "--scope", "cases:read"]) == 0  # fmt: skip
    client = ApiClient.objects.get(name="lcs-live")
    assert client.scopes == ["cases:read"]
    capsys.readouterr()
    assert main(["api-client", "--by", "admin", "token", "lcs-live"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    row = ApiToken.objects.get(client=client)
    assert row.token_hash == hash_token(token)
    assert token not in str(list(ApiToken.objects.values()))
    assert AuditEvent.objects.filter(
        object_type="api.apitoken", action="create", actor_username="admin"
    ).exists()
    http = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert http.get("/api/v1/cases/unknown").status_code == 404  # authenticated: a real answer

    assert main(["api-client", "--by", "admin", "revoke", f"onr_{row.prefix}"]) == 0
    assert http.get("/api/v1/cases/unknown").status_code == 401


def test_only_an_administrator_manages_clients(world: World) -> None:
    authority = world.case.authority.slug
    assert main(["api-client", "--by", "priya.shah", "add", "x", "--authority", authority,
                 "--system", "lcs"]) == 1  # fmt: skip
    assert not ApiClient.objects.filter(name="x").exists()


def test_an_unknown_scope_is_refused(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    authority = world.case.authority.slug
    assert main(["api-client", "--by", "admin", "add", "x", "--authority", authority,
                 "--system", "lcs", "--scope", "everything"]) == 1  # fmt: skip
    assert "Unknown scopes: everything" in capsys.readouterr().err
    assert not ApiClient.objects.filter(name="x").exists()
