"""A printable PDF of a declaration, drawn with ReportLab: what was agreed, by whom and when,
and whether it has since been withdrawn. Regenerated from the record, so it never disagrees
with it; its SHA-256 is audited each time it is issued."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from onrecord.recording_requests.declaration_text import EXPECTATIONS, SOURCES
from onrecord.recording_requests.models import Declaration


def _when(value: object) -> str:
    if value is None:
        return "not yet"
    return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"  # type: ignore[arg-type]


def render_declaration_pdf(declaration: Declaration) -> bytes:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=11, leading=15)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12)
    authority = declaration.case.authority.name
    children = ", ".join(c.full_name for c in declaration.children.all())
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Declaration about recording meetings",
        author=authority,
        subject=f"Case {declaration.case.reference}",
    )
    story = [
        Paragraph(authority, styles["Heading3"]),
        Paragraph("Declaration about recording meetings", styles["Title"]),
        Paragraph(
            f"I <b>{declaration.worker} ({declaration.worker_position})</b> have discussed the "
            f"expectations around recording meetings with <b>{declaration.family_member}</b> "
            f"on <b>{declaration.discussed_on:%-d %B %Y}</b>.",
            body,
        ),
        Paragraph(
            f"Signed: {declaration.worker_signed_name}, {_when(declaration.worker_signed_at)}",
            body,
        ),
        Spacer(1, 6 * mm),
        Paragraph("The expectations", styles["Heading2"]),
        ListFlowable(
            [ListItem(Paragraph(text, body)) for text in EXPECTATIONS], bulletType="bullet"
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            f"I <b>{declaration.family_member}</b> confirm that I have understood the above "
            f"principles and expectations of recording meetings which take place with "
            f"{authority}.",
            body,
        ),
    ]
    if declaration.is_signed:
        story += [
            Paragraph(f"[x] {declaration.get_choice_display()}", body),
            Paragraph(
                "[x] I understand that the declaration and expectations agreed to today will "
                "remain in place until such time as I expressly revoke my consent to them",
                body,
            ),
            Paragraph(
                f"Signed: {declaration.family_signed_name}, {_when(declaration.family_signed_at)}",
                body,
            ),
        ]
        if declaration.signed_version == "easy_read":
            # The record shows which version was read and signed, in its own words (issue 12).
            story.append(Paragraph("Signed from the easy-read version. The words signed:", body))
            story += [
                Paragraph(escape(line), body) for line in declaration.signed_text.splitlines()
            ]
    else:
        story.append(Paragraph("Not yet signed by the family member.", body))
    story.append(Paragraph(f"Child(ren): {children}", body))
    if declaration.is_revoked:
        revocation = declaration.revocation
        story += [
            Spacer(1, 6 * mm),
            Paragraph("Withdrawn", styles["Heading2"]),
            Paragraph(
                f"This declaration was withdrawn on {_when(revocation.revoked_at)}. "
                "No further recording takes place under it.",
                body,
            ),
        ]
    story += [
        Spacer(1, 10 * mm),
        Paragraph(
            f"Case {declaration.case.reference}. Declaration {declaration.pk}. "
            f"Sources: {'; '.join(SOURCES)}.",
            small,
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
