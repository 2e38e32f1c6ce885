"""The plain-English decision a chair reads (and `onrecord decide` prints) keeps its layout:
a blank line after the title and before each heading, the headings as written, each agenda item
with its status and, only where it has any, its reasons joined by "; ", one final newline; and
a decision from a newer engine with an outcome or item status this one does not know still
shows it as written. Found by mutation testing (docs/MUTATION.md)."""

from __future__ import annotations

from onrecord.policy import decide, load_profile, render_text
from tests.policy.builders import ABOUT_JADE, FATHER, GRANDMOTHER, LEO_MEDICAL, OPENING, build

HEADINGS = (
    "Reasons:",
    "Conditions if the recording goes ahead:",
    "What staff must do:",
    "Agenda:",
    "Split attendance plan:",
)


def test_every_heading_follows_a_blank_line_and_the_text_ends_once() -> None:
    text = decide(load_profile("leeds"), build(views={FATHER: "objects"})).to_text()
    lines = text.split("\n")
    assert lines[0].startswith("Decision under Leeds City Council")
    assert lines[1] == ""
    assert lines[2].startswith("Outcome: For the decision-maker to decide. ")
    positions = [lines.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    assert all(lines[at - 1] == "" for at in positions)
    assert text.endswith(".\n")
    assert not text.endswith("\n\n")
    assert lines.count("") == len(HEADINGS) + 2  # after the title, before each heading, the end


def test_agenda_items_show_their_reasons_only_when_they_have_some() -> None:
    d = decide(
        load_profile("leeds"),
        build(requester=GRANDMOTHER, agenda=[OPENING, ABOUT_JADE, LEO_MEDICAL]),
    )
    medical = next(i for i in d.items if i.title == LEO_MEDICAL["title"])
    assert len(medical.reasons) == 2
    why = "; ".join(
        f"{r.text} ({r.code}, {r.cites.seed} §{r.cites.section})" for r in medical.reasons
    )
    lines = d.to_text().split("\n")
    assert "  - Introductions: for the decision-maker" in lines
    assert f"  - Leo: health visitor report: the chair pauses the recording – {why}" in lines


def test_an_unknown_outcome_or_item_status_is_shown_as_written() -> None:
    data = decide(load_profile("hackney"), build(agenda=[OPENING])).to_dict()
    data["outcome"] = "withdrawn"
    data["items"][0]["status"] = "deferred"
    lines = render_text(data).split("\n")
    assert lines[2].startswith("Outcome: withdrawn. ")
    assert "  - Introductions: deferred" in lines
