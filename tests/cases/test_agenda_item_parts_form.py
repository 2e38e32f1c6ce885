"""Staff divide an agenda item into parts on the meeting's agenda form, one a line (issue 14:
the scenario's `meeting.agenda[].parts`): read back for editing as typed; a part about a child
the item is not about, an unknown kind, a missing title or too many parts are refused naming the
line, and nothing changes. The model refuses a malformed stored value too."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from onrecord.cases.admin import AgendaItemForm
from onrecord.cases.models import AgendaItem, Child
from tests.support.personas import World

LEO = "Leo: reports and discussion"
BOTH = ["Jade Whitfield", "Leo Okafor"]


def _form(parts_text: str, children: list[str] = BOTH) -> AgendaItemForm:
    item = AgendaItem.objects.get(title=LEO)
    data = {
        "position": item.position,
        "title": item.title,
        "children": [c.pk for c in Child.objects.filter(person__full_name__in=children)],
        "sensitive": "",
        "sensitive_reason": "",
        "parts_text": parts_text,
    }
    return AgendaItemForm(data, instance=item)


def test_parts_are_stored_and_shown_again_for_editing(world: World) -> None:
    form = _form(
        "About Jade | Jade Whitfield | sensitive\nAbout Leo | Leo Okafor; LEO OKAFOR\nBoth"
    )
    assert form.is_valid(), form.errors
    item = form.save()
    jade, leo = (str(Child.objects.get(person__full_name=n).pk) for n in BOTH)
    assert AgendaItem.objects.get(pk=item.pk).parts == [
        {"title": "About Jade", "child_ids": [jade], "sensitive": True},
        {"title": "About Leo", "child_ids": [leo]},
        {"title": "Both", "child_ids": []},
    ]
    shown = AgendaItemForm(instance=AgendaItem.objects.get(pk=item.pk)).initial["parts_text"]
    assert shown == "About Jade | Jade Whitfield | sensitive\nAbout Leo | Leo Okafor\nBoth"
    again = _form(shown)
    assert again.is_valid(), again.errors
    assert again.instance.parts == AgendaItem.objects.get(pk=item.pk).parts


@pytest.mark.parametrize(
    ("text", "children", "error"),
    [
        ("About Jade | Jade Whitfield", ["Leo Okafor"], "Part 1: Jade Whitfield is not one of"),
        ("A | Leo Okafor\nB | Leo Okafor | gossip", BOTH, "Part 2: gossip is not a kind"),
        (" | Leo Okafor", BOTH, "Part 1: enter a title"),
        ("A | B | health | more", BOTH, "Part 1: use at most two |"),
        ("\n".join(f"Part {n}" for n in range(51)), BOTH, "at most 50 parts"),
    ],
)
def test_a_bad_part_is_refused_naming_the_line(
    world: World, text: str, children: list[str], error: str
) -> None:
    form = _form(text, children)
    assert not form.is_valid()
    assert error in " ".join(str(e) for e in form.errors["parts_text"])
    assert AgendaItem.objects.get(title=LEO).parts == []


@pytest.mark.parametrize(
    "parts",
    [
        {"title": "Not a list"},
        [{"title": ""}],
        [{"title": "A", "child_ids": [7]}],
        [{"title": "A", "colour": "red"}],
        [{"title": "A", "sensitive": "yes"}],
        [{"title": "A", "sensitive_kinds": ["gossip"]}],
    ],
)
def test_the_model_refuses_malformed_parts(world: World, parts: object) -> None:
    item = AgendaItem.objects.get(title=LEO)
    item.parts = parts
    with pytest.raises(ValidationError):
        item.full_clean()


def test_the_meetings_admin_page_offers_the_parts(world: World) -> None:
    item = AgendaItem.objects.get(title=LEO)
    item.parts = [{"title": "About Leo", "child_ids": [str(item.children.get().pk)]}]
    item.save()
    page = world.client_for("admin").get(
        reverse("admin:cases_meeting_change", args=[world.meeting.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Parts that can be recorded on their own" in html
    assert "About Leo | Leo Okafor" in html
