"""What happens in the room under an authority's policy: the profile's `meeting` section, as
data the meeting's state machine (onrecord.meetings.state) takes as input. Pure Python.

Each rule says what the chair does when something happens, in the council's own words, and
cites the council's own clause; where the council's policy says nothing (`rule: silent`), the
meeting is told so and the chair's choice is logged. The four seeds differ here (issue 17):

- a new attendee: Hackney tells the newcomer (000_881dd3342fdd64fe.txt §3: "meetings should
  not be recorded without the knowledge of the attendees"); Hertfordshire stops the meeting
  and seeks permission again (002_3f8e43dd3e1c40a6.txt 2.11); Leeds and Brent are silent;
- a sensitive item: Leeds halts the recording (001_faf809ee2c83eecf.txt (d)), through its
  `item_rules` pause rule, which this section names so that the decision page, meeting mode
  and the minutes read one rule; Hackney, Hertfordshire and Brent are silent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from onrecord.policy.citation import Citation

SILENT = "silent"
STOP_AND_ASK_AGAIN = "stop_and_ask_again"  # pause the recording, and ask everyone again
ASK_AGAIN = "ask_again"  # ask everyone again; the recording is not paused for it
TELL = "tell"  # tell the person (or everyone) that the meeting is being recorded
PAUSE = "pause"  # halt the recording
NOTE = "note"  # noted in the minutes; the recording goes on
ACT = "act"  # an incident: what the chair and others do, in the text

# The situations the section covers, and the rules a profile may give each.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "new_attendee": (STOP_AND_ASK_AGAIN, ASK_AGAIN, TELL, SILENT),
    "late_request": (STOP_AND_ASK_AGAIN, ASK_AGAIN, TELL, SILENT),
    "consent_withdrawn": (STOP_AND_ASK_AGAIN, PAUSE, NOTE, SILENT),
    "sensitive_items": (PAUSE, SILENT),
    "covert_recording": (ACT, SILENT),
    "friend_recording": (ACT, SILENT),
    "publication": (ACT, SILENT),
    "parent_insists": (ACT, SILENT),
}

# What the chair is told where the policy is silent: their choice is logged.
SILENT_TEXT: dict[str, str] = {
    "new_attendee": (
        "does not say what to do when someone joins. It is your choice: tell them the meeting "
        "is being recorded, or pause and ask everyone again."
    ),
    "late_request": (
        "does not say what to do when someone asks to record during the meeting. It is your "
        "choice whether to pause and ask everyone again."
    ),
    "consent_withdrawn": (
        "does not say what to do when someone no longer agrees. It is your choice whether to "
        "pause the recording."
    ),
    "sensitive_items": (
        "does not say to pause the recording for sensitive information. It is your choice: "
        "pause, or carry on."
    ),
    "covert_recording": "does not say what to do when someone records without permission.",
    "friend_recording": (
        "does not say what to do when a friend or relative records against the parents' wishes."
    ),
    "publication": "does not say what to do when a recording is published or misused.",
    "parent_insists": (
        "does not say what to do when a parent who was refused says they will record anyway."
    ),
}

PLACEHOLDERS = ("{recorder}", "{how}", "{declaration}")


@dataclass(frozen=True, slots=True)
class MeetingRule:
    """One situation's rule: `rule` is one of TRIGGERS[situation]; `text` what the chair does,
    in the council's words; `cites` the clause (None where the policy is silent)."""

    situation: str
    rule: str
    text: str
    cites: Citation | None
    kinds: tuple[str, ...] = ()  # sensitive items: the kinds the policy names, as examples

    @property
    def silent(self) -> bool:
        return self.rule == SILENT


@dataclass(frozen=True, slots=True)
class ScriptLine:
    text: str  # may hold {recorder}, {how} and {declaration}
    cites: Citation


@dataclass(frozen=True, slots=True)
class RoomDecider:
    """Who decides a request to record made in the room."""

    who: str
    cites: Citation


def _silent(situation: str) -> MeetingRule:
    return MeetingRule(situation, SILENT, "", None)


