"""The statement is append-only: the chair's correction is a new version naming the one it
replaces, approval is a version too, and after it nothing changes; no version is ever edited."""

from __future__ import annotations

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import ImmutableRecordError
from onrecord.disclosure.statement import (
    StatementRefused,
    approve_statement,
    current_statement,
    revise_statement,
)
from onrecord.vault.models import ExplanatoryStatement, Recording
from tests.support.personas import World


def test_a_correction_is_a_new_version(world: World, recording: Recording) -> None:
    first = current_statement(recording)
    chair = world.users["chair"]
    second = revise_statement(
        recording,
        by=chair,
        context="Initial conference about Jade and Leo.",
        speakers=[{"name": "Priya Shah", "role": "Chair"}],
        ended_at="2025-03-04T11:50",
        notes="End time corrected from the chair's notes.",
    )
    assert (second.version, second.replaces, second.source) == (2, first, "chair")
    assert second.written_by == chair
    assert second.content["context"] == "Initial conference about Jade and Leo."
    assert second.content["ended_at"] == "2025-03-04T11:50+00:00"
    assert second.content["where"] == first.content["where"]
    first.refresh_from_db()
    assert first.content["context"] != second.content["context"]  # the old version stands
    assert current_statement(recording) == second
    assert AuditEvent.objects.filter(
        action="create", object_type="vault.explanatorystatement", object_id=str(second.pk)
    ).exists()


def test_approval_locks_it(world: World, recording: Recording) -> None:
    chair = world.users["chair"]
    approved = approve_statement(recording, by=chair)
    assert (approved.approved, approved.version) == (True, 2)
    assert approved.content == approved.replaces.content  # type: ignore[union-attr]
    with pytest.raises(StatementRefused, match="approved"):
        revise_statement(recording, by=chair, notes="too late")
    assert ExplanatoryStatement.objects.filter(recording=recording).count() == 2


@pytest.mark.parametrize("persona", ["social_worker", "team_manager", "mother"])
def test_only_the_chair_corrects_it(world: World, recording: Recording, persona: str) -> None:
    with pytest.raises(StatementRefused, match="chair"):
        revise_statement(recording, by=world.users[persona], notes="mine")
    with pytest.raises(StatementRefused, match="chair"):
        approve_statement(recording, by=world.users[persona])


def test_the_recordings_own_details_are_not_correctable(world: World, recording: Recording) -> None:
    with pytest.raises(StatementRefused, match="recording"):
        revise_statement(recording, by=world.users["chair"], authority="Another council")
    with pytest.raises(StatementRefused, match="end before"):
        revise_statement(
            recording,
            by=world.users["chair"],
            started_at="2025-03-04T11:00",
            ended_at="2025-03-04T10:00",
        )


def test_a_version_is_never_edited_or_deleted(world: World, recording: Recording) -> None:
    statement = current_statement(recording)
    statement.content = {"where": "elsewhere"}
    with pytest.raises(ImmutableRecordError):
        statement.save()
    with pytest.raises(ImmutableRecordError):
        statement.delete()
