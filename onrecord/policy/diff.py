"""What changed between two versions of a policy profile, in plain English, for the council's
policy owner (issue 14): rules added, removed and changed (effect, condition, text, cited
clause, interpretation), the scope, who decides, the meeting section and the dates. Pure
Python: it compares two loaded `Profile`s and returns sentences; `onrecord policies --diff`
prints them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from onrecord.policy.citation import Citation
from onrecord.policy.interpretation_list import status
from onrecord.policy.meeting_rules import TRIGGERS, MeetingRule, MeetingRules, ScriptLine
from onrecord.policy.profiles import DecisionMaker, Interpretation, Profile, Rule, Scope


@dataclass(frozen=True, slots=True)
class ProfileDiff:
    """The differences, each a heading and its sentences; empty when the profiles agree."""

    sections: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def identical(self) -> bool:
        return not self.sections

    def to_text(self) -> str:
        out: list[str] = []
        for heading, lines in self.sections:
            out.append(heading)
            out.extend(f"  {line}" for line in lines)
        return "\n".join(out) + ("\n" if out else "")


def diff_profiles(old: Profile, new: Profile) -> ProfileDiff:
    sections: list[tuple[str, tuple[str, ...]]] = []

    def add(heading: str, lines: Sequence[str]) -> None:
        if lines:
            sections.append((heading, tuple(lines)))

    add("The profile", _header(old, new))
    add("Who decides", _makers(old.decision_makers, new.decision_makers))
    add("Scope", _scope(old.scope, new.scope))
    old_rules = _all_rules(old)
    new_rules = _all_rules(new)
    add(
        "Rules added",
        [_rule_summary(kind, r) for code, (kind, r) in new_rules.items() if code not in old_rules],
    )
    add(
        "Rules removed",
        [_rule_summary(kind, r) for code, (kind, r) in old_rules.items() if code not in new_rules],
    )
    changed: list[str] = []
    for code, (kind, r) in new_rules.items():
        if code in old_rules:
            was_kind, was = old_rules[code]
            lines = _rule_changes(was_kind, was, kind, r)
            if lines:
                changed.append(f"{code}:")
                changed.extend(f"  {line}" for line in lines)
    add("Rules changed", changed)
    add("In the meeting", _meeting(old.room, new.room))
    return ProfileDiff(tuple(sections))


def _header(old: Profile, new: Profile) -> list[str]:
    lines: list[str] = []
    for label, was, now in (
        ("Name", old.name, new.name),
        ("Authority", old.authority, new.authority),
        ("Version", old.version, new.version),
        ("In force from", old.effective_from, new.effective_from),
        ("Title", old.title, new.title),
        ("Seed document", old.seed, new.seed),
        ("Document", old.document, new.document),
    ):
        _changed(lines, label, was, now)
    return lines


def _changed(lines: list[str], label: str, was: object, now: object) -> None:
    if was != now:
        lines.append(f"{label}: now {_show(now)} (was {_show(was)})")


def _show(value: object) -> str:
    if value is None or value == "" or value == ():
        return "none"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)


def _cite(c: Citation | None) -> str:
    if c is None:
        return "none"
    return f"{c.seed} {c.section}: “{c.clause}”"


def _all_rules(p: Profile) -> dict[str, tuple[str, Rule]]:
    out: dict[str, tuple[str, Rule]] = {}
    for r in p.rules:
        out[r.code] = ("request rule", r)
    for r in p.item_rules:
        out[r.code] = ("item rule", r)
    return out


def _rule_summary(kind: str, r: Rule) -> str:
    reading = f"; interpretation: {r.interpretation.reading}" if r.interpretation else ""
    return (
        f"{r.code} ({kind}): {r.effect} when {r.when.text}; cites {_cite(r.cites)}; "
        f"text: “{r.text}”{reading}"
    )


def _rule_changes(was_kind: str, was: Rule, kind: str, now: Rule) -> list[str]:
    lines: list[str] = []
    _changed(lines, "Kind", was_kind, kind)
    _changed(lines, "Effect", was.effect, now.effect)
    if was.when.text != now.when.text:
        lines.append(f"Condition: now when {now.when.text} (was when {was.when.text})")
    _changed(lines, "Text", was.text, now.text)
    if was.cites != now.cites:
        lines.append(f"Cited clause: now {_cite(now.cites)} (was {_cite(was.cites)})")
    _changed(lines, "Plan", was.plan, now.plan)
    lines.extend(_interpretation(was.interpretation, now.interpretation))
    return lines


def _interpretation(was: Interpretation | None, now: Interpretation | None) -> list[str]:
    if was == now:
        return []
    if now is None:
        return ["Interpretation removed (the rule now reads its clause as written)"]
    if was is None:
        return [f"Interpretation added ({now.kind}, {status(now)}): {now.reading}"]
    lines: list[str] = []
    _changed(lines, "Interpretation kind", was.kind, now.kind)
    _changed(lines, "Interpretation reading", was.reading, now.reading)
    _changed(lines, "Interpretation alternatives", was.alternatives, now.alternatives)
    if status(was) != status(now):
        lines.append(f"Interpretation status: now {status(now)} (was {status(was)})")
    return lines


def _makers(was: Sequence[DecisionMaker], now: Sequence[DecisionMaker]) -> list[str]:
    def say(m: DecisionMaker) -> str:
        roles = f" (roles: {', '.join(m.roles)})" if m.roles else ""
        return f"{m.who}{roles} when {m.when.text}, citing {_cite(m.cites)}"

    before, after = [say(m) for m in was], [say(m) for m in now]
    if before == after:
        return []
    return [
        *(f"No longer: {s}" for s in before if s not in after),
        *(f"Now: {s}" for s in after if s not in before),
        *(["The order of the decision-makers changed"] if set(before) == set(after) else []),
    ]


def _scope(was: Scope | None, now: Scope | None) -> list[str]:
    if was is None and now is None:
        return []
    if now is None:
        return ["The profile no longer limits what it covers (the scope section was removed)"]
    if was is None:
        return [
            f"The profile now covers only {_show(now.media)} of {_show(now.occasions)}; "
            f"outside it: {_rule_summary('scope rule', now.outside)}"
        ]
    lines: list[str] = []
    _changed(lines, "Media covered", was.media, now.media)
    _changed(lines, "Occasions covered", was.occasions, now.occasions)
    if was.outside.code != now.outside.code:
        lines.append(f"Scope rule code: now {now.outside.code} (was {was.outside.code})")
    for line in _rule_changes("scope rule", was.outside, "scope rule", now.outside):
        if not line.startswith("Condition:"):  # the condition follows from media and occasions
            lines.append(line)
    return lines


def _meeting(was: MeetingRules, now: MeetingRules) -> list[str]:
    lines: list[str] = []
    _changed(
        lines,
        "Every attendee must agree",
        was.every_attendee_must_agree,
        now.every_attendee_must_agree,
    )
    if was.consent_cites != now.consent_cites:
        lines.append(
            f"Consent in the room cites: now {_cite(now.consent_cites)} "
            f"(was {_cite(was.consent_cites)})"
        )
    for situation in TRIGGERS:
        lines.extend(_situation(situation, was.on(situation), now.on(situation)))
    for label, get in (
        ("Start script", _script_of(lambda r: r.start_script)),
        ("End script", _script_of(lambda r: r.end_script)),
    ):
        before, after = get(was), get(now)
        if before != after:
            lines.append(f"{label}: now {len(after)} lines (was {len(before)})")
            lines.extend(f"  no longer: “{t}”" for t in before if t not in after)
            lines.extend(f"  new: “{t}”" for t in after if t not in before)
    old_d, new_d = was.decides_in_room, now.decides_in_room
    if old_d != new_d:
        lines.append(
            "Who decides a request made in the room: now "
            f"{new_d.who + ', citing ' + _cite(new_d.cites) if new_d else 'not said'} "
            f"(was {old_d.who + ', citing ' + _cite(old_d.cites) if old_d else 'not said'})"
        )
    return lines


def _script_of(
    pick: Callable[[MeetingRules], tuple[ScriptLine, ...]],
) -> Callable[[MeetingRules], list[str]]:
    return lambda rules: [line.text for line in pick(rules)]


def _situation(situation: str, was: MeetingRule, now: MeetingRule) -> list[str]:
    if was == now:
        return []
    name = situation.replace("_", " ").capitalize()
    lines: list[str] = []
    if was.rule != now.rule:
        lines.append(f"{name}: now {now.rule.replace('_', ' ')} (was {was.rule.replace('_', ' ')})")
    _changed(lines, f"{name}, what the chair does", was.text, now.text)
    if was.cites != now.cites:
        lines.append(f"{name}, cited clause: now {_cite(now.cites)} (was {_cite(was.cites)})")
    _changed(lines, f"{name}, kinds named", was.kinds, now.kinds)
    return lines
