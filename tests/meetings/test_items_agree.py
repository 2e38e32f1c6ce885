"""The decision page, meeting mode and the minutes give the same answer for every agenda item
(issue 17: the decide page said "May be recorded" while meeting mode said "No: a sensitive
item"), from real decisions: Leeds (d) pauses the sensitive item; Hackney §3 excludes, for a
father with PR for Jade only, the item about Leo, and says nothing about pausing for the
sensitive one."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from onrecord.minutes import draft as drafting
from onrecord.minutes import services as minutes
from onrecord.policy.item_standing import PAUSE, RECORD
from tests.meetings.test_rules_per_authority import decided_under
from tests.support.personas import World


def _decision_page(world: World) -> dict[str, tuple[str, str]]:
    """Item title → (standing, words) from the agenda table on the meeting page."""
    html = (
        world.client_for("chair")
        .get(reverse("meeting_detail", args=[world.meeting.pk]))
        .content.decode()
    )
    rows = re.findall(
        r'<td class="govuk-table__cell">([^<]+)</td>\s*<td class="govuk-table__cell">\s*'
        r'<strong class="govuk-tag[^"]*" data-item-standing="([a-z_]+)">([^<]+)</strong>',
        html,
    )
    return {title.strip(): (standing, words) for title, standing, words in rows}


def _meeting_mode(world: World) -> dict[str, bool]:
    """Item title → whether meeting mode says it may be recorded."""
    html = (
        world.client_for("chair")
        .get(reverse("meeting_mode", args=[world.meeting.pk]))
        .content.decode()
    )
    agenda = html.split('id="agenda"')[1]
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">\d+\. ([^<]+?)(?: <strong[^>]*>Now</strong>)?'
        r'</th>\s*<td class="govuk-table__cell">(No:|Yes)',
        agenda,
    )
    return {title.strip(): answer == "Yes" for title, answer in rows}


def _minutes(world: World) -> str:
    return str(drafting.draft(minutes.snapshot(world.meeting))["recording"])


@pytest.mark.parametrize(
    ("profile", "requester", "expected"),
    [
        ("leeds", "Dana Whitfield", {"Jade: health needs": PAUSE}),
        ("hackney", "Marcus Reid", {"Leo: reports and discussion": "not_by_requester"}),
        ("hackney", "Dana Whitfield", {"Jade: health needs": RECORD}),
    ],
)
def test_every_item_has_one_answer(
    world: World, profile: str, requester: str, expected: dict[str, str]
) -> None:
    decided_under(world, profile, requester=requester)
    page = _decision_page(world)
    mode = _meeting_mode(world)
    said = _minutes(world)
    titles = list(world.meeting.agenda_items.order_by("position").values_list("title", "position"))
    assert set(page) == {t for t, _ in titles}
    assert set(mode) == set(page)
    for title, standing in expected.items():
        assert page[title][0] == standing
    for title, position in titles:
        standing, words = page[title]
        assert mode[title] is (standing == RECORD), (title, standing)
        assert f"{position}. {title}: {words}" in said, (title, said)
