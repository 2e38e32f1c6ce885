"""The provenance report in plain English: the receipt, and where the recording sits on the
meeting's timeline (alignment.py's result). Used by the player page and the court bundle's
provenance.txt, so both say the same. Pure Python, no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from onrecord.vault.provenance.alignment import Alignment, JumpKind, Status

OUTCOME_HEADLINES = {
    "aligned": "Placed on the timeline of the council's recording of the meeting.",
    "no_match": (
        "Does not match the council's recording of this meeting: no part of it was found in "
        "that recording, so it has not been placed on the meeting's timeline. It may be a "
        "recording of another meeting, or made so differently that it cannot be compared."
    ),
    "no_reference": (
        "Alignment was not possible: the council has no recording of this meeting. Only the "
        "file's fingerprint (SHA-256) and what it says about itself are recorded."
    ),
    "failed": "Alignment was not possible: a recording could not be read.",
}


def clock(seconds: float, *, tenths: bool = False) -> str:
    """1:02:03 or 2:03 (minutes and seconds), rounded to the second; with tenths, 2:03.4."""
    if tenths:
        whole = max(0.0, round(seconds, 1))
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        shown = f"{int(minutes)}:{secs:04.1f}"
        return f"{int(hours)}:{int(minutes):02d}:{secs:04.1f}" if hours else shown
    count = max(0, round(seconds))
    hours_, rest_ = divmod(count, 3600)
    minutes_, secs_ = divmod(rest_, 60)
    return f"{hours_}:{minutes_:02d}:{secs_:02d}" if hours_ else f"{minutes_}:{secs_:02d}"


# A stretch or jump shorter than this is given to the tenth of a second (a word cut out).
FINE_SECONDS = 10.0


def length(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < FINE_SECONDS else clock(seconds)


def span(start: float, end: float) -> str:
    fine = end - start < FINE_SECONDS
    return f"{clock(start, tenths=fine)} to {clock(end, tenths=fine)} ({length(end - start)} long)"


def confidence_words(score: float) -> str:
    """The correlation as words, with the number."""
    if score >= 0.85:
        words = "high"
    elif score >= 0.7:
        words = "good"
    elif score >= 0.55:
        words = "fair"
    else:
        words = "low"
    return f"{words} ({score:.2f})"


@dataclass(frozen=True)
class Described:
    """What the page and the bundle show, line by line."""

    headline: str
    placements: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    jumps: tuple[str, ...] = ()
    unplaced: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def describe(outcome: str, result: Mapping[str, Any]) -> Described:
    headline = OUTCOME_HEADLINES.get(outcome, outcome)
    if outcome != "aligned":
        reason = str(result.get("reason", ""))
        return Described(headline, notes=(reason,) if reason and outcome == "failed" else ())
    found = Alignment.from_dict(dict(result))
    if found.status is not Status.ALIGNED:  # pragma: no cover - stored with its outcome
        return Described(OUTCOME_HEADLINES["no_match"])
    placements = tuple(
        f"The family's recording from {clock(p.copy_start)} to {clock(p.copy_end)} plays the "
        f"meeting from {clock(p.meeting_start)} to {clock(p.meeting_end)}; "
        f"match {confidence_words(p.confidence)}."
        for p in found.placements
    )
    missing = tuple(f"{span(m.start, m.end)} of the meeting is not in it." for m in found.missing)
    jumps = tuple(_jump(j.kind, j.at, j.from_meeting, j.to_meeting) for j in found.jumps)
    unplaced = tuple(
        f"From {clock(u.start)} to {clock(u.end)} of the family's recording: sound not found in "
        "the council's recording."
        for u in found.unplaced
    )
    covered = sum(c.end - c.start for c in found.covered)
    notes = [
        f"It covers {clock(covered)} of the {clock(found.meeting_seconds)} the council's "
        f"recording lasts; it is {clock(found.copy_seconds)} long itself.",
        f"{found.windows_placed} of {found.windows_compared} six-second stretches with sound "
        f"in them were found; overall match {confidence_words(found.confidence)}.",
    ]
    if found.reordered:
        notes.append("Parts of it are in a different order from the meeting.")
    if not found.jumps and not found.unplaced:
        notes.append("Its audio is continuous: no cuts or joins were found.")
    notes.append(
        "Times are from the start of each recording, to within a second (short stretches to "
        "the tenth); a cut made during a pause may lie anywhere in that pause."
    )
    return Described(headline, placements, missing, jumps, unplaced, tuple(notes))


def _jump(kind: JumpKind, at: float, from_meeting: float, to_meeting: float) -> str:
    fine = abs(to_meeting - from_meeting) < FINE_SECONDS
    leaves, resumes = clock(from_meeting, tenths=fine), clock(to_meeting, tenths=fine)
    if kind is JumpKind.CUT:
        return (
            f"At {clock(at, tenths=fine)} of the family's recording it jumps forward: from "
            f"{leaves} to {resumes} of the meeting ({length(to_meeting - from_meeting)} cut "
            "out here)."
        )
    return (
        f"At {clock(at, tenths=fine)} of the family's recording it jumps back: from {leaves} "
        f"to {resumes} of the meeting (a part joined out of order, or repeated)."
    )


def report_text(receipt: Mapping[str, Any], report: Mapping[str, Any] | None) -> str:
    """The bundle's provenance.txt: the receipt, then the latest comparison."""
    metadata = receipt.get("metadata", {})
    lines = [
        "Provenance of a recording brought by the family",
        "=" * 47,
        "",
        f"Whose recording:      {receipt.get('family_member') or 'not recorded'}",
        f"Handed over by:       {receipt['given_by']}",
        f"How it was obtained:  {receipt['obtained_label']}",
    ]
    if receipt.get("obtained_details"):
        lines.append(f"In their words:       {receipt['obtained_details']}")
    lines += [
        f"Received by:          {receipt['received_by']}",
        f"Received at:          {receipt['received_at']}",
        f"SHA-256 on receipt:   {receipt['sha256']}",
        f"Size:                 {receipt['size']:,} bytes",
        "",
        "What the file says about itself",
        "-------------------------------",
    ]
    if "unreadable" in metadata:
        lines.append(f"It could not be read: {metadata['unreadable']}")
    else:
        for label, key in (
            ("Container", "container_long_name"),
            ("Codec", "codec_long_name"),
            ("Duration (seconds)", "duration_seconds"),
            ("Sample rate (Hz)", "sample_rate"),
            ("Channels", "channels"),
            ("Bit rate (bit/s)", "bit_rate"),
            ("Created (its own tag)", "creation_time"),
        ):
            lines.append(f"{label + ':':22}{metadata.get(key) or 'not given'}")
        tags = {**metadata.get("tags", {}), **metadata.get("stream_tags", {})}
        for key, value in sorted(tags.items()):
            lines.append(f"  tag {key}: {value}")
        lines.append(f"Read with {metadata.get('tool', 'PyAV')}")
    lines += ["", "Where it sits on the meeting's timeline", "-" * 39]
    if report is None:
        lines.append("Not yet compared with the council's recording.")
    else:
        described = describe(str(report["outcome"]), report.get("result", {}))
        lines.append(described.headline)
        if report.get("reference_sha256"):
            lines.append(
                f"Compared with the council's recording SHA-256 {report['reference_sha256']}"
            )
        lines.append(f"Compared at {report['made_at']} by {report['method']}")
        for title, items in (
            ("What it plays", described.placements),
            ("What of the meeting it lacks", described.missing),
            ("Where its audio is discontinuous", described.jumps),
            ("Sound not in the council's recording", described.unplaced),
            ("Notes", described.notes),
        ):
            if items:
                lines += ["", title + ":"] + [f"- {item}" for item in items]
    return "\n".join(lines) + "\n"
