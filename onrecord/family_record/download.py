"""My part of the notes to keep: plain text, or a tagged PDF (PDF/UA-1, tagged_pdf.py) drawn
from the same partial templates as the pages, so the download says what the page says."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from onrecord.family_record.part import ItemPart, Line, MyPart, Said
from onrecord.family_record.record import FamilyRecord
from onrecord.tagged_pdf import render_tagged_pdf

PDF_TEMPLATE = "family_record/pdf/record.html"


def _said(said: Said) -> str:
    when = f"{said.start:%H:%M}"
    if said.heard_only:
        return _("%(when)s Someone spoke here, but we could not write it down.") % {"when": when}
    who = f"{said.speaker} ({said.role})" if said.role else said.speaker
    return f"{when} {who}: {said.words}"


def _line(line: Line) -> str:
    if line.unheard_at:
        return _("%(when)s Someone spoke here, but we could not write it down.") % {
            "when": line.unheard_at
        }
    return line.text


def _item(item: ItemPart) -> list[str]:
    if not item.shown:
        return [
            _("Part of the meeting was left out here."),
            _("It was about a child you do not have parental responsibility for."),
            "",
        ]
    out = [f"{item.position}. {item.title}"]
    if item.started_at:
        out.append(
            _("Time: %(start)s to %(end)s") % {"start": item.started_at, "end": item.ended_at}
        )
    said = [f"    {_line(line)}" for line in item.discussion] or ["    -"]
    out += ["  " + _("What was said"), *said]
    out += ["  " + _("What was decided"), *(f"    {line}" for line in item.decisions or ["-"])]
    out.append("  " + _("What will happen next"))
    out += [f"    {a.action} ({a.owner}, {a.due})" for a in item.actions] or ["    -"]
    if item.transcript:
        out.append("  " + _("Transcript"))
        out += [f"    {_said(s)}" for s in item.transcript]
    return [*out, ""]


def as_text(record: FamilyRecord) -> str:
    mine: MyPart | None = record.part
    assert mine is not None
    assert record.version is not None
    heading = mine.heading
    approved = record.version.approved_at
    out = [
        _("My notes of the meeting").upper(),
        f"{heading.get('meeting', '')}, {heading.get('date', '')}",
        _("Approved by the chair on %(day)s.")
        % {"day": f"{timezone.localtime(approved):%-d %B %Y}" if approved else ""},
        "",
    ]
    if mine.left_out:
        out += [
            _(
                "Some parts of the meeting are not in your notes. They were about a child you "
                "do not have parental responsibility for."
            ),
            "",
        ]
    out += [_("Who was there"), *(f"  {line}" for line in mine.present), ""]
    if mine.opening or mine.transcript_opening:
        out += [_("Before the first item"), *(f"  {_line(line)}" for line in mine.opening)]
        out += [f"  {_said(s)}" for s in mine.transcript_opening if not mine.opening]
        out.append("")
    for item in mine.items:
        out += _item(item)
    if mine.closing or mine.transcript_closing:
        out += [_("After the last item"), *(f"  {_line(line)}" for line in mine.closing)]
        out += [f"  {_said(s)}" for s in mine.transcript_closing if not mine.closing]
        out.append("")
    for _key, paragraph in mine.whole_meeting:
        out += [f"  {line}" for line in paragraph]
    return "\n".join(out).rstrip() + "\n"


def as_pdf(record: FamilyRecord) -> bytes:
    return render_tagged_pdf(PDF_TEMPLATE, {"record": record, "mine": record.part})
