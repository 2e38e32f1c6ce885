"""A transcript version as plain text, WebVTT, SRT and Word (DOCX): pure functions of the words
and the speaker names, so every export says the same thing as the page. Each export is one
passage per line or cue, with who said it and when; words the chair has not checked are marked
"[?]" in text formats so a reader never mistakes a guess for what was said. Speech that was
heard but could not be transcribed (onrecord/speech/gaps.py) is a line or cue of its own in its
place, "Speech not transcribed, 3:25 to 3:48", so a reader knows something was said there; so
is a stretch where two people spoke at once (onrecord/speech/overlap.py), "Two people speaking
at once, 3:25 to 3:28", so a reader knows who said what there may be wrong. Both are "markers"
below, passed in the `gaps` argument.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from onrecord.speech import overlap as overlap_rules
from onrecord.speech.gaps import describe
from onrecord.speech.types import Gap, Overlap
from onrecord.transcripts.words import Segment, TWord, clock, segments

UNCHECKED_MARK = "[?]"


@dataclass(frozen=True, slots=True)
class Heading:
    title: str  # e.g. "Initial child protection conference, 4 March 2025"
    lines: tuple[str, ...]  # recording, version, who changed it last, the note on checking


def _speaker(names: Mapping[int, str], speaker: int | None) -> str:
    if speaker is None:
        return "Unknown speaker"
    return names.get(speaker, f"Speaker {speaker + 1}")


def _marked_text(segment: Segment) -> str:
    parts = []
    for word in segment.words:
        text = word.text.strip()
        parts.append(f"{text} {UNCHECKED_MARK}" if word.needs_check else text)
    return " ".join(parts)


Marker = Gap | Overlap  # a line of its own: speech not transcribed, two people at once


def gap_text(gap: Marker) -> str:
    """'Speech not transcribed, 3:25 to 3:48' (or 'Two people speaking at once, 3:25 to 3:28')
    as exports and bundles write it."""
    said = describe(gap) if isinstance(gap, Gap) else overlap_rules.describe(gap)
    return said[0].upper() + said[1:]


def in_order(words: Sequence[TWord], gaps: Sequence[Marker]) -> Iterator[Segment | Marker]:
    """The passages and the markers, in the order they happened."""
    entries: list[tuple[float, int, Segment | Marker]] = [
        (segment.start, 0, segment) for segment in segments(words)
    ]
    entries += [(gap.start, 1, gap) for gap in gaps]
    for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1])):
        yield entry


def to_text(
    words: Sequence[TWord], names: Mapping[int, str], heading: Heading, gaps: Sequence[Marker] = ()
) -> str:
    lines = [heading.title, *heading.lines, ""]
    for entry in in_order(words, gaps):
        if isinstance(entry, (Gap, Overlap)):
            lines += [f"[{clock(entry.start)}] {gap_text(entry)}.", ""]
            continue
        lines.append(f"[{clock(entry.start)}] {_speaker(names, entry.speaker)}:")
        lines.append(_marked_text(entry))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _stamp(seconds: float, separator: str) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{ms:03d}"


def _cue_text(text: str) -> str:
    # WebVTT and SRT treat a blank line as the end of a cue, and "-->" as a timing line.
    return " ".join(text.split()).replace("-->", "->")


def to_webvtt(words: Sequence[TWord], names: Mapping[int, str], gaps: Sequence[Marker] = ()) -> str:
    out = ["WEBVTT", ""]
    for number, entry in enumerate(in_order(words, gaps), start=1):
        if isinstance(entry, (Gap, Overlap)):
            out += [
                str(number),
                f"{_stamp(entry.start, '.')} --> {_stamp(entry.end, '.')}",
                f"[{gap_text(entry)}]",
                "",
            ]
            continue
        voice = _speaker(names, entry.speaker).replace(">", "").replace("&", "and")
        body = _cue_text(_marked_text(entry)).replace("&", "&amp;").replace("<", "&lt;")
        out += [
            str(number),
            f"{_stamp(entry.start, '.')} --> {_stamp(entry.end, '.')}",
            f"<v {voice}>{body}",
            "",
        ]
    return "\n".join(out)


def to_srt(words: Sequence[TWord], names: Mapping[int, str], gaps: Sequence[Marker] = ()) -> str:
    out = []
    for number, entry in enumerate(in_order(words, gaps), start=1):
        text = (
            f"[{gap_text(entry)}]"
            if isinstance(entry, (Gap, Overlap))
            else f"{_speaker(names, entry.speaker)}: {_marked_text(entry)}"
        )
        out += [
            str(number),
            f"{_stamp(entry.start, ',')} --> {_stamp(entry.end, ',')}",
            _cue_text(text),
            "",
        ]
    return "\n".join(out)


def to_docx(
    words: Sequence[TWord], names: Mapping[int, str], heading: Heading, gaps: Sequence[Marker] = ()
) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = heading.title
    document.add_heading(heading.title, level=1)
    for line in heading.lines:
        document.add_paragraph(line)
    for segment in in_order(words, gaps):
        paragraph = document.add_paragraph()
        if isinstance(segment, (Gap, Overlap)):
            mark = paragraph.add_run(f"[{clock(segment.start)}] {gap_text(segment)}.")
            mark.bold = True
            continue
        who = paragraph.add_run(f"[{clock(segment.start)}] {_speaker(names, segment.speaker)}: ")
        who.bold = True
        for k, word in enumerate(segment.words):
            run = paragraph.add_run(("" if k == 0 else " ") + word.text.strip())
            if word.needs_check:
                # Marked in words, not only by style: readers with screen readers get it too.
                run.underline = True
                paragraph.add_run(f" {UNCHECKED_MARK}").font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


FORMATS = {
    "txt": ("text/plain; charset=utf-8", "txt", "Plain text"),
    "vtt": ("text/vtt; charset=utf-8", "vtt", "WebVTT captions"),
    "srt": ("application/x-subrip; charset=utf-8", "srt", "SRT captions"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "Word document",
    ),
}


def render(
    fmt: str,
    words: Sequence[TWord],
    names: Mapping[int, str],
    heading: Heading,
    gaps: Sequence[Marker] = (),
) -> bytes:
    if fmt == "txt":
        return to_text(words, names, heading, gaps).encode("utf-8")
    if fmt == "vtt":
        return to_webvtt(words, names, gaps).encode("utf-8")
    if fmt == "srt":
        return to_srt(words, names, gaps).encode("utf-8")
    if fmt == "docx":
        return to_docx(words, names, heading, gaps)
    raise ValueError(f"unknown export format {fmt!r}; one of {sorted(FORMATS)}")
