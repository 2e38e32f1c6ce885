"""Accessible (tagged) PDFs from Django templates, drawn by WeasyPrint as PDF/UA-1.

A tagged PDF carries a structure tree (headings, paragraphs, lists in reading order), the
document language (from the template's ``<html lang>``), and its title (from ``<title>``),
which viewers are told to show instead of the file name. That is what lets a screen reader
read the document (issue 12, accessible documents; WCAG 2.2 AA applies to documents we
issue, not only pages). Images in a template need ``alt`` text: WeasyPrint writes it into
the structure tree as the figure's alternative description.

The language of a part (WCAG 3.1.2; PDF 1.7 section 14.9.2.1, PDF/UA-1 7.2): an element with
its own ``lang`` attribute, such as the council's English legal wording in a Welsh declaration,
gets ``/Lang`` on its structure element, so a screen reader switches voice for it and back.
WeasyPrint 70.0 (pinned) writes only the document's language, to the catalog, from
``<html lang>`` (Kozea/WeasyPrint#1695); it reads ``lang`` on other elements for hyphenation
and line breaking but drops it from the structure tree, and offers no option or hook to add it
(its ``finisher`` runs after the tree is built and no longer knows which HTML element made
which structure element). So ``_tag_element_languages`` wraps the function that builds the
tree, ``weasyprint.pdf.tags._build_box_tree``, which calls itself through the module and so is
wrapped at every depth: each structure element made for an element with its own ``lang`` gets
``/Lang``; descendants inherit it, as PDF readers resolve language. It is a private function:
``tests/recording_requests/test_welsh_declaration_pdf_languages.py`` and
``tests/family_record/test_welsh_notes_pdf_languages.py`` read ``/Lang`` back from the
structure tree, so an upgrade that changes it fails there, not silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"

# The HTML elements whose structure is not written (WeasyPrint passes through to their
# children); their language is the document's, written to the catalog.
_PASSED_THROUGH = frozenset({"html", "body"})


def _language_of(box: Any) -> str | None:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) in _PASSED_THROUGH:
        return None
    lang = str(element.get("lang") or "").strip()
    return lang or None


def _tag_element_languages() -> None:
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags
    from weasyprint.pdf.tags import pydyf

    built: Callable[..., Iterator[Any]] = tags._build_box_tree
    if getattr(built, "onrecord_languages", False):
        return

    def build_with_languages(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        lang = None if isinstance(box, boxes.PageBox) else _language_of(box)
        for element in built(box, parent, *args):
            if lang is not None and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    build_with_languages.onrecord_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_with_languages


def render_tagged_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` with ``context`` and return it as a tagged PDF/UA-1 file."""
    # Imported here: WeasyPrint loads Pango on import, which only PDF-issuing code needs.
    from weasyprint import HTML

    _tag_element_languages()
    html = render_to_string(template_name, context)
    pdf: bytes | None = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None  # no target given, so WeasyPrint returns the bytes
    return pdf
