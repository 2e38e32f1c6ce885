"""The person who asked to record gives no view on their own request: the policy engine would
refuse such a scenario (issue 14), so the service refuses to record one, changing nothing."""

from __future__ import annotations

import pytest

from onrecord.recording_requests.models import View
from onrecord.recording_requests.services import RequestError, record_view
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import World


def test_the_requesters_own_view_is_refused(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    with pytest.raises(RequestError, match="You made this request"):
        record_view(made, made.requester, "agrees")
    assert not View.objects.exists()
