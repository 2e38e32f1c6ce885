"""Only the meeting's chair approves the minutes, after a confirmation step. Approving records
the chair's approval of the version she read and adds no version (issue 18: approving version 2
used to create version 3)."""

from __future__ import annotations

import pytest

from onrecord.minutes import services
from onrecord.minutes.models import MinutesApproval, MinutesVersion
from tests.support.personas import World


def test_the_chair_approves_the_version_she_read(drafted: MinutesVersion, ran: World) -> None:
    approved = services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    assert (approved.pk, approved.version, approved.is_approved) == (drafted.pk, 1, True)
    assert approved.source == "drafted"  # still what it was: the draft, now approved
    assert MinutesVersion.objects.filter(minutes__meeting=ran.meeting).count() == 1
    assert services.latest_version(ran.meeting) == approved
    assert services.approved_version(ran.meeting) == approved
    approval = MinutesApproval.objects.get(version=drafted)
    assert approval.approved_by == ran.users["chair"]
    assert approved.approved_by == ran.users["chair"]


def test_approving_twice_is_refused(drafted: MinutesVersion, ran: World) -> None:
    services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    with pytest.raises(services.MinutesRefused, match="Version 1 is already approved"):
        services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    assert MinutesApproval.objects.count() == 1


def test_the_page_says_who_approved_in_plain_words(drafted: MinutesVersion, ran: World) -> None:
    services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    html = ran.client_for("chair").get(f"/meetings/{ran.meeting.pk}/minutes/").content.decode()
    assert "</strong> by Priya Shah, the chair, on " in html
    assert "1 (drafted from the meeting’s record by " in html.replace("&#x27;", "’").replace(
        "'", "’"
    )
    assert "by the chair by" not in html
    assert "Approve the minutes</a>" not in html


@pytest.mark.parametrize(
    "persona", ["social_worker", "team_manager", "legal", "outsider", "other_authority", "mother"]
)
def test_nobody_else_may_approve(drafted: MinutesVersion, ran: World, persona: str) -> None:
    with pytest.raises(services.MinutesRefused, match="Only the chair of this meeting"):
        services.approve(ran.meeting, by=ran.users[persona], based_on=1)
    assert services.approved_version(ran.meeting) is None


def test_approving_a_version_that_has_been_replaced_is_refused(
    drafted: MinutesVersion, ran: World
) -> None:
    services.save_changes(
        ran.meeting, by=ran.users["social_worker"], changes={"notes": "x"}, based_on=1
    )
    with pytest.raises(services.MinutesRefused, match="after you opened version 1"):
        services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    assert services.approved_version(ran.meeting) is None


def test_the_approve_page_asks_for_confirmation_first(drafted: MinutesVersion, ran: World) -> None:
    client = ran.client_for("chair")
    url = f"/meetings/{ran.meeting.pk}/minutes/approve/"
    page = client.get(url)
    assert page.status_code == 200
    assert "I have read these minutes and approve them" in page.content.decode()
    refused = client.post(url, {"based_on": "1"})
    assert refused.status_code == 400
    assert "Confirm that you have read and approve these minutes." in refused.content.decode()
    assert services.approved_version(ran.meeting) is None
    done = client.post(url, {"based_on": "1", "confirm": "on"})
    assert done.status_code == 302
    assert services.approved_version(ran.meeting) is not None


@pytest.mark.parametrize("persona", ["social_worker", "team_manager"])
def test_the_approve_page_is_refused_to_other_staff(
    drafted: MinutesVersion, ran: World, persona: str
) -> None:
    client = ran.client_for(persona)
    url = f"/meetings/{ran.meeting.pk}/minutes/approve/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"based_on": "1", "confirm": "on"}).status_code == 403
    assert services.approved_version(ran.meeting) is None
