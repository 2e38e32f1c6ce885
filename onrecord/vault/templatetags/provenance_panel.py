"""The player page's provenance panel, for a recording a family brought: its receipt and where
it sits on the meeting's timeline. Shown to staff who may make a court bundle of it (the same
people who see it in the bundle); the page's own view is already audited."""

from __future__ import annotations

from typing import Any

from django import template

from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_export
from onrecord.vault.provenance.report_text import clock, describe
from onrecord.vault.provenance.services import latest_report, pending_alignment, receipt_of

register = template.Library()


@register.inclusion_tag("vault/_provenance_panel.html", takes_context=True)
def provenance_panel(context: template.Context, recording: Recording) -> dict[str, Any]:
    user = context["request"].user
    if recording.kind != Recording.Kind.PARENT_COPY or not can_export(user, recording):
        return {"show": False}
    receipt = receipt_of(recording)
    report = latest_report(recording)
    metadata = receipt.metadata if receipt else {}
    tags = {**metadata.get("tags", {}), **metadata.get("stream_tags", {})}
    return {
        "show": True,
        "recording": recording,
        "receipt": receipt,
        "metadata": metadata,
        "tags": sorted(tags.items()),
        "metadata_duration": clock(metadata["duration_seconds"])
        if metadata.get("duration_seconds") is not None
        else "",
        "report": report,
        "described": describe(report.outcome, report.result) if report else None,
        "pending": pending_alignment(recording),
        "can_compare": recording.disposed_at is None,
    }
