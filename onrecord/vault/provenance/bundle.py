"""The provenance report in a court bundle (disclosure/bundle.py adds these files): for a
recording a family brought, provenance.json (the receipt, and every comparison with the
council's recording, the latest last) and provenance.txt (the same in plain English)."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from onrecord.vault.models import Recording
from onrecord.vault.models.provenance import AlignmentReport, Receipt
from onrecord.vault.provenance.report_text import report_text
from onrecord.vault.provenance.services import receipt_of

FORMAT = "onrecord-provenance/1"


def receipt_data(receipt: Receipt) -> dict[str, Any]:
    recording = receipt.recording
    received_by = receipt.received_by
    return {
        "recording": str(recording.pk),
        "family_member": recording.family_member.full_name if recording.family_member else "",
        "given_by": receipt.given_by,
        "obtained": receipt.obtained,
        "obtained_label": receipt.get_obtained_display(),
        "obtained_details": receipt.obtained_details,
        "received_by": received_by.get_full_name() or received_by.username,
        "received_at": timezone.localtime(receipt.received_at).isoformat(),
        "sha256": recording.sha256,
        "size": recording.size,
        "original_filename": recording.original_filename,
        "metadata": receipt.metadata,
    }


def report_data(report: AlignmentReport) -> dict[str, Any]:
    return {
        "outcome": report.outcome,
        "outcome_label": report.get_outcome_display(),
        "reference": str(report.reference_id) if report.reference_id else None,
        "reference_sha256": report.reference.sha256 if report.reference else None,
        "made_at": timezone.localtime(report.made_at).isoformat(),
        "method": report.method,
        "result": report.result,
    }


def provenance_files(recording: Recording) -> list[tuple[str, bytes]]:
    """The bundle's provenance files, or none for a recording with no receipt."""
    receipt = receipt_of(recording)
    if receipt is None:
        return []
    reports = [
        report_data(r)
        for r in recording.alignment_reports.select_related("reference").order_by("made_at", "id")
    ]
    receipt_json = receipt_data(receipt)
    data = {
        "format": FORMAT,
        "about": "Where this recording came from (who gave it, how it was obtained, who "
        "received it, what the file says about itself) and where it sits on the timeline of "
        "the council's own recording of the meeting: times are seconds from the start of "
        "each recording (docs/VAULT.md, Provenance).",
        "receipt": receipt_json,
        "comparisons": reports,
    }
    text = report_text(receipt_json, reports[-1] if reports else None)
    return [
        (
            "provenance.json",
            (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode(),
        ),
        ("provenance.txt", text.encode()),
    ]
