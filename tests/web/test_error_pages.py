"""Proper 403, 404 and 500 pages in plain English, with the service's layout (issue 2)."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.support.personas import World


def test_500_page_says_nothing_was_half_saved(db: None) -> None:
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "nothing is half-written" in html
    assert 'class="govuk-template"' in html


def test_404_page_for_an_unknown_address(world: World) -> None:
    response = world.client_for("chair").get("/no/such/page/")
    assert response.status_code == 404
    assert "If you typed the web address, check it is correct." in response.content.decode()


def test_403_page_explains_and_mentions_the_record(world: World) -> None:
    response = world.client_for("mother").get(f"/cases/{world.case.pk}/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot see this page" in html
    assert "This attempt has been recorded." in html


def test_security_headers_on_every_page(db: None) -> None:
    response = Client().get("/accounts/sign-in/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
