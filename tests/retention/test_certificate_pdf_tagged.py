"""The disposal certificate PDF is a tagged PDF (PDF/UA-1): heading, paragraph and a table
whose row headers label each fact, language en-GB, title shown (issue 12, accessible
documents). Read back with pypdf."""

from __future__ import annotations

from typing import Any

from onrecord.retention.certificate_pdf import certificate_rows, render_certificate_pdf
from onrecord.retention.disposal import dispose
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.support.tagged_pdf import assert_in_order, read_tagged_pdf


def test_the_certificate_pdf_is_tagged_and_reads_in_order(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    certificate = dispose(warned_recording, by=records_manager)
    pdf = read_tagged_pdf(render_certificate_pdf(certificate))
    title = f"Disposal certificate {certificate.number}"

    assert pdf.lang == "en-GB"
    assert pdf.marked
    assert pdf.display_doc_title
    assert pdf.info_title == title
    assert pdf.xmp_title == title
    assert pdf.pdfua_part == "1"
    rows = certificate_rows(certificate.number, certificate.content)
    assert pdf.structure.count("/H1") == 1
    assert pdf.structure.count("/Table") == 1
    assert pdf.structure.count("/TH") == len(rows)
    assert pdf.structure.count("/TD") == len(rows)
    assert pdf.structure.index("/H1") < pdf.structure.index("/Table")

    assert_in_order(
        pdf.text,
        [
            f"Certificate of disposal {certificate.number}",
            "This certifies that the recording below was disposed of",
            "Certificate number",
            "Recording",
            str(warned_recording.pk),
            "Method",
            "Audit entry",
        ],
    )
