"""Disclosure's panels on the vault's player page: the explanatory statement (with the chair's
way to correct or approve it) and the link to make a bundle. The vault's page loads these tags;
the vault's code never imports disclosure."""

from __future__ import annotations

from typing import Any

from django import template

from onrecord.disclosure.statement import current_statement, statement_times
from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_correct_statement, can_export

register = template.Library()


@register.inclusion_tag("disclosure/_player_statement.html", takes_context=True)
def statement_panel(context: template.Context, recording: Recording) -> dict[str, Any]:
    """The current statement (version 1 is filled from the meeting's record on first view)."""
    statement = current_statement(recording)
    return {
        "recording": recording,
        "statement": statement,
        "statement_times": statement_times(statement.content),
        "can_correct_statement": can_correct_statement(context["request"].user, recording),
    }


@register.inclusion_tag("disclosure/_player_bundle.html", takes_context=True)
def bundle_panel(context: template.Context, recording: Recording) -> dict[str, Any]:
    return {"recording": recording, "can_export": can_export(context["request"].user, recording)}
