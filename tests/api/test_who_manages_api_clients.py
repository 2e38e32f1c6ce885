"""Only an administrator of an authority manages its case systems' API clients (issue 13): a
client's token reads and writes that authority's children's records. By named persona, in the
admin site and through `onrecord api-client`: the demo authority's administrator; its chair and
its team manager let into the admin site as a superuser (staff, not its administrator);
Westford's administrator (another authority); an outsider, a mother, and nobody signed in."""

from __future__ import annotations

import pytest
from django.test import Client

from onrecord.accounts.models import User
from onrecord.api.models import ApiClient, ApiToken
from onrecord.commands import main
from tests.support.admin_personas import admin_site_people, westford_admin
from tests.support.personas import World

LIST = "/admin/api/apiclient/"
ADD = "/admin/api/apiclient/add/"
REFUSED = ["chair", "manager_in_admin", "other_admin", "outsider", "mother", "anonymous"]


@pytest.fixture
def other_admin() -> User:
    return westford_admin()


@pytest.fixture
def people(world: World, other_admin: User) -> dict[str, Client]:
    return admin_site_people(world, other_admin)


@pytest.fixture
def mosaic(world: World) -> ApiClient:
    return ApiClient.objects.create(
        authority=world.case.authority, name="mosaic", system="mosaic", scopes=["cases:read"]
    )


def _change(client: ApiClient) -> str:
    return f"/admin/api/apiclient/{client.pk}/change/"


def test_the_authoritys_administrator_manages_its_client(
    people: dict[str, Client], mosaic: ApiClient
) -> None:
    admin = people["admin"]
    assert "mosaic" in admin.get(LIST).content.decode()
    assert admin.get(_change(mosaic)).status_code == 200
    issued = admin.post(
        LIST, {"action": "issue_token", "_selected_action": [str(mosaic.pk)]}, follow=True
    )
    assert "New token for mosaic" in issued.content.decode()
    assert ApiToken.objects.filter(client=mosaic).count() == 1


def test_an_administrator_cannot_make_one_for_another_authority(
    people: dict[str, Client], world: World
) -> None:
    answer = people["admin"].post(
        ADD,
        {
            "authority": world.other_case.authority_id,
            "name": "elsewhere",
            "system": "eclipse",
            "scopes": '["cases:read"]',
            "active": "on",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )
    assert answer.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in answer.content.decode()
    assert not ApiClient.objects.filter(name="elsewhere").exists()


@pytest.mark.parametrize("persona", REFUSED)
def test_nobody_else_sees_it_or_issues_it_a_token(
    persona: str, people: dict[str, Client], mosaic: ApiClient
) -> None:
    client = people[persona]
    assert "mosaic" not in client.get(LIST).content.decode()
    assert client.get(_change(mosaic)).status_code != 200
    client.post(LIST, {"action": "issue_token", "_selected_action": [str(mosaic.pk)]})
    client.post(f"/admin/api/apiclient/{mosaic.pk}/delete/", {"post": "yes"})
    assert not ApiToken.objects.filter(client=mosaic).exists()
    assert ApiClient.objects.filter(pk=mosaic.pk).exists()


def test_another_authoritys_administrator_is_refused_by_the_command_too(
    world: World, other_admin: User, mosaic: ApiClient, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = world.case.authority.slug
    assert main(["api-client", "--by", other_admin.username, "add", "x", "--authority", slug,
                 "--system", "lcs", "--scope", "cases:read"]) == 1  # fmt: skip
    assert "is not an administrator of" in capsys.readouterr().err
    assert not ApiClient.objects.filter(name="x").exists()
    assert main(["api-client", "--by", other_admin.username, "token", "mosaic"]) == 1
    assert not ApiToken.objects.filter(client=mosaic).exists()
    assert main(["api-client", "--by", other_admin.username, "list"]) == 0
    assert "mosaic" not in capsys.readouterr().out
