"""Case notes are read by the staff allocated to the case now and nobody else
(cases/permissions.py `can_read_case_notes`): the case page that lists them opens for exactly
those people. A family member, another agency, an unallocated social worker, a chair whose
allocation ended, another authority's staff and the administrator neither may nor can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.cases.permissions import can_read_case_notes, can_write_case_notes
from onrecord.cases.services import write_case_note
from tests.support.personas import World

READERS = ["chair", "social_worker", "team_manager", "legal"]
NOT_READERS = [
    "mother",
    "father_of_leo",
    "nurse",
    "outsider",
    "former_chair",
    "other_authority",
    "other_records_manager",
    "other_legal",
    "other_family",
    "admin",
]
NOTE_BODY = "Seen at home; the children were settled."


@pytest.mark.parametrize("persona", READERS)
def test_allocated_staff_read_the_notes(world: World, persona: str) -> None:
    write_case_note(world.case, world.users["social_worker"], "Home visit", NOTE_BODY)
    assert can_read_case_notes(world.users[persona], world.case) is True
    page = world.client_for(persona).get(reverse("case_detail", args=[world.case.pk]))
    assert page.status_code == 200
    assert NOTE_BODY in page.content.decode()


@pytest.mark.parametrize("persona", NOT_READERS)
def test_nobody_else_reads_them(world: World, persona: str) -> None:
    write_case_note(world.case, world.users["social_worker"], "Home visit", NOTE_BODY)
    assert can_read_case_notes(world.users[persona], world.case) is False
    assert can_write_case_notes(world.users[persona], world.case) is False
    page = world.client_for(persona).get(reverse("case_detail", args=[world.case.pk]))
    assert page.status_code in {403, 404}
    assert NOTE_BODY not in page.content.decode()


def test_legal_reads_but_does_not_write(world: World) -> None:
    assert can_read_case_notes(world.users["legal"], world.case) is True
    assert can_write_case_notes(world.users["legal"], world.case) is False
    for writer in ("chair", "social_worker", "team_manager"):
        assert can_write_case_notes(world.users[writer], world.case) is True
