"""The minutes as plain text (for court bundles) and as a Word document (councils edit and
circulate minutes in Word): no Django, only python-docx.

Both are made from one outline (`sections`), so the text and the document say the same.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.shared import Pt

# Speech before the first agenda item started, and after the last one ended (draft.py).
OPENING = "Before the first agenda item"
CLOSING = "After the last agenda item"


@dataclass(frozen=True)
class Status:
    version: int
    approved: bool
    approved_by: str = ""
    approved_at: str = ""  # e.g. "4 March 2025, 3:10pm"


@dataclass(frozen=True)
class Section:
    heading: str
    level: int  # 1: a section of the minutes, 2: inside an agenda item
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row: the column headings


def _lines(text: Any) -> tuple[str, ...]:
    return tuple(line for line in str(text or "").splitlines() if line.strip())


def _day(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).strftime("%-d %B %Y")
    except ValueError:
        return value


def title(content: Mapping[str, Any]) -> str:
    heading = content.get("heading", {})
    return f"Minutes: {heading.get('meeting', 'meeting')}"


def status_line(status: Status) -> str:
    if status.approved:
        by = f" by {status.approved_by}" if status.approved_by else ""
        at = f" on {status.approved_at}" if status.approved_at else ""
        return f"Version {status.version}, approved{by}{at}."
    return f"Version {status.version}: DRAFT, not approved by the chair."


def sections(content: Mapping[str, Any]) -> list[Section]:
    heading = content.get("heading", {})
    times = heading.get("started_at", "")
    if heading.get("ended_at"):
        times += f" to {heading['ended_at']}"
    out = [
        Section(
            "Meeting",
            1,
            (
                f"Meeting: {heading.get('meeting', '')}",
                f"Local authority: {heading.get('authority', '')}",
                f"Date: {_day(str(heading.get('date', '')))}",
                f"Time: {times or 'not recorded'}",
                f"Place: {heading.get('place', '')} ({heading.get('mode', '')})",
                f"Chair: {heading.get('chair') or 'not recorded'}",
            ),
        ),
        Section("Present", 1, _lines(content.get("attendees")) or ("Nobody was marked present.",)),
        Section("Apologies and absent", 1, _lines(content.get("apologies")) or ("None.",)),
        Section("Recording of the meeting", 1, _lines(content.get("recording"))),
    ]
    if content.get("unsure_note"):
        out.append(Section("About the discussion notes", 1, (str(content["unsure_note"]),)))
    if _lines(content.get("opening")):
        out.append(Section(OPENING, 1, _lines(content.get("opening"))))
    for item in content.get("items", []):
        span = item.get("started_at", "")
        if item.get("ended_at"):
            span += f" to {item['ended_at']}"
        out.append(
            Section(
                f"{item.get('position')}. {item.get('title', '')}",
                1,
                (f"Time: {span}",) if span else (),
            )
        )
        out.append(Section("Discussion", 2, _lines(item.get("discussion")) or ("None recorded.",)))
        out.append(Section("Decisions", 2, _lines(item.get("decisions")) or ("None recorded.",)))
        actions = item.get("actions") or []
        out.append(
            Section(
                "Actions",
                2,
                () if actions else ("None recorded.",),
                (
                    (
                        ("Action", "Owner", "By when"),
                        *((a["action"], a["owner"], _day(a["due"])) for a in actions),
                    )
                    if actions
                    else ()
                ),
            )
        )
    if _lines(content.get("closing")):
        out.append(Section(CLOSING, 1, _lines(content.get("closing"))))
    for key, name in (
        ("objections", "Objections and disagreements"),
        ("incidents", "Incidents"),
        ("log", "From the chair's log of the meeting"),
        ("notes", "Other notes"),
    ):
        if _lines(content.get(key)):
            out.append(Section(name, 1, _lines(content.get(key))))
    speakers = content.get("main_speakers") or []
    if speakers:
        out.append(
            Section(
                "Main speakers (by time spoken, from the transcript)",
                1,
                tuple(
                    f"{s['name']}" + (f", {s['role']}" if s.get("role") else "") for s in speakers
                ),
            )
        )
    return out


def as_text(content: Mapping[str, Any], status: Status) -> str:
    lines = [title(content).upper(), status_line(status), ""]
    for section in sections(content):
        lines.append(section.heading if section.level == 1 else f"  {section.heading}")
        indent = "    " if section.level == 2 else "  "
        lines += [f"{indent}{p}" for p in section.paragraphs]
        lines += [f"{indent}{' | '.join(row)}" for row in section.table]
        lines.append("")
    return "\n".join(lines)


def as_docx(content: Mapping[str, Any], status: Status) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    document.core_properties.title = title(content)
    document.core_properties.subject = status_line(status)
    document.add_heading(title(content), level=0)
    document.add_paragraph(status_line(status)).runs[0].bold = True
    for section in sections(content):
        document.add_heading(section.heading, level=section.level)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        if section.table:
            head, *rows = section.table
            table = document.add_table(rows=1, cols=len(head))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, head, strict=True):
                cell.text = text
                cell.paragraphs[0].runs[0].bold = True
            for row in rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
