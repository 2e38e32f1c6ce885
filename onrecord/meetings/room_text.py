"""What meeting mode says to the chair, from the meeting's own authority's rules for the room
(its profile's `meeting` section, onrecord.policy.meeting_rules): the script to read at the
start and the end, and the help beside each action, each citing that council's own clause
or saying that its policy is silent and the chair decides (issue 17: every council's chair was
shown Leeds and Hertfordshire clauses). No rule logic lives in the templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from onrecord.meetings.meeting_plan import MeetingPlan
from onrecord.meetings.state import Kind, Recording, State, describe
from onrecord.policy.meeting_rules import ASK_AGAIN, STOP_AND_ASK_AGAIN, MeetingRules, ScriptLine

__all__ = ["end_script", "help_texts", "start_script"]


def _hm(at: Any) -> str:
    return f"{timezone.localtime(at):%H:%M}"


def _line(rules: MeetingRules, line: ScriptLine, fill: dict[str, str]) -> str:
    text = line.text
    for key, value in fill.items():
        text = text.replace(key, value)
    return f"{text} ({rules.cite(line.cites)})"


def start_script(mp: MeetingPlan) -> list[str]:
    """What the chair reads at the start: the council's own script (Hackney 3: that it is
    recorded, by whom and how, and whether the declaration is signed), the items the recording
    pauses for, and what happens if someone joins."""
    rules = mp.rules
    allowed = mp.allowed
    lines: list[str] = []
    if allowed is None:
        lines.append(
            "Nobody has been allowed to record this meeting. Please do not record any part of it."
        )
    fill: dict[str, str] = {}
    if allowed is not None:
        who = allowed.requester.full_name
        signed = mp.declaration.family_signed_at if mp.declaration else None
        fill = {
            "{recorder}": who,
            "{how}": f"{allowed.get_medium_display().lower()}, on their own device",
            "{declaration}": (
                f"{who} has signed the declaration about the purpose and use of the recording, "
                f"on {timezone.localtime(signed):%-d %B %Y}."
                if signed
                else f"{who} has not signed the declaration about the purpose and use of the "
                "recording."
            ),
        }
    own = [
        _line(rules, line, fill)
        for line in rules.start_script
        if fill or not any(key in line.text for key in ("{recorder}", "{how}", "{declaration}"))
    ]
    lines += own
    if allowed is not None and not own:
        lines.append(
            f"{rules.authority}'s policy does not set what to say at the start; suggested wording:"
        )
        lines.append(f"This meeting is being recorded by {fill['{recorder}']}, {fill['{how}']}.")
        lines.append(fill["{declaration}"])
    if allowed is None:
        return lines
    paused = [
        f"{item.position}. {item.title} ({describe(reason, mp.roster)})"
        for item in mp.items
        if (reason := mp.item_reason(item)) is not None
    ]
    if paused:
        lines.append("The recording will be paused for: " + "; ".join(paused) + ".")
    joins = rules.on("new_attendee")
    if joins.rule in (STOP_AND_ASK_AGAIN, ASK_AGAIN):
        lines.append(
            f"If anyone joins, I will stop and ask everyone again ({rules.cite(joins.cites)})."
        )
    elif not joins.silent:
        lines.append(
            "If anyone joins, I will tell them that the meeting is being recorded, by whom and "
            f"how ({rules.cite(joins.cites)})."
        )
    return lines


def end_script(mp: MeetingPlan, state: State, events: Sequence[Any]) -> list[str]:
    """What the chair reads at the end: that the recording has ended (Hackney 3: "It must be
    made clear to attendees when the recording has ended"), in the council's words where its
    policy gives them."""
    if not state.recorded:
        return ["This meeting was not recorded. The meeting has now ended."]
    rules = mp.rules
    stopped = [e for e in events if e.kind == Kind.RECORDING_STOPPED]
    when = f" at {_hm(stopped[-1].at)}" if stopped and state.recording is Recording.OFF else ""
    lines = [_line(rules, line, {}) for line in rules.end_script]
    if not lines:
        lines = [
            f"{rules.authority}'s policy does not set what to say at the end; suggested wording:",
            f"The recording has now ended{when}. Please make sure any recording device is stopped.",
        ]
    elif when:
        lines.insert(0, f"The recording ended{when}.")
    return [*lines, "The meeting has now ended."]


def help_texts(mp: MeetingPlan) -> dict[str, str]:
    """The help beside each action on the chair's screen, from the council's own rules."""
    rules = mp.rules
    asks_again = [
        rules.on(s)
        for s in ("new_attendee", "late_request", "consent_withdrawn")
        if rules.on(s).rule in (STOP_AND_ASK_AGAIN, ASK_AGAIN)
    ]
    reconsent = "Circumstances have changed: stop and ask everyone present again whether they "
    reconsent += "agree to the recording"
    reconsent += f" ({rules.cite(asks_again[0].cites)})." if asks_again else "."
    decider = rules.decides_in_room
    return {
        "reconsent": reconsent,
        "new_attendee": (
            "Add them and mark them as here. If you have already asked about the recording: "
            + rules.says("new_attendee")
            + " A parent or child who is not on the list needs their details on the case "
            "record first: ask the social worker."
        ),
        "late_request": (
            rules.says("late_request")
            + " The request goes to the request pages to be decided"
            + (f" by {decider.who} ({rules.cite(decider.cites)})" if decider else "")
            + ": they may not record until it is allowed."
        ),
        "covert": rules.says("covert_recording")
        + " This logs it in the meeting and opens an incident with its follow-up.",
        "friend": "For someone who is not a parent and does not hold parental responsibility. "
        + rules.says("friend_recording")
        + " This logs it in the meeting and opens an incident with its follow-up.",
        "misuse": "For example, a recording of this or an earlier meeting is online, or is "
        "being shared as it happens. You may stop the recording, or end the meeting. "
        + rules.says("publication"),
        "sensitive_silent": rules.says("sensitive_items"),
        "insists": "For a parent whose request to record was refused who says they will record "
        "anyway, or will not stop. "
        + rules.says("parent_insists")
        + " This logs your decision in the meeting, on the case timeline and in the minutes.",
    }
