"""Hackney 3, the whole journey (issue 4): Marcus holds parental responsibility for Jade only.
He asks to record the conference, where his partner's son Leo is also discussed; Jade agrees;
the decide page shows that he may record only the items about Jade, and that Leo's items are
excluded (HX-ITEM-NO-PR)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from onrecord.recording_requests.models import RecordingRequest
from tests.browser.conftest import Visitor
from tests.browser.journeys import (
    ask_to_record,
    jade_agrees,
    open_conference,
)
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_father_may_record_only_the_items_about_his_own_child(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    # Marcus, on his phone, sees only his own child's items on the agenda, and asks.
    father = visitors(phone=True)
    open_conference(father, world, "father_of_jade")
    agenda = father.page.locator("#agenda + ol").inner_text()
    assert "Jade: reports and discussion" in agenda
    assert "Leo: reports and discussion" not in agenda
    assert "a child you do not have parental responsibility for" in agenda
    ask_to_record(father)

    made = RecordingRequest.objects.get(requester__full_name="Marcus Reid")
    jade_agrees(world, made)  # in person to her social worker (see the Hackney journey)

    chair = visitors()
    chair.already_signed_in(world.users["chair"])
    chair.goto(reverse("decide_request", args=[made.pk]), "Decide on the request to record")
    table = chair.page.get_by_role("table", name="Which parts of the agenda Marcus Reid may record")
    rows = {
        row.locator("td").first.inner_text(): row.locator("td").nth(1).inner_text()
        for row in table.locator("tbody tr").all()
    }
    for item in ("Jade: reports and discussion", "Jade: health needs"):
        assert rows[item].startswith("May be recorded"), rows
    leo = rows["Leo: reports and discussion"]
    assert leo.startswith("Not by Marcus Reid"), rows
    assert "does not hold parental responsibility for, or care for, Leo Okafor" in leo
    assert "HX-ITEM-NO-PR" in leo
    assert "(3 Practice)" in leo
