"""A case system divides an agenda item into parts that can be recorded on their own (issue 14:
the scenario's `meeting.agenda[].parts`, Hackney 3 "any part"), each about some of the item's
own children; a part about a child the item is not about is refused with 422 naming the field,
and nothing changes."""

from __future__ import annotations

from onrecord.cases.models import AgendaItem, Child
from tests.api.test_case_system_journey import MEETING, build_case, put
from tests.support.api_clients import ApiPersonas

PARTS: list[dict[str, object]] = [
    {"title": "Ava's medication", "children": ["C-AVA", "C-AVA"], "sensitive_kinds": ["health"]},
    {"title": "School", "sensitive": True},
]


def _with_parts(index: int, parts: list[dict[str, object]]) -> dict[str, object]:
    items: list[dict[str, object]] = MEETING["agenda"]
    agenda = [dict(i) for i in items]
    agenda[index]["parts"] = parts
    return {**MEETING, "agenda": agenda}


def test_a_case_system_divides_an_item_and_reads_it_back(api_personas: ApiPersonas) -> None:
    http = api_personas.http("own_system")
    build_case(http)
    answer = put(http, "/cases/MOS-100/meetings/M-1", _with_parts(1, PARTS))
    assert answer.status_code == 200, answer.content
    ava = str(Child.objects.get(person__full_name="Ava Lark").pk)
    stored = [
        {"title": "Ava's medication", "child_ids": [ava], "sensitive": True,
         "sensitive_kinds": ["health"]},
        {"title": "School", "child_ids": [], "sensitive": True},
    ]  # fmt: skip
    assert AgendaItem.objects.get(title="Ava's health").parts == stored
    shown = next(i for i in answer.json()["agenda"] if i["title"] == "Ava's health")
    assert shown["parts"] == stored
    # Sent again without parts: the item is decided whole again.
    assert put(http, "/cases/MOS-100/meetings/M-1", MEETING).status_code == 200
    assert AgendaItem.objects.get(title="Ava's health").parts == []


def test_a_part_about_a_child_the_item_is_not_about_is_refused(api_personas: ApiPersonas) -> None:
    http = api_personas.http("own_system")
    build_case(http)
    answer = put(http, "/cases/MOS-100/meetings/M-1", _with_parts(0, [PARTS[0]]))
    assert answer.status_code == 422
    assert answer.json()["detail"] == [
        {
            "loc": ["body", "agenda", 0, "parts", 0, "children", 0],
            "msg": "Not one of the children this item is about.",
            "type": "value_error",
        }
    ]
    assert AgendaItem.objects.get(title="Introductions").parts == []


def test_an_empty_part_title_is_refused(api_personas: ApiPersonas) -> None:
    http = api_personas.http("own_system")
    build_case(http)
    answer = put(http, "/cases/MOS-100/meetings/M-1", _with_parts(1, [{"title": ""}]))
    assert answer.status_code == 422
    assert "parts" in answer.content.decode()
    assert AgendaItem.objects.get(title="Ava's health").parts == []
