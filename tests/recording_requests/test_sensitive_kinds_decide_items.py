"""The staff agenda form names what kind of sensitive information an item holds, and the app's
decision pauses the recording for it as the clause says (issue 14)."""

from __future__ import annotations

from onrecord.cases.admin import AgendaItemForm
from onrecord.cases.models import AgendaItem
from tests.recording_requests.helpers import only_request, walk_journey
from tests.recording_requests.policy_concepts import decide_page, item_codes, under
from tests.support.personas import World

LEO = "Leo: reports and discussion"


def _name_kinds(title: str, kinds: list[str]) -> None:
    """Through the staff agenda form (the meeting's agenda inline)."""
    item = AgendaItem.objects.get(title=title)
    data = {
        "position": item.position,
        "title": item.title,
        "children": [c.pk for c in item.children.all()],
        "sensitive": "",
        "sensitive_kinds": kinds,
        "sensitive_reason": "",
    }
    form = AgendaItemForm(data, instance=item)
    assert form.is_valid(), form.errors
    form.save()


def test_leeds_d_health_information_pauses_the_recording_for_the_item(world: World) -> None:
    """Leeds d: "sensitive medical information ... halt the recording until this section of
    the meeting is concluded" (LD-ITEM-MEDICAL)."""
    under(world, "leeds")
    _name_kinds(LEO, ["health"])
    walk_journey(world.client_for("mother"), world.meeting)
    engine = decide_page(world, only_request())
    assert "LD-ITEM-MEDICAL" in item_codes(engine, LEO)
    assert "LD-ITEM-SPECIAL-CATEGORY" not in item_codes(engine, LEO)


def test_leeds_d_special_category_data_pauses_the_recording_for_the_item(world: World) -> None:
    """Leeds d, read for other special category data (LD-ITEM-SPECIAL-CATEGORY)."""
    under(world, "leeds")
    _name_kinds(LEO, ["special_category"])
    walk_journey(world.client_for("mother"), world.meeting)
    engine = decide_page(world, only_request())
    assert "LD-ITEM-SPECIAL-CATEGORY" in item_codes(engine, LEO)
    assert "LD-ITEM-MEDICAL" not in item_codes(engine, LEO)


def test_an_item_with_no_kind_named_is_not_paused_for_health(world: World) -> None:
    under(world, "leeds")
    walk_journey(world.client_for("mother"), world.meeting)
    engine = decide_page(world, only_request())
    assert not item_codes(engine, LEO) & {"LD-ITEM-MEDICAL", "LD-ITEM-SPECIAL-CATEGORY"}


def test_the_agenda_form_refuses_an_unknown_kind_and_naming_one_marks_it_sensitive(
    world: World,
) -> None:
    item = AgendaItem.objects.get(title=LEO)
    base = {"position": item.position, "title": item.title, "sensitive_reason": ""}
    unknown = AgendaItemForm({**base, "sensitive_kinds": ["gossip"]}, instance=item)
    assert not unknown.is_valid()
    assert "Choose kinds of sensitive information from the list" in str(unknown.errors)
    _name_kinds(LEO, ["health"])
    item.refresh_from_db()
    assert (item.sensitive, item.sensitive_kinds) == (True, ["health"])
