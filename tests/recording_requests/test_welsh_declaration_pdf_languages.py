"""A Welsh declaration PDF marks the council's English legal wording as English in its
structure tree (`/Lang en-GB` on those structure elements; WCAG 3.1.2, PDF/UA-1 7.2), so a
screen reader reads it with an English voice and the Welsh parts with a Welsh one. Read back
with pypdf from the structure tree (onrecord/tagged_pdf.py says how the language gets there)."""

from __future__ import annotations

from django.utils import translation

from onrecord.recording_requests.declaration_pdf import render_declaration_pdf
from onrecord.recording_requests.models import Declaration
from tests.support.tagged_pdf import languages_of_parts, read_tagged_pdf

# In the order of the page: "I (worker) have discussed...", the expectations list, "I (family
# member) confirm...", the two ticked statements, and the sources at the foot (a span, which
# WeasyPrint tags once per line it runs over).
ENGLISH_BLOCKS = ["/P", "/L", "/P", "/P", "/P"]


def _english_parts(data: bytes) -> list[str]:
    parts = languages_of_parts(data)
    assert {lang for _, lang in parts} == {"en-GB"}
    kinds = [kind for kind, _ in parts]
    blocks, spans = kinds[: len(ENGLISH_BLOCKS)], kinds[len(ENGLISH_BLOCKS) :]
    assert spans, "the sources line is not marked English"
    assert set(spans) == {"/Span"}
    return blocks


def test_the_welsh_declaration_marks_each_english_paragraph(declaration: Declaration) -> None:
    with translation.override("cy"):
        data = render_declaration_pdf(declaration)
    pdf = read_tagged_pdf(data)
    assert pdf.lang == "cy"
    assert "Datganiad am recordio cyfarfodydd" in pdf.text
    assert _english_parts(data) == ENGLISH_BLOCKS
    # The Welsh paragraphs ("Signed: ...", the children) carry no language of their own: they
    # are the document's (cy).
    assert pdf.structure.count("/P") > ENGLISH_BLOCKS.count("/P")


def test_the_english_declaration_marks_the_same_parts(declaration: Declaration) -> None:
    data = render_declaration_pdf(declaration)
    assert read_tagged_pdf(data).lang == "en-GB"
    assert _english_parts(data) == ENGLISH_BLOCKS
