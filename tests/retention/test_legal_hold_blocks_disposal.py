"""While any legal hold covers a recording, disposal is refused with a clear reason; lifting
the hold (with a reason) allows it again; the history is never edited."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import ImmutableRecordError
from onrecord.retention.disposal import (
    DisposalRefused,
    HoldError,
    dispose,
    lift_hold,
    place_hold,
)
from onrecord.vault.models import KEY_TOMBSTONE, LegalHold, Recording
from tests.support.personas import World


def test_a_hold_on_the_case_blocks_disposal_until_lifted(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    legal = world.users["legal"]
    hold = place_hold(
        case=world.case,
        by=legal,
        reason="Care proceedings: the conference audio may be directed",
        reference="ZC26C00417",
    )
    with pytest.raises(DisposalRefused, match=r"under legal hold \(ZC26C00417.*lifted"):
        dispose(warned_recording, by=records_manager)
    assert Recording.objects.get(pk=warned_recording.pk).disposed_at is None

    lift_hold(hold, by=legal, reason="Final order made; no appeal")
    certificate = dispose(warned_recording, by=records_manager)
    assert certificate.recording_id == warned_recording.pk
    actions = list(
        AuditEvent.objects.filter(
            action__in=["vault.legal_hold_placed", "vault.legal_hold_lifted", "vault.disposed"]
        ).values_list("action", flat=True)
    )
    assert actions == ["vault.legal_hold_placed", "vault.legal_hold_lifted", "vault.disposed"]


def test_a_hold_on_the_one_recording_blocks_it(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    place_hold(
        case=world.case,
        recording=warned_recording,
        by=records_manager,
        reason="Complaint under investigation",
        reference="COMP-2026-88",
    )
    with pytest.raises(DisposalRefused, match="COMP-2026-88"):
        dispose(warned_recording, by=records_manager)


def test_a_hold_on_another_case_does_not_block(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    hold = place_hold(  # by Westford's own records manager: a council holds only its own records
        case=world.other_case,
        by=world.users["other_records_manager"],
        reason="Their proceedings",
        reference="X1",
    )
    certificate = dispose(warned_recording, by=records_manager)
    assert certificate.recording_id == warned_recording.pk
    disposed = Recording.objects.get(pk=warned_recording.pk)
    assert disposed.disposed_at is not None
    assert bytes(disposed.wrapped_key) == KEY_TOMBSTONE
    # The other case's hold is untouched: still in force, not lifted to let this through.
    assert not LegalHold.objects.filter(pk=hold.pk, release__isnull=False).exists()
    assert AuditEvent.objects.filter(
        action="vault.disposed", object_id=str(warned_recording.pk)
    ).exists()


def test_the_history_is_append_only(world: World, records_manager: Any) -> None:
    hold = place_hold(case=world.case, by=records_manager, reason="Proceedings", reference="R1")
    hold.reason = "changed"
    with pytest.raises(ImmutableRecordError, match="never edited"):
        hold.save()
    with pytest.raises(ImmutableRecordError, match="never deleted"):
        hold.delete()
    release = lift_hold(hold, by=records_manager, reason="Concluded")
    with pytest.raises(ImmutableRecordError, match="never deleted"):
        release.delete()
    with pytest.raises(HoldError, match="already lifted"):
        lift_hold(LegalHold.objects.get(pk=hold.pk), by=records_manager, reason="Again")


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("legal", True),
        ("chair", False),
        ("social_worker", False),
        ("team_manager", False),
        ("outsider", False),
        ("other_authority", False),
        ("mother", False),
        ("nurse", False),
        ("admin", True),
    ],
)
def test_who_may_place_a_hold(world: World, persona: str, allowed: bool) -> None:
    def place() -> LegalHold:
        return place_hold(
            case=world.case, by=world.users[persona], reason="Proceedings", reference="R2"
        )

    if allowed:
        assert place().placed_by == world.users[persona]
    else:
        with pytest.raises(HoldError, match="may not place legal holds"):
            place()


def test_a_hold_needs_a_reason_and_a_reference(world: World) -> None:
    legal = world.users["legal"]
    with pytest.raises(HoldError, match="Enter the reason"):
        place_hold(case=world.case, by=legal, reason="  ", reference="R3")
    with pytest.raises(HoldError, match="Enter the court case or matter reference"):
        place_hold(case=world.case, by=legal, reason="Proceedings", reference="")
    assert not LegalHold.objects.exists()
