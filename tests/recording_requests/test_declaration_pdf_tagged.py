"""The declaration PDF is a tagged PDF (PDF/UA-1) a screen reader can read: structure tree
with heading, paragraphs and list in reading order, language en-GB, the title in metadata
and shown as the window title (issue 12, accessible documents). Read back with pypdf."""

from __future__ import annotations

import pytest

from onrecord.recording_requests import services
from onrecord.recording_requests.declaration_pdf import render_declaration_pdf
from onrecord.recording_requests.declaration_text import EXPECTATIONS
from onrecord.recording_requests.models import Decision, Declaration, RecordingRequest
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import World
from tests.support.tagged_pdf import assert_in_order, collapse, read_tagged_pdf

TITLE = "Declaration about recording meetings"


@pytest.fixture
def declaration(world: World) -> Declaration:
    """Dana's request (through the family's journey) allowed, and the declaration prepared by
    her social worker and signed by her: the set-up each test of the PDF shares."""
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    Decision.objects.create(
        request=made,
        outcome="allowed",
        decided_by=world.users["chair"],
        decided_by_role="Chair",
        reason="To help Dana remember the plan.",
        policy_outcome="allowed",
        policy_decision={"outcome": "allowed"},
    )
    made.status = RecordingRequest.Status.DECIDED
    made.save()
    declaration = services.prepare_declaration(
        made,
        world.users["social_worker"],
        worker_position="Social worker",
        worker_signed_name="Tom Bennett",
    )
    return services.sign_declaration(
        declaration,
        choice="agree",
        understands_until_revoked=True,
        signed_name="Dana Whitfield",
        signed_by=world.users["mother"],
    )


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
