"""Approving minutes tells the authority's case system (a `minutes.approved` event in the
outbox, in the approval's transaction); a refused approval tells it nothing."""

from __future__ import annotations

import pytest

from onrecord.minutes import services
from onrecord.minutes.models import MinutesVersion
from onrecord.webhooks.models import Event
from tests.support.personas import World


def test_approval_writes_the_event(drafted: MinutesVersion, ran: World) -> None:
    approved = services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    event = Event.objects.get(kind="minutes.approved")
    assert event.authority_id == ran.case.authority_id
    assert event.data["meeting_id"] == str(ran.meeting.pk)
    assert event.data["version"] == approved.version


def test_a_refused_approval_writes_none(drafted: MinutesVersion, ran: World) -> None:
    with pytest.raises(services.MinutesRefused):
        services.approve(ran.meeting, by=ran.users["social_worker"], based_on=1)
    assert not Event.objects.filter(kind="minutes.approved").exists()
