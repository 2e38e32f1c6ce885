"""Every rule of a profile in plain English, for the council's policy owner (issue 14): what it
does, when it applies, what it says, the clause it cites and how it reads that clause. Pure
Python: the policy owner's page (`policy_owner/`) renders these rows as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onrecord.policy.interpretation_list import status
from onrecord.policy.profiles import Profile, Rule

REQUEST_EFFECTS = {
    "refuse": "Refuses the request",
    "refer": "Leaves the request to the decision-maker",
    "condition": "Sets a condition on the recording",
    "action": "Tells staff what to do",
    "note": "Gives a reason without changing the outcome",
}
ITEM_EFFECTS = {
    "exclude": "The requester may not record this agenda item",
    "pause": "The chair pauses the recording for this agenda item",
    "refer": "The decision-maker decides about this agenda item",
}
SCOPE_EFFECTS = {
    "refuse": "Refuses a request the policy does not cover",
    "refer": "Leaves a request the policy does not cover to the decision-maker",
}
KIND_WORDS = {
    "analogy": "Applied by analogy",
    "reading": "One reading chosen among several",
    "default": "A default where the guidance is silent",
}
_PLACEHOLDER = re.compile(r"\{([a-z_| ]+)\}")
_FACT = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@dataclass(frozen=True, slots=True)
class ReadingRow:
    kind: str
    reading: str
    status: str
    confirmed: bool
    alternatives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleRow:
    code: str
    does: str
    applies_when: str
    says: str
    seed: str
    section: str
    clause: str
    interpretation: ReadingRow | None


@dataclass(frozen=True, slots=True)
class RuleSection:
    heading: str
    rows: tuple[RuleRow, ...]


def words(condition: str) -> str:
    """A condition over fact names in words: `requester_is_friend and not pr_holder_objects` →
    "requester is friend and not pr holder objects"."""
    if condition == "always":
        return "Always"
    return _FACT.sub(lambda m: m.group(0).replace("_", " "), condition)


def says(text: str) -> str:
    """A rule's text with its placeholders shown as what they stand for: `{requester}` →
    "[requester]"; a verb that agrees, `{is|are}`, as "is".
    """

    def show(m: re.Match[str]) -> str:
        inner = m.group(1)
        if "|" in inner:  # a verb that agrees with its subject: {is|are} reads "is"
            return inner.split("|")[0]
        return f"[{inner.replace('_', ' ')}]"

    return _PLACEHOLDER.sub(show, " ".join(text.split()))


def row(rule: Rule, effects: dict[str, str], applies_when: str | None = None) -> RuleRow:
    i = rule.interpretation
    return RuleRow(
        code=rule.code,
        does=effects.get(rule.effect, rule.effect),
        applies_when=applies_when if applies_when is not None else words(rule.when.text),
        says=says(rule.text),
        seed=rule.cites.seed,
        section=rule.cites.section,
        clause=rule.cites.clause,
        interpretation=None
        if i is None
        else ReadingRow(
            kind=KIND_WORDS.get(i.kind, i.kind),
            reading=i.reading,
            status=status(i).capitalize(),
            confirmed=i.status == "confirmed",
            alternatives=i.alternatives,
        ),
    )


def rule_sections(p: Profile) -> tuple[RuleSection, ...]:
    """The profile's rules in the order the engine applies them: its scope, the request's
    rules, then the rules for each agenda item."""
    out: list[RuleSection] = []
    if p.scope is not None:
        covered = (
            f"A request for anything but {' or '.join(p.scope.media)} of "
            f"{' or '.join(o.replace('_', ' ') for o in p.scope.occasions)}"
        )
        out.append(
            RuleSection("What the policy covers", (row(p.scope.outside, SCOPE_EFFECTS, covered),))
        )
    out.append(
        RuleSection("Rules for the request", tuple(row(r, REQUEST_EFFECTS) for r in p.rules))
    )
    if p.item_rules:
        out.append(
            RuleSection(
                "Rules for each agenda item", tuple(row(r, ITEM_EFFECTS) for r in p.item_rules)
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class DeciderRow:
    who: str
    applies_when: str
    seed: str
    section: str
    clause: str


def decider_rows(p: Profile) -> tuple[DeciderRow, ...]:
    """Who decides, in the order the profile asks: the first whose condition holds."""
    return tuple(
        DeciderRow(
            m.who,
            words(m.when.text) if m.when.text != "always" else "Otherwise",
            m.cites.seed,
            m.cites.section,
            m.cites.clause,
        )
        for m in p.decision_makers
    )
