"""People who dispose of recordings find the due list in the menu, and legal staff find a case's
legal holds from the case page; nobody else is shown either link."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.support.personas import World


@pytest.mark.parametrize("persona", ["admin", "legal", "chair", "social_worker", "mother"])
def test_retention_in_the_menu_only_for_those_who_may_dispose(world: World, persona: str) -> None:
    user = world.users[persona]
    if persona == "legal":
        user.user_permissions.add(Permission.objects.get(codename="dispose_recording"))
    page = world.client_for(persona).get(reverse("home"))
    assert page.status_code == 200
    shown = reverse("retention_due") in page.content.decode()
    assert shown is (persona in {"admin", "legal"})


@pytest.mark.parametrize(("persona", "shown"), [("legal", True), ("chair", False)])
def test_legal_holds_linked_from_the_case_page(world: World, persona: str, shown: bool) -> None:
    page = world.client_for(persona).get(reverse("case_detail", args=[world.case.pk]))
    assert page.status_code == 200
    link = reverse("case_legal_holds", args=[world.case.pk])
    assert (link in page.content.decode()) is shown
    if shown:
        assert world.client_for(persona).get(link).status_code == 200
