"""What the engine decides, as data (`to_dict`, see schemas/decision.schema.json) and as plain
English for a chair (`to_text`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from onrecord.policy.profiles import Citation

ALLOWED = "allowed"
REFUSED = "refused"
FOR_DECISION_MAKER = "for_decision_maker"
OUTCOMES = (ALLOWED, FOR_DECISION_MAKER, REFUSED)  # in rising severity

# An agenda item's standing for this requester.
MAY_RECORD = "may_record"
EXCLUDED = "excluded"  # may not be recorded by this requester
PAUSED = "paused"  # the chair halts the recording for this item
ITEM_FOR_DECISION_MAKER = "for_decision_maker"


class Reason(NamedTuple):  # immutable, and cheap to make: a decision makes dozens
    code: str
    effect: str  # refuse / refer / condition / action / note; exclude / pause / refer on items
    text: str
    cites: Citation
    about: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "effect": self.effect,
            "text": self.text,
            "about": list(self.about),
            "cites": self.cites.to_dict(),
        }


class ItemDecision(NamedTuple):
    id: str
    title: str
    status: str
    recordable: bool | None  # None: it turns on the decision-maker's decision
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "recordable": self.recordable,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class SplitAttendance:
    """Leeds, parents who disagree: the non-recording parent gives views and leaves first."""

    recording: str
    not_recording: tuple[str, ...]
    cites: Citation

    def steps(self) -> list[str]:
        others = " and ".join(self.not_recording)
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

    @property
    def summary(self) -> str:
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
}


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
            lines += [f"  - {r['text']} ({r['code']}) {_cite(r['cites'])}" for r in d[key]]
    if d["items"]:
        lines += ["", "Agenda:"]
        for item in d["items"]:
            why = "; ".join(
                f"{r['text']} ({r['code']}, {r['cites']['seed']} §{r['cites']['section']})"
                for r in item["reasons"]
            )
            lines.append(
                f"  - {item['title']}: {_ITEM_WORDS.get(item['status'], item['status'])}"
                + (f" – {why}" if why else "")
            )
    if d.get("split_attendance"):
        lines += ["", "Split attendance plan:"]
        lines += [f"  {i}. {step}" for i, step in enumerate(d["split_attendance"]["steps"], 1)]
    return "\n".join(lines) + "\n"
