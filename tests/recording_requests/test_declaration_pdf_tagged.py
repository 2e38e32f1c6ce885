"""The declaration PDF is a tagged PDF (PDF/UA-1) a screen reader can read: structure tree
with heading, paragraphs and list in reading order, language en-GB, the title in metadata
and shown as the window title (issue 12, accessible documents). Read back with pypdf."""

from __future__ import annotations

from onrecord.recording_requests import services
from onrecord.recording_requests.declaration_pdf import render_declaration_pdf
from onrecord.recording_requests.declaration_text import EXPECTATIONS
from onrecord.recording_requests.models import Declaration
from tests.support.personas import World
from tests.support.tagged_pdf import assert_in_order, collapse, read_tagged_pdf

TITLE = "Declaration about recording meetings"


def test_the_declaration_pdf_is_tagged_with_language_title_and_structure(
    declaration: Declaration,
) -> None:
    pdf = read_tagged_pdf(render_declaration_pdf(declaration))

    assert pdf.lang == "en-GB"
    assert pdf.marked
    assert pdf.display_doc_title
    assert pdf.info_title == TITLE
    assert pdf.xmp_title == TITLE
    assert pdf.pdfua_part == "1"
    types = pdf.structure
    assert types.count("/H1") == 1
    assert types.count("/H2") == 1  # "The expectations"; not withdrawn, so no second
    assert types.index("/H1") < types.index("/H2") < types.index("/L")
    assert types.count("/LI") == len(EXPECTATIONS)
    assert types.count("/P") >= 6


def test_the_text_reads_in_the_order_of_the_page(world: World, declaration: Declaration) -> None:
    services.revoke_declaration(declaration, revoked_by=world.users["mother"])
    declaration.refresh_from_db()
    pdf = read_tagged_pdf(render_declaration_pdf(declaration))

    assert_in_order(
        pdf.text,
        [
            declaration.case.authority.name,
            TITLE,
            f"I {declaration.worker} (Social worker) have discussed the expectations",
            "Signed: Tom Bennett",
            "The expectations",
            collapse(EXPECTATIONS[0])[:40],
            collapse(EXPECTATIONS[-1])[:40],
            "I Dana Whitfield confirm that I have understood",
            "Signed: Dana Whitfield",
            "Child(ren):",
            "Withdrawn",
            "This declaration was withdrawn on",
            f"Case {declaration.case.reference}. Declaration {declaration.pk}.",
        ],
    )
    assert pdf.structure.count("/H2") == 2
