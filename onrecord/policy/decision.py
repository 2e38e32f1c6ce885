"""What the engine decides, as data (`to_dict`, see schemas/decision.schema.json) and as plain
English for a chair (`to_text`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from onrecord.policy.profiles import Citation, Interpretation
from onrecord.policy.wording import english_list

ALLOWED = "allowed"
REFUSED = "refused"
FOR_DECISION_MAKER = "for_decision_maker"
OUTCOMES = (ALLOWED, FOR_DECISION_MAKER, REFUSED)  # in rising severity

# An agenda item's standing for this requester, given the decision as a whole. The status and
# `recordable` always agree: may_record ⇔ true; for_decision_maker ⇔ null; the rest false.
MAY_RECORD = "may_record"
EXCLUDED = "excluded"  # may not be recorded by this requester (an item rule)
PAUSED = "paused"  # the chair halts the recording for this item (an item rule)
ITEM_FOR_DECISION_MAKER = "for_decision_maker"  # the item's own ground, or the whole request's
NOT_RECORDED = "not_recorded"  # the request is refused, so nothing is recorded
IN_PART = "in_part"  # its parts differ: some may be recorded, some not (see `parts`)
ITEM_RECORDABLE = {
    MAY_RECORD: True,
    EXCLUDED: False,
    PAUSED: False,
    NOT_RECORDED: False,
    IN_PART: False,
    ITEM_FOR_DECISION_MAKER: None,
}


class Reason(NamedTuple):  # immutable, and cheap to make: a decision makes dozens
    code: str
    effect: str  # refuse / refer / condition / action / note; exclude / pause / refer on items
    text: str
    cites: Citation
    about: tuple[str, ...] = ()
    interpretation: Interpretation | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "code": self.code,
            "effect": self.effect,
            "text": self.text,
            "about": list(self.about),
            "cites": self.cites.to_dict(),
        }
        if self.interpretation is not None:
            out["interpretation"] = self.interpretation.to_dict()
        return out


class ItemDecision(NamedTuple):
    id: str
    title: str
    status: str
    recordable: bool | None  # None: it turns on the decision-maker's decision
    reasons: tuple[Reason, ...]  # the item's own grounds (none: it follows the request)
    parts: tuple[ItemDecision, ...] = ()  # when the item is divided (Hackney 3 "any part")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "recordable": self.recordable,
            "reasons": [r.to_dict() for r in self.reasons],
            "parts": [p.to_dict() for p in self.parts],
        }


@dataclass(frozen=True, slots=True)
class SplitAttendance:
    """Leeds, parents who disagree: the non-recording parent gives views and leaves first."""

    recording: str
    not_recording: tuple[str, ...]
    cites: Citation

    def steps(self) -> list[str]:
        others = english_list(self.not_recording)
        s = "s" if len(self.not_recording) == 1 else ""
        return [
            f"{others} attend{s}, give{s} their views and leave{s} the meeting. "
            "Nothing is recorded.",
            f"{self.recording} then attends and may record that part of the meeting.",
            "The chair minutes the arrangement and why it was needed.",
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "recording": self.recording,
            "not_recording": list(self.not_recording),
            "steps": self.steps(),
            "cites": self.cites.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Decision:
    policy: str
    authority: str
    version: str
    fingerprint: str
    outcome: str
    decided_by: str
    decided_by_cites: Citation
    requester: str
    reasons: tuple[Reason, ...]  # refuse, refer and note
    conditions: tuple[Reason, ...]  # apply if the recording goes ahead
    actions: tuple[Reason, ...]  # what staff must do
    items: tuple[ItemDecision, ...]
    split_attendance: SplitAttendance | None = None
    in_scope: bool = True  # False: the request is outside what the policy covers

    @property
    def summary(self) -> str:
        if not self.in_scope:
            return (
                f"The request is outside what this policy covers: the decision is for "
                f"{self.decided_by}, without this policy's rules."
            )
        if self.outcome == ALLOWED:
            return f"{self.requester} may record the meeting, on the conditions below."
        if self.outcome == REFUSED:
            return f"{self.requester} may not record the meeting."
        return f"The decision is for {self.decided_by}, on the grounds below."

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": {
                "name": self.policy,
                "authority": self.authority,
                "version": self.version,
                "fingerprint": self.fingerprint,
            },
            "outcome": self.outcome,
            "in_scope": self.in_scope,
            "summary": self.summary,
            "decided_by": {"who": self.decided_by, "cites": self.decided_by_cites.to_dict()},
            "requester": self.requester,
            "reasons": [r.to_dict() for r in self.reasons],
            "conditions": [r.to_dict() for r in self.conditions],
            "actions": [r.to_dict() for r in self.actions],
            "items": [i.to_dict() for i in self.items],
            "split_attendance": self.split_attendance.to_dict() if self.split_attendance else None,
        }

    def to_text(self) -> str:
        return render_text(self.to_dict())


_OUTCOME_WORDS = {
    ALLOWED: "Allowed",
    REFUSED: "Refused",
    FOR_DECISION_MAKER: "For the decision-maker to decide",
}
_ITEM_WORDS = {
    MAY_RECORD: "may be recorded",
    EXCLUDED: "may not be recorded by the requester",
    PAUSED: "the chair pauses the recording",
    ITEM_FOR_DECISION_MAKER: "for the decision-maker",
    NOT_RECORDED: "not recorded (the request is refused)",
    IN_PART: "some parts may be recorded, others not",
}
_READING_WORDS = {
    "awaiting_policy_owner": "a reading awaiting the policy owner",
    "confirmed": "a reading confirmed by the policy owner",
}


def _reading(r: dict[str, Any], indent: str) -> list[str]:
    i = r.get("interpretation")
    if not i:
        return []
    return [f"{indent}({_READING_WORDS.get(i['status'], i['status'])}: {i['reading']})"]


def _item_lines(item: dict[str, Any], indent: str) -> list[str]:
    why = "; ".join(
        f"{r['text']} ({r['code']}, {r['cites']['seed']} §{r['cites']['section']})"
        for r in item["reasons"]
    )
    lines = [
        f"{indent}- {item['title']}: {_ITEM_WORDS.get(item['status'], item['status'])}"
        + (f" – {why}" if why else "")
    ]
    for r in item["reasons"]:
        lines += _reading(r, indent + "    ")
    for part in item.get("parts", ()):
        lines += _item_lines(part, indent + "    ")
    return lines


def _cite(c: dict[str, str]) -> str:
    return f"[{c['seed']} §{c['section']}: “{c['clause']}”]"


def render_text(d: dict[str, Any]) -> str:
    """A decision (as `to_dict` gives it) in plain English, for a chair or a case note."""
    p = d["policy"]
    lines = [
        f"Decision under {p['authority']}'s policy (version {p['version']})",
        "",
        f"Outcome: {_OUTCOME_WORDS.get(d['outcome'], d['outcome'])}. {d['summary']}",
        f"Who decides: {d['decided_by']['who']} {_cite(d['decided_by']['cites'])}",
    ]
    for title, key in (
        ("Reasons", "reasons"),
        ("Conditions if the recording goes ahead", "conditions"),
        ("What staff must do", "actions"),
    ):
        if d[key]:
            lines += ["", f"{title}:"]
            for r in d[key]:
                lines.append(f"  - {r['text']} ({r['code']}) {_cite(r['cites'])}")
                lines += _reading(r, "    ")
    if d["items"]:
        lines += ["", "Agenda:"]
        for item in d["items"]:
            lines += _item_lines(item, "  ")
    if d.get("split_attendance"):
        lines += ["", "Split attendance plan:"]
        lines += [f"  {i}. {step}" for i, step in enumerate(d["split_attendance"]["steps"], 1)]
    return "\n".join(lines) + "\n"