@dataclass(frozen=True)
class MeetingRules:
    """An authority's rules for the room. `MeetingRules(authority)` alone is a policy silent on
    everything: the chair is told so and decides."""

    authority: str
    start_script: tuple[ScriptLine, ...] = ()
    end_script: tuple[ScriptLine, ...] = ()
    situations: Mapping[str, MeetingRule] = field(default_factory=dict)
    decides_in_room: RoomDecider | None = None
    every_attendee_must_agree: bool = False
    consent_cites: Citation | None = None

    def on(self, situation: str) -> MeetingRule:
        """The rule for a situation (one of TRIGGERS), silent where the profile gives none."""
        if situation not in TRIGGERS:
            raise KeyError(situation)
        return self.situations.get(situation) or _silent(situation)

    def cite(self, cites: Citation | None) -> str:
        """A citation in the chair's words: the council and its own section."""
        if cites is None:
            return f"{self.authority}'s policy is silent on this"
        return f"{self.authority}, {cites.section}"

    def says(self, situation: str) -> str:
        """What the policy says for a situation, with its citation, in a sentence."""
        rule = self.on(situation)
        if rule.silent:
            return f"{self.authority}'s policy {SILENT_TEXT[situation]}"
        return f"{rule.text} ({self.cite(rule.cites)})"


def parse_meeting(
    raw: Mapping[str, Any] | None,
    *,
    authority: str,
    cite: Any,
    item_rules: Mapping[str, Any],
    where: str,
    every_attendee_must_agree: bool = False,
    consent_cites: Citation | None = None,
) -> MeetingRules:
    """The `meeting` section, already checked against the schema. `cite` turns a raw `cites`
    into a Citation; `item_rules` maps each item rule's code to the rule, so that a
    `sensitive_items: pause` names the item rule the engine pauses with (one source of truth).
    Raises ValueError naming the field."""
    if not raw:
        return MeetingRules(
            authority,
            every_attendee_must_agree=every_attendee_must_agree,
            consent_cites=consent_cites,
        )
    situations: dict[str, MeetingRule] = {}
    for situation in TRIGGERS:
        entry = raw.get(situation)
        if entry is None:
            continue
        at = f"{where}.{situation}"
        rule = entry["rule"]
        if rule not in TRIGGERS[situation]:
            allowed = ", ".join(TRIGGERS[situation])
            raise ValueError(f"{at}.rule: {rule!r} is not one of {allowed}")
        if rule == SILENT:
            situations[situation] = _silent(situation)
            continue
        if situation == "sensitive_items":
            code = entry.get("item_rule")
            item = item_rules.get(code) if code else None
            if item is None or item.effect != "pause":
                raise ValueError(
                    f"{at}.item_rule: name the item rule (effect: pause) that pauses the "
                    f"recording for a sensitive item; {code!r} is not one"
                )
            kinds = tuple(entry.get("kinds", ()))
            situations[situation] = MeetingRule(situation, rule, item.text, item.cites, kinds)
            continue
        if "cites" not in entry or "text" not in entry:
            raise ValueError(f"{at}: a rule other than silent needs its text and cites")
        situations[situation] = MeetingRule(
            situation, rule, " ".join(entry["text"].split()), cite(entry["cites"])
        )

    def script(key: str) -> tuple[ScriptLine, ...]:
        lines = []
        for i, line in enumerate(raw.get(key, [])):
            text = " ".join(line["text"].split())
            for token in _braced(text):
                if token not in PLACEHOLDERS:
                    raise ValueError(
                        f"{where}.{key}[{i}].text: unknown placeholder {token} (the "
                        f"placeholders are {', '.join(PLACEHOLDERS)})"
                    )
            lines.append(ScriptLine(text, cite(line["cites"])))
        return tuple(lines)

    decider = raw.get("decides_in_room")
    return MeetingRules(
        authority=authority,
        start_script=script("start_script"),
        end_script=script("end_script"),
        situations=situations,
        decides_in_room=RoomDecider(decider["who"], cite(decider["cites"])) if decider else None,
        every_attendee_must_agree=every_attendee_must_agree,
        consent_cites=consent_cites,
    )


def _braced(text: str) -> list[str]:
    out, start = [], text.find("{")
    while start != -1:
        end = text.find("}", start)
        if end == -1:
            out.append(text[start:])
            break
        out.append(text[start : end + 1])
        start = text.find("{", end)
    return out
