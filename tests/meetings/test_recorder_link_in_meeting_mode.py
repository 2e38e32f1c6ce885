"""The chair running the meeting finds the browser's own recorder from meeting mode (it opens
in its own tab); staff who may not record the meeting are not offered it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support.personas import World


@pytest.mark.parametrize(("persona", "shown"), [("chair", True), ("legal", False)])
def test_meeting_mode_links_to_the_recorder(world: World, persona: str, shown: bool) -> None:
    page = world.client_for(persona).get(reverse("meeting_mode", args=[world.meeting.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert (reverse("live_recorder", args=[world.meeting.pk]) in body) is shown
    if shown:
        assert 'target="_blank"' in body
