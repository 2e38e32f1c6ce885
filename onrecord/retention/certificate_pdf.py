"""The disposal certificate as a PDF, drawn with ReportLab from the certificate's stored JSON
(DisposalCertificate.content) each time it is issued, so the two never disagree."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from onrecord.vault.models import DisposalCertificate


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
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, wordWrap="CJK")
    content = certificate.content
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Disposal certificate {certificate.number}",
        author=str(content.get("authority", "")),
    )
    rows = [
        [Paragraph(f"<b>{escape(label)}</b>", body), Paragraph(escape(value), small)]
        for label, value in certificate_rows(certificate.number, content)
    ]
    table = Table(rows, colWidths=[55 * mm, 119 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#b1b4b6"),
            ]
        )
    )
    story = [
        Paragraph(escape(str(content.get("authority", ""))), styles["Heading3"]),
        Paragraph(f"Certificate of disposal {certificate.number}", styles["Title"]),
        Paragraph(
            "This certifies that the recording below was disposed of under the retention "
            "schedule by destroying its encryption key, so that it can never be decrypted. "
            "This certificate holds no part of the recording and is kept permanently.",
            body,
        ),
        Spacer(1, 5 * mm),
        table,
    ]
    doc.build(story)
    return buffer.getvalue()
