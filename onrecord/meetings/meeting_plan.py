"""What the meeting's event log is checked against, read from the case record (no writes): the
roster, the agenda with why each item may not be recorded, who is allowed to record and on what
declaration, the authority's consent rule, and the Leeds plan to hold the meeting in parts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from onrecord import policy
from onrecord.cases.models import AgendaItem, Attendee, Meeting
from onrecord.meetings.state import Reason, Roster, Split
from onrecord.recording_requests.models import Declaration, RecordingRequest
from onrecord.recording_requests.services import in_force_declaration

__all__ = ["MeetingPlan", "SplitPlan", "meeting_plan", "request_lines"]


def _every_attendee_must_agree(meeting: Meeting) -> bool:
    """From the authority's policy profile (`consent_in_the_room`): Hertfordshire 2.7-2.8 need
    every attendee's agreement in the room; elsewhere an objection is noted and weighed
    (Hackney 3), not a veto. A profile that cannot be loaded gets the stricter rule."""
    try:
        profile = policy.load_profile(
            meeting.case.authority.policy_profile, on=timezone.localdate()
        )
    except policy.ProfileError:
        return True
    return profile.every_attendee_must_agree


@dataclass(frozen=True)
class MeetingPlan:
    """What the log is checked against, from the case record: the roster, the agenda with why
    each item may not be recorded, and who is allowed to record and on what declaration."""

    roster: Roster
    attendees: list[Attendee]
    items: list[AgendaItem]
    allowed: RecordingRequest | None
    declaration: Declaration | None
    requests: list[RecordingRequest]
    split: SplitPlan | None = None

    def item_reason(self, item: AgendaItem) -> Reason | None:
        return self.roster.items.get(item.pk)


@dataclass(frozen=True)
class SplitPlan:
    """Leeds, parents who disagree: the stored decision's plan to hold the meeting in parts,
    with its names matched to this meeting's attendee list (`missing`: names not on it)."""

    recording: str
    not_recording: tuple[str, ...]
    steps: tuple[str, ...]
    cites: Mapping[str, str]
    split: Split
    missing: tuple[str, ...]

    @property
    def why(self) -> str:
        section = self.cites.get("section", "")
        clause = self.cites.get("clause", "")
        said = (
            f"the parents disagree about the recording: {' and '.join(self.not_recording)} "
            f"did not want it recorded, and {self.recording} asked to record it"
        )
        if section:
            said += f" (Leeds guidance, “{section}”"
            said += f": “{clause}”)" if clause else ")"
        return said


def _split_plan(allowed: RecordingRequest | None, attendees: list[Attendee]) -> SplitPlan | None:
    if allowed is None:
        return None
    stored = allowed.decision.policy_decision.get("split_attendance")
    if not stored:
        return None
    by_name = {a.person.full_name: a.pk for a in attendees}
    recording = str(stored.get("recording", ""))
    not_recording = tuple(str(n) for n in stored.get("not_recording", []))
    missing = tuple(n for n in (*not_recording, recording) if n not in by_name)
    return SplitPlan(
        recording=recording,
        not_recording=not_recording,
        steps=tuple(str(step) for step in stored.get("steps", [])),
        cites={str(k): str(v) for k, v in (stored.get("cites") or {}).items()},
        split=Split(
            recording=by_name.get(recording),
            not_recording=tuple(by_name[n] for n in not_recording if n in by_name),
        ),
        missing=missing,
    )


def _item_reasons(
    items: list[AgendaItem], allowed: RecordingRequest | None
) -> dict[int, Reason | None]:
    decided: dict[str, dict[str, Any]] = {}
    if allowed is not None:
        for entry in allowed.decision.policy_decision.get("items", []):
            decided[str(entry.get("id"))] = entry
    reasons: dict[int, Reason | None] = {}
    for item in items:
        entry = decided.get(str(item.pk))
        if item.sensitive or (entry and entry.get("status") == "paused"):
            reasons[item.pk] = Reason.SENSITIVE_ITEM
        elif entry is not None and entry.get("recordable") is not True:
            reasons[item.pk] = Reason.ITEM_NOT_RECORDABLE
        else:
            reasons[item.pk] = None
    return reasons


def meeting_plan(meeting: Meeting) -> MeetingPlan:
    attendees = list(Attendee.objects.filter(meeting=meeting).select_related("person"))
    items = list(AgendaItem.objects.filter(meeting=meeting))
    requests = list(
        RecordingRequest.objects.filter(meeting=meeting)
        .select_related("requester", "decision", "decision__decided_by")
        .order_by("made_at")
    )
    allowed = next(
        (
            r
            for r in reversed(requests)
            if r.status == RecordingRequest.Status.DECIDED
            and r.decision.outcome == r.decision.Outcome.ALLOWED
        ),
        None,
    )
    declaration = in_force_declaration(allowed.requester) if allowed else None
    split = _split_plan(allowed, attendees)
    roster = Roster(
        attendees={a.pk: a.person.full_name for a in attendees},
        items=_item_reasons(items, allowed),
        recorder=allowed.requester.full_name if allowed else None,
        unanimous_consent=_every_attendee_must_agree(meeting),
        split=split.split if split else None,
    )
    return MeetingPlan(roster, attendees, items, allowed, declaration, requests, split)


def request_lines(mp: MeetingPlan) -> list[str]:
    """The requests to record this meeting and their outcomes, and the declaration, as lines
    for the minutes."""
    lines: list[str] = []
    for made in mp.requests:
        said = (
            f"{made.requester.full_name} asked on {timezone.localtime(made.made_at):%d %B %Y} "
            f"to record the meeting ({made.get_medium_display().lower()})"
        )
        if made.status == RecordingRequest.Status.DECIDED:
            decision = made.decision
            said += (
                f": {decision.get_outcome_display().lower()} by {decision.decided_by} "
                f"({decision.decided_by_role}). Reasons: {decision.reason}"
            )
            if decision.disagreements:
                said += f" Disagreement noted: {decision.disagreements}"
        else:
            said += f": {made.get_status_display().lower()}."
        lines.append(said)
    if mp.allowed is not None:
        lines.append(
            f"{mp.allowed.requester.full_name} signed the declaration on "
            f"{timezone.localtime(mp.declaration.family_signed_at):%d %B %Y}."
            if mp.declaration and mp.declaration.family_signed_at
            else f"{mp.allowed.requester.full_name} had not signed the declaration."
        )
    return lines
