"""The Word download opens in python-docx and holds the minutes: heading, attendees, each item
with its discussion, decisions and actions table, and whether it is approved; audited."""

from __future__ import annotations

import io

from docx import Document

from onrecord.audit.models import AuditEvent
from onrecord.minutes import services
from onrecord.minutes.models import MinutesVersion
from tests.support.personas import World


def _text(body: bytes) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(body))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[cell.text for cell in row.cells] for t in document.tables for row in t.rows]
    return text, tables


def test_the_draft_downloads_as_a_word_document(drafted: MinutesVersion, ran: World) -> None:
    response = ran.client_for("social_worker").get(f"/meetings/{ran.meeting.pk}/minutes.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="minutes-2025-03-04-v1.docx"' in response["Content-Disposition"]
    text, _ = _text(response.content)
    assert "Minutes: Initial child protection conference" in text
    assert "Version 1: DRAFT, not approved by the chair." in text
    assert "Chair: Priya Shah" in text
    assert "Amira Hassan, School nurse (Eastmere Community Health NHS Trust)" in text
    assert "1. Introductions, purpose of the conference and recording" in text
    assert "Priya Shah (Chair): Good morning this conference is being recorded" in text
    assert "Jade is doing better at [school?]" in text
    downloaded = AuditEvent.objects.filter(action="minutes.download", object_id=str(drafted.pk))
    assert downloaded.get().detail == {"version": 1, "approved": False, "format": "docx"}


def test_approved_minutes_with_actions(drafted: MinutesVersion, ran: World) -> None:
    item = drafted.content["items"][-1]
    from onrecord.minutes.edit import Action

    services.save_changes(
        ran.meeting,
        by=ran.users["chair"],
        changes={
            "items": {
                str(item["id"]): {
                    "decisions": "Child protection plan under neglect.",
                    "actions": [Action("Book the core group", "Tom Bennett", "2025-03-14")],
                }
            }
        },
        based_on=1,
    )
    services.approve(ran.meeting, by=ran.users["chair"], based_on=2)  # adds no version
    response = ran.client_for("chair").get(f"/meetings/{ran.meeting.pk}/minutes.docx")
    text, tables = _text(response.content)
    assert "Version 2, approved by Priya Shah on " in text
    assert "Child protection plan under neglect." in text
    assert ["Action", "Owner", "By when"] in tables
    assert ["Book the core group", "Tom Bennett", "14 March 2025"] in tables
