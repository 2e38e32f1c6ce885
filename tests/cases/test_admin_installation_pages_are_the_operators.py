"""Admin pages about the whole installation are the operator's, not an authority's (by persona):
permission groups and sign-in lockouts across every council are seen only by the operator (a
superuser who works for no authority); an authority's administrator, staff let into the admin
site and the outsider are refused. django-otp's device page, which would show each person's
authenticator secret key, is not in the admin site at all, for anyone."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from onrecord.accounts.models import User
from tests.support.personas import World

INSTALLATION = ["/admin/auth/group/", "/admin/axes/accessattempt/", "/admin/axes/accesslog/"]


@pytest.fixture
def operator() -> Client:
    user = User.objects.create(username="operator", role="admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", INSTALLATION)
def test_only_the_operator_sees_the_installations_pages(
    world: World, operator: Client, page: str
) -> None:
    assert operator.get(page).status_code == 200
    manager = world.users["team_manager"]
    manager.is_staff = manager.is_superuser = True
    manager.save()
    for persona in ("admin", "team_manager", "outsider"):
        assert world.client_for(persona).get(page).status_code in (302, 403, 404), persona
    assert page not in world.client_for("admin").get("/admin/").content.decode()


def test_nobody_reads_an_authenticator_secret_in_the_admin_site(
    world: World, operator: Client
) -> None:
    device = TOTPDevice.objects.create(user=world.users["chair"], name="phone", confirmed=True)
    for client in (operator, world.client_for("admin")):
        assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
        page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
        assert page.status_code in (302, 404)
        assert device.key not in page.content.decode()
