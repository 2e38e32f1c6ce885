"""The explanatory statement's wording (issue 18): the family named once ("the Whitfield family",
never "the Whitfield family family"), and dates as GOV.UK writes them ("Tuesday 4 March 2025",
no leading zero)."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.disclosure.statement import (
    current_statement,
    family_phrase,
    long_date,
    statement_text,
)
from onrecord.vault.models import Recording
from tests.disclosure.conftest import run_meeting
from tests.support.personas import World


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Whitfield", "the Whitfield family"),
        ("Whitfield family", "the Whitfield family"),
        ("The Whitfield Family", "the Whitfield Family"),
        ("  Reid   family ", "the Reid family"),
        ("Family", "the Family"),
    ],
)
def test_the_family_is_named_once(written: str, said: str) -> None:
    assert family_phrase(written) == said


def test_dates_have_no_leading_zero() -> None:
    assert long_date(dt.date(2026, 12, 4)) == "Friday 4 December 2026"
    assert long_date(dt.date(2025, 3, 14)) == "Friday 14 March 2025"


def test_the_statement_from_the_record_reads_right(world: World, recording: Recording) -> None:
    world.case.family_name = "Whitfield family"  # as the demo case writes it
    world.case.save(update_fields=["family_name"])
    run_meeting(world)
    content = current_statement(recording).content
    reference = world.case.reference
    assert content["context"] == (
        f"Child protection conference about the Whitfield family (case {reference})."
    )
    text = statement_text(content, version=1)
    assert "Date: Tuesday 4 March 2025\n" in text
