"""Whether each agenda item may be recorded, from a decision: the one answer the decision page,
meeting mode and the minutes all give (issue 17: the decide page said "May be recorded" while
meeting mode said "No: a sensitive item"). Pure Python; reads a decision as `Decision.to_dict`
gives it (and as a stored decision keeps it), so a decision made last week reads the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

RECORD = "record"  # may be recorded
PAUSE = "pause"  # the chair halts the recording for this item
NOT_BY_REQUESTER = "not_by_requester"  # the requester may not record it
UNDECIDED = "undecided"  # it turns on the decision-maker's decision
NOT_RECORDED = "not_recorded"  # the request was refused: nothing is recorded
IN_PART = "in_part"  # divided into parts that differ (Hackney 3 "any part"): see `parts`

_WORDS = {
    RECORD: "May be recorded",
    PAUSE: "Paused: the chair halts the recording",
    NOT_BY_REQUESTER: "Not by {requester}",
    UNDECIDED: "Decision-maker decides",
    NOT_RECORDED: "Not recorded",
    IN_PART: "Some parts only",
}
_TAGS = {
    RECORD: "green",
    PAUSE: "orange",
    NOT_BY_REQUESTER: "red",
    UNDECIDED: "yellow",
    NOT_RECORDED: "grey",
    IN_PART: "orange",
}


@dataclass(frozen=True, slots=True)
class ItemStanding:
    """One agenda item's standing under a decision, with the words and the reasons (each with
    its rule code and the council's clause) to show beside it."""

    id: str
    title: str
    standing: str  # one of RECORD, PAUSE, NOT_BY_REQUESTER, UNDECIDED, NOT_RECORDED, IN_PART
    words: str
    tag: str
    reasons: tuple[Mapping[str, Any], ...]
    # The item's parts as the engine gives them, where it is divided (Hackney 3 "any part").
    # Meeting mode does not yet run an item part by part, so an item in part is not recordable.
    parts: tuple[Mapping[str, Any], ...] = ()

    @property
    def recordable(self) -> bool:
        return self.standing == RECORD

    @property
    def paused(self) -> bool:
        return self.standing == PAUSE


def item_standings(decision: Mapping[str, Any], outcome: str | None = None) -> list[ItemStanding]:
    """Each item of `decision` (a `Decision.to_dict`), in agenda order. `outcome` is the
    decision as finally made ("allowed" or "refused") where a decision-maker decided a
    discretionary request; by default the engine's own outcome."""
    outcome = outcome or str(decision.get("outcome", ""))
    requester = str(decision.get("requester", "the requester"))
    out = []
    for item in decision.get("items", []):
        status = item.get("status")
        # An item referred only because the whole request is (no reasons of its own) follows
        # the request: recordable once the decision-maker allows it.
        follows_request = status == "for_decision_maker" and not item.get("reasons")
        if status == "excluded":
            standing = NOT_BY_REQUESTER
        elif status == "paused":
            standing = PAUSE
        elif outcome == "refused" or status == "not_recorded":
            standing = NOT_RECORDED
        elif status == "in_part":
            standing = IN_PART
        elif status == "may_record" or follows_request:
            standing = RECORD
        else:  # for the decision-maker, or a status this reader does not know: not recordable
            standing = UNDECIDED
        out.append(
            ItemStanding(
                id=str(item.get("id")),
                title=str(item.get("title", "")),
                standing=standing,
                words=_words(standing, outcome, requester),
                tag=_TAGS[standing],
                reasons=tuple(item.get("reasons", [])),
                parts=tuple(item.get("parts", [])),
            )
        )
    return out


def _words(standing: str, outcome: str, requester: str) -> str:
    words = _WORDS[standing].replace("{requester}", requester)
    if standing == RECORD and outcome != "allowed":
        return words + ", if the request is allowed"
    return words


def standing_by_id(
    decision: Mapping[str, Any], outcome: str | None = None
) -> dict[str, ItemStanding]:
    return {s.id: s for s in item_standings(decision, outcome)}
