"""The edit page: a good change makes a new version; an action without an owner, a due date
that is not a date or is before the meeting, or an over-long section gets a clear error on the
field and nothing is saved."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord.minutes import services
from onrecord.minutes.models import MinutesVersion
from tests.support.personas import World


def _form(version: MinutesVersion, **changes: str) -> dict[str, Any]:
    """What the edit page posts unchanged, with `changes` applied."""
    content = version.content
    data: dict[str, Any] = {"based_on": str(version.version), "note": ""}
    for key in ("attendees", "apologies", "recording", "objections", "incidents", "log", "notes"):
        data[key] = content[key]
    for item in content["items"]:
        prefix = f"item-{item['id']}"
        data[f"{prefix}-discussion"] = item["discussion"]
        data[f"{prefix}-decisions"] = item["decisions"]
        for n in (1, 2):
            for part in ("action", "owner", "due-day", "due-month", "due-year"):
                data[f"{prefix}-action-{n}-{part}"] = ""
    data.update(changes)
    return data


def _last_item(version: MinutesVersion) -> str:
    return f"item-{version.content['items'][-1]['id']}"


def test_decisions_and_an_action_are_saved_as_a_new_version(
    drafted: MinutesVersion, ran: World
) -> None:
    item = _last_item(drafted)
    response = ran.client_for("chair").post(
        f"/meetings/{ran.meeting.pk}/minutes/edit/",
        _form(
            drafted,
            **{
                f"{item}-decisions": "Both children to be subject to a child protection plan.",
                f"{item}-action-1-action": "Arrange the first core group",
                f"{item}-action-1-owner": "Tom Bennett",
                f"{item}-action-1-due-day": "14",
                f"{item}-action-1-due-month": "3",
                f"{item}-action-1-due-year": "2025",
                "note": "Decisions and actions",
            },
        ),
    )
    assert response.status_code == 302
    latest = services.latest_version(ran.meeting)
    assert latest is not None
    assert (latest.version, latest.note) == (2, "Decisions and actions")
    last = latest.content["items"][-1]
    assert last["decisions"] == "Both children to be subject to a child protection plan."
    assert last["actions"] == [
        {"action": "Arrange the first core group", "owner": "Tom Bennett", "due": "2025-03-14"}
    ]
    page = ran.client_for("chair").get(f"/meetings/{ran.meeting.pk}/minutes/")
    assert "Arrange the first core group" in page.content.decode()
    assert "14 March 2025" in page.content.decode()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"action": "Share the plan", "owner": "", "day": "14", "month": "3", "year": "2025"},
            "say who will do it (the owner)",
        ),
        (
            {"action": "Share the plan", "owner": "Tom", "day": "1", "month": "3", "year": "2025"},
            "the date it is due by cannot be before the meeting (4 March 2025)",
        ),
        (
            {"action": "Share the plan", "owner": "Tom", "day": "31", "month": "2", "year": "2025"},
            "give the date it is due by as a real date",
        ),
        (
            {"action": "Share the plan", "owner": "Tom", "day": "", "month": "", "year": ""},
            "give the date it is due by as a real date",
        ),
        (
            {"action": "", "owner": "Tom", "day": "14", "month": "3", "year": "2025"},
            "say what is to be done",
        ),
    ],
)
def test_a_bad_action_is_refused_and_nothing_is_saved(
    drafted: MinutesVersion, ran: World, row: dict[str, str], message: str
) -> None:
    item = _last_item(drafted)
    position = drafted.content["items"][-1]["position"]
    response = ran.client_for("chair").post(
        f"/meetings/{ran.meeting.pk}/minutes/edit/",
        _form(
            drafted,
            **{
                f"{item}-decisions": "Plan agreed.",
                f"{item}-action-1-action": row["action"],
                f"{item}-action-1-owner": row["owner"],
                f"{item}-action-1-due-day": row["day"],
                f"{item}-action-1-due-month": row["month"],
                f"{item}-action-1-due-year": row["year"],
            },
        ),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert f"Item {position}, action 1: {message}" in text
    # what was typed is kept on the page
    assert "Plan agreed." in text
    assert MinutesVersion.objects.count() == 1


def test_an_over_long_section_is_refused(drafted: MinutesVersion, ran: World) -> None:
    response = ran.client_for("chair").post(
        f"/meetings/{ran.meeting.pk}/minutes/edit/", _form(drafted, notes="x" * 20_001)
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert MinutesVersion.objects.count() == 1


def test_a_stale_page_is_refused_with_a_clear_message(drafted: MinutesVersion, ran: World) -> None:
    services.save_changes(ran.meeting, by=ran.users["chair"], changes={"notes": "a"}, based_on=1)
    response = ran.client_for("social_worker").post(
        f"/meetings/{ran.meeting.pk}/minutes/edit/", _form(drafted, notes="b")
    )
    assert response.status_code == 400
    assert "after you opened version 1" in response.content.decode()
    assert MinutesVersion.objects.count() == 2
