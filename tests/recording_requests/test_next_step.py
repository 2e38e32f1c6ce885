"""The one thing a family member does next (issue 12): pure rules over where things stand."""

from __future__ import annotations

import pytest

from onrecord.recording_requests.next_step import DeclarationState, Situation, Step, next_step


def _s(
    status: str | None = None,
    outcome: str | None = None,
    declaration: DeclarationState = DeclarationState.NONE,
    *,
    started: bool = False,
    can_ask: bool = True,
) -> Situation:
    return Situation(status, outcome, declaration, started, can_ask)


@pytest.mark.parametrize(
    ("situation", "step", "button"),
    [
        (_s(), Step.ASK, "Ask to record this meeting"),
        (_s("gathering_views", can_ask=False), Step.WAIT_DECISION, ""),
        (_s("decided", "refused"), Step.REFUSED, ""),
        (_s("decided", "allowed"), Step.WAIT_DECLARATION, ""),
        (_s("decided", "allowed", DeclarationState.WAITING), Step.SIGN, "Sign the declaration"),
        (_s("decided", "allowed", DeclarationState.SIGNED), Step.READY, ""),
        (_s("decided", "allowed", DeclarationState.WITHDRAWN, can_ask=False), Step.WITHDRAWN, ""),
        (_s("withdrawn"), Step.ASK, "Ask to record this meeting"),
        (_s("withdrawn", started=True), Step.WITHDRAWN, ""),
        (_s(started=True), Step.NOTHING, ""),
        (_s(can_ask=False), Step.NOTHING, ""),
    ],
)
def test_each_stage_has_one_next_step(situation: Situation, step: Step, button: str) -> None:
    found = next_step(situation)
    assert found.step == step
    assert found.button == button
    assert found.needs_me == bool(button)


def test_after_withdrawing_the_declaration_asking_again_is_offered_not_led_with() -> None:
    found = next_step(_s("decided", "allowed", DeclarationState.WITHDRAWN))
    assert found.step == Step.ASK
    assert found.button == "Ask to record this meeting"
    assert not found.needs_me
    assert "You withdrew your declaration" in found.says


def test_once_allowed_the_button_is_sign_not_ask() -> None:
    found = next_step(_s("decided", "allowed", DeclarationState.WAITING, can_ask=True))
    assert found.button == "Sign the declaration"


def test_after_withdrawing_nobody_is_told_they_can_record() -> None:
    for situation in (
        _s("decided", "allowed", DeclarationState.WITHDRAWN),
        _s("withdrawn"),
        _s("withdrawn", started=True),
    ):
        assert "You can record" not in next_step(situation).says


def test_the_wording_is_first_person() -> None:
    for situation in (_s("gathering_views"), _s("decided", "allowed"), _s("decided", "refused")):
        says = next_step(situation).says
        assert "You " in says or "you " in says
        assert not says.startswith(("They", "Their", "The family"))


def test_approved_notes_of_a_meeting_i_was_at_come_first() -> None:
    found = next_step(
        Situation("decided", "allowed", DeclarationState.SIGNED, True, False, record_ready=True)
    )
    assert found.step == Step.READ_RECORD
    assert found.button == "Read my part of the notes"
    assert found.needs_me
