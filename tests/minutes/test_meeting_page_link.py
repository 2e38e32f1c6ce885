"""Staff find the minutes from the meeting page; family members are not sent to a page they
cannot open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support.personas import World


@pytest.mark.parametrize(
    ("persona", "shown"), [("chair", True), ("legal", True), ("mother", False)]
)
def test_the_meeting_page_links_to_the_minutes(world: World, persona: str, shown: bool) -> None:
    page = world.client_for(persona).get(reverse("meeting_detail", args=[world.meeting.pk]))
    assert page.status_code == 200
    link = reverse("minutes", args=[world.meeting.pk])
    assert (link in page.content.decode()) is shown
    if shown:
        assert world.client_for(persona).get(link).status_code == 200
