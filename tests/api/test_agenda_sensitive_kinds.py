"""A case system names what kind of sensitive information an agenda item holds (issue 14: the
scenario's `sensitive_kinds`); an unknown kind is refused with 422 naming the field, and
nothing changes."""

from __future__ import annotations

from onrecord.cases.models import AgendaItem
from tests.api.test_case_system_journey import MEETING, build_case, put
from tests.support.api_clients import ApiPersonas


def _with_kinds(kinds: list[str]) -> dict[str, object]:
    agenda = [dict(MEETING["agenda"][0]), {**MEETING["agenda"][1], "sensitive_kinds": kinds}]
    return {**MEETING, "agenda": agenda}


def test_a_case_system_names_the_kind_and_reads_it_back(api_personas: ApiPersonas) -> None:
    http = api_personas.http("own_system")
    build_case(http)
    answer = put(http, "/cases/MOS-100/meetings/M-1", _with_kinds(["health", "health"]))
    assert answer.status_code == 200, answer.content
    item = AgendaItem.objects.get(title="Ava's health")
    assert (item.sensitive, item.sensitive_kinds) == (True, ["health"])
    shown = next(i for i in answer.json()["agenda"] if i["title"] == "Ava's health")
    assert shown["sensitive_kinds"] == ["health"]


def test_an_unknown_kind_is_refused_naming_the_field(api_personas: ApiPersonas) -> None:
    http = api_personas.http("own_system")
    build_case(http)
    answer = put(http, "/cases/MOS-100/meetings/M-1", _with_kinds(["gossip"]))
    assert answer.status_code == 422
    assert "sensitive_kinds" in answer.content.decode()
    assert AgendaItem.objects.get(title="Ava's health").sensitive_kinds == []
