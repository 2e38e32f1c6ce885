"""The family's notes downloaded in Welsh: the PDF is Welsh (`/Lang cy`), and the minutes,
which the chair writes in English (who was there, each line, the notes on the whole meeting),
are marked English on their own structure elements (`/Lang en-GB`), so a screen reader reads
them with an English voice (WCAG 3.1.2, PDF/UA-1 7.2). Read back from the structure tree."""

from __future__ import annotations

from django.urls import reverse

from onrecord.minutes.models import MinutesVersion
from tests.support.personas import World
from tests.support.tagged_pdf import languages_of_parts, read_tagged_pdf


def test_the_welsh_notes_pdf_marks_the_english_minutes(
    world: World, approved: MinutesVersion
) -> None:
    client = world.client_for("mother")
    client.post(reverse("choose_language"), {"language": "cy", "next": reverse("home")})
    response = client.get(reverse("family_record_download", args=[world.meeting.pk, "pdf"]))
    assert response.status_code == 200
    pdf = read_tagged_pdf(response.content)
    assert pdf.lang == "cy"
    assert "Fy nodiadau o’r cyfarfod" in pdf.text

    parts = languages_of_parts(response.content)
    assert {lang for _, lang in parts} == {"en-GB"}
    kinds = [kind for kind, _ in parts]
    assert kinds[0] == "/L"  # who was there
    assert kinds.count("/P") >= 3  # the lines of the items about her children, in English
    # Her own Welsh words ("The chair writes these notes in English.", the headings) are not.
    assert pdf.structure.count("/P") > kinds.count("/P")
    assert "/H1" not in kinds
