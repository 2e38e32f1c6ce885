"""Reading a tagged PDF back with pypdf, as a screen reader would find it: the catalog's
accessibility entries and the structure tree in reading order (issue 12)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject, PdfObject

PDF_UA_NS = "http://www.aiim.org/pdfua/ns/id/"


@dataclass(frozen=True)
class TaggedPdf:
    lang: str
    marked: bool
    display_doc_title: bool
    info_title: str | None
    xmp_title: str | None
    pdfua_part: str | None
    structure: list[str]  # structure types, depth first: the order a screen reader reads
    text: str  # the pages' text, whitespace collapsed


def _dict(value: PdfObject | None) -> DictionaryObject:
    assert value is not None
    resolved = value.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


def _structure_types(node: PdfObject, found: list[str]) -> list[str]:
    resolved = node.get_object()
    if not isinstance(resolved, DictionaryObject):
        return found  # a marked-content id: the leaf holding the text itself
    if resolved.get("/S") is not None:
        found.append(str(resolved["/S"]))
    kids = resolved.get("/K")
    if kids is None:
        return found
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        _structure_types(kid, found)
    return found


def collapse(text: str) -> str:
    """Whitespace collapsed, as extracted text is compared."""
    return re.sub(r"\s+", " ", text).strip()


def read_tagged_pdf(data: bytes) -> TaggedPdf:
    pdf = PdfReader(io.BytesIO(data))
    catalog = pdf.root_object
    xmp = pdf.xmp_metadata
    part = list(xmp.get_element("", PDF_UA_NS, "part")) if xmp is not None else []
    return TaggedPdf(
        lang=str(catalog.get("/Lang", "")),
        marked=_dict(catalog.get("/MarkInfo")).get("/Marked") == BooleanObject(True),
        display_doc_title=_dict(catalog.get("/ViewerPreferences")).get("/DisplayDocTitle")
        == BooleanObject(True),
        info_title=pdf.metadata.title if pdf.metadata is not None else None,
        xmp_title=(xmp.dc_title or {}).get("x-default") if xmp is not None else None,
        pdfua_part=str(part[0].firstChild.data) if part else None,
        structure=_structure_types(catalog["/StructTreeRoot"], [])
        if "/StructTreeRoot" in catalog
        else [],
        text=collapse(" ".join(p.extract_text() for p in pdf.pages)),
    )


def assert_in_order(text: str, phrases: list[str]) -> None:
    position = -1
    for phrase in phrases:
        found = text.find(phrase, position + 1)
        assert found > position, f"{phrase!r} missing or out of order in: {text}"
        position = found


def languages_of_parts(data: bytes) -> list[tuple[str, str]]:
    """The structure elements that carry their own /Lang, depth first: (type, language)."""
    found: list[tuple[str, str]] = []

    def walk(node: PdfObject) -> None:
        resolved = node.get_object()
        if not isinstance(resolved, DictionaryObject):
            return
        if resolved.get("/S") is not None and "/Lang" in resolved:
            found.append((str(resolved["/S"]), str(resolved["/Lang"])))
        kids = resolved.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    walk(PdfReader(io.BytesIO(data)).root_object["/StructTreeRoot"])
    return found
