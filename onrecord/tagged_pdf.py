"""Accessible (tagged) PDFs from Django templates, drawn by WeasyPrint as PDF/UA-1.

A tagged PDF carries a structure tree (headings, paragraphs, lists in reading order), the
document language (from the template's ``<html lang>``), and its title (from ``<title>``),
which viewers are told to show instead of the file name. That is what lets a screen reader
read the document (issue 12, accessible documents; WCAG 2.2 AA applies to documents we
issue, not only pages). Images in a template need ``alt`` text: WeasyPrint writes it into
the structure tree as the figure's alternative description.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def render_tagged_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` with ``context`` and return it as a tagged PDF/UA-1 file."""
    # Imported here: WeasyPrint loads Pango on import, which only PDF-issuing code needs.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    pdf: bytes | None = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None  # no target given, so WeasyPrint returns the bytes
    return pdf
