"""The chair running the meeting records the council's own audio from meeting mode itself (issue
17: no second tab; the screen is swapped in place, so the recorder goes on); staff who may not
record the meeting are not offered it. The parent's recording is labelled as the parent's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support.personas import World


@pytest.mark.parametrize(("persona", "shown"), [("chair", True), ("legal", False)])
def test_meeting_mode_holds_the_councils_recorder(world: World, persona: str, shown: bool) -> None:
    page = world.client_for(persona).get(reverse("meeting_mode", args=[world.meeting.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert ('id="live-recorder" data-in-meeting-mode' in body) is shown
    assert (reverse("live_start", args=[world.meeting.pk]) in body) is shown
    assert ("The council’s own recording" in body) is shown
    assert 'target="_blank"' not in body
    assert "The parent’s recording" in body
