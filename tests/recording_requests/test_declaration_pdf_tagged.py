"""The declaration PDF is a tagged PDF (PDF/UA-1) a screen reader can read: structure tree
with heading, paragraphs and list in reading order, language en-GB, the title in metadata
and shown as the window title (issue 12, accessible documents). Read back with pypdf."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject, PdfObject

from onrecord.recording_requests import services
from onrecord.recording_requests.declaration_pdf import render_declaration_pdf
from onrecord.recording_requests.declaration_text import EXPECTATIONS
from onrecord.recording_requests.models import Decision, Declaration, RecordingRequest
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import World

TITLE = "Declaration about recording meetings"


def _declaration(world: World) -> Declaration:
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


def _dict(value: PdfObject) -> DictionaryObject:
    resolved = value.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


def _structure_types(node: Any, found: list[str]) -> list[str]:
    """The structure types of the tree, depth first: the order a screen reader reads."""
    node = node.get_object()
    if hasattr(node, "get") and node.get("/S") is not None:
        found.append(str(node["/S"]))
    kids = node.get("/K") if hasattr(node, "get") else None
    if kids is None:
        return found
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") or isinstance(kid, dict):
            _structure_types(kid, found)
    return found


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_declaration_pdf_is_tagged_with_language_title_and_structure(world: World) -> None:
    pdf = PdfReader(io.BytesIO(render_declaration_pdf(_declaration(world))))
    catalog = pdf.root_object

    assert str(catalog["/Lang"]) == "en-GB"
    assert _dict(catalog["/MarkInfo"])["/Marked"] == BooleanObject(True)
    assert _dict(catalog["/ViewerPreferences"])["/DisplayDocTitle"] == BooleanObject(True)
    assert pdf.metadata is not None
    assert pdf.metadata.title == TITLE
    xmp = pdf.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": TITLE}
    assert xmp.get_element("", "http://www.aiim.org/pdfua/ns/id/", "part")

    types = _structure_types(catalog["/StructTreeRoot"], [])
    assert types.count("/H1") == 1
    assert types.count("/H2") == 1  # "The expectations"; not withdrawn, so no second
    assert types.index("/H1") < types.index("/H2") < types.index("/L")
    assert types.count("/LI") == len(EXPECTATIONS)
    assert types.count("/P") >= 6


def test_the_text_reads_in_the_order_of_the_page(world: World) -> None:
    declaration = _declaration(world)
    services.revoke_declaration(declaration, revoked_by=world.users["mother"])
    declaration.refresh_from_db()
    pdf = PdfReader(io.BytesIO(render_declaration_pdf(declaration)))
    text = _words(" ".join(page.extract_text() for page in pdf.pages))

    in_order = [
        declaration.case.authority.name,
        TITLE,
        f"I {declaration.worker} (Social worker) have discussed the expectations",
        "Signed: Tom Bennett",
        "The expectations",
        _words(EXPECTATIONS[0])[:40],
        _words(EXPECTATIONS[-1])[:40],
        "I Dana Whitfield confirm that I have understood",
        "Signed: Dana Whitfield",
        "Child(ren):",
        "Withdrawn",
        "This declaration was withdrawn on",
        f"Case {declaration.case.reference}. Declaration {declaration.pk}.",
    ]
    position = -1
    for phrase in in_order:
        found = text.find(phrase, position + 1)
        assert found > position, f"{phrase!r} missing or out of order in: {text}"
        position = found
    types = _structure_types(pdf.root_object["/StructTreeRoot"], [])
    assert types.count("/H2") == 2
