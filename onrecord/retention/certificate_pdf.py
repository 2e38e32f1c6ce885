"""The disposal certificate as a tagged PDF (PDF/UA-1), drawn with WeasyPrint from the
certificate's stored JSON (DisposalCertificate.content) each time it is issued, so the two
never disagree."""

from __future__ import annotations

from typing import Any

from onrecord.tagged_pdf import render_tagged_pdf
from onrecord.vault.models import DisposalCertificate

TEMPLATE = "retention/pdf/certificate.html"


def certificate_rows(number: int, content: dict[str, Any]) -> list[tuple[str, str]]:
    """The certificate's facts as (label, value), in the order printed."""
    recording = content.get("recording", {})
    rule = content.get("rule", {})
    who = content.get("authorised_by", {})
    audit_event = content.get("audit_event", {})
    also = rule.get("also_applied") or []
    return [
        ("Certificate number", str(number)),
        ("Authority", str(content.get("authority", ""))),
        ("Recording", str(recording.get("id", ""))),
        ("What it was", str(recording.get("kind", ""))),
        ("Case reference", str(recording.get("case_reference", ""))),
        ("Meeting date", str(recording.get("meeting_date", ""))),
        ("SHA-256 of the original", str(recording.get("sha256", ""))),
        ("Size of the original", f"{recording.get('size', '')} bytes"),
        ("Record type", str(content.get("record_type", ""))),
        ("Retention rule", f"{rule.get('label', '')}: {rule.get('description', '')}"),
        ("Source of the rule", str(rule.get("source", ""))),
        ("Also applied", ", ".join(also) if also else "none"),
        ("Schedule", str(content.get("schedule", ""))),
        ("Due for disposal on", str(content.get("due_on", ""))),
        ("Record owner warned", str(content.get("owner_warned_at") or "")),
        (
            "Authorised by",
            f"{who.get('name', '')} ({who.get('username', '')}, {who.get('role', '')})",
        ),
        ("Disposed of at (UTC)", str(content.get("disposed_at", ""))),
        ("Method", str(content.get("method", ""))),
        ("Key-encryption key", str(content.get("kek_id", ""))),
        (
            "SHA-256 of the destroyed wrapped key",
            str(content.get("destroyed_wrapped_key_sha256", "")),
        ),
        ("Audit entry", f"{audit_event.get('seq', '')} (hash {audit_event.get('hash', '')})"),
    ]


def render_certificate_pdf(certificate: DisposalCertificate) -> bytes:
    """A tagged PDF (PDF/UA-1): heading, paragraph and a table whose row headers label each
    fact, language en-GB, title shown (issue 12, accessible documents)."""
    content = certificate.content
    return render_tagged_pdf(
        TEMPLATE,
        {
            "number": certificate.number,
            "authority": str(content.get("authority", "")),
            "rows": certificate_rows(certificate.number, content),
        },
    )
