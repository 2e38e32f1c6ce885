"""A change after approval is a new, unapproved version: the approved one stays what goes
into bundles, and the page says the chair must approve again."""

from __future__ import annotations

from onrecord.minutes import services
from onrecord.minutes.models import MinutesVersion
from tests.support.personas import World


def test_change_after_approval_needs_approval_again(drafted: MinutesVersion, ran: World) -> None:
    approved = services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    changed = services.save_changes(
        ran.meeting,
        by=ran.users["social_worker"],
        changes={"notes": "The nurse's name is spelt Amira."},
        based_on=1,
    )
    assert (approved.version, changed.version, changed.is_approved) == (1, 2, False)
    assert services.approved_version(ran.meeting) == approved

    page = ran.client_for("chair").get(f"/meetings/{ran.meeting.pk}/minutes/")
    text = page.content.decode()
    assert "changed after the chair approved version 1" in text
    assert "Version 2 needs the chair’s approval again" in text

    again = services.approve(ran.meeting, by=ran.users["chair"], based_on=2)
    assert (again.version, again.is_approved) == (2, True)
    assert again.content["notes"] == "The nurse's name is spelt Amira."
    page = ran.client_for("chair").get(f"/meetings/{ran.meeting.pk}/minutes/")
    assert "needs the chair’s approval again" not in page.content.decode()


def test_the_edit_page_warns_that_saving_undoes_the_approval(
    drafted: MinutesVersion, ran: World
) -> None:
    services.approve(ran.meeting, by=ran.users["chair"], based_on=1)
    page = ran.client_for("social_worker").get(f"/meetings/{ran.meeting.pk}/minutes/edit/")
    assert "the chair must approve the minutes again" in page.content.decode()
