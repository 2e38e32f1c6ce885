"""What the meeting's event log is checked against, read from the case record (no writes): the
roster, the agenda with why each item may not be recorded (the allowed decision's per-item
standing, onrecord.policy.item_standing: the same answer the decision page gives), who is
allowed to record and on what declaration, the authority's rules for the room (its profile's
`meeting` section), and any plan to hold the meeting in parts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from onrecord import policy
from onrecord.cases.models import AgendaItem, Attendee, Child, Meeting
from onrecord.meetings.state import Reason, Roster, Split
from onrecord.policy.item_standing import standing_by_id
from onrecord.policy.meeting_rules import MeetingRules
from onrecord.policy.profiles import Citation
from onrecord.policy_versions import active
from onrecord.recording_requests.models import Declaration, RecordingRequest
from onrecord.recording_requests.services import in_force_declaration

__all__ = ["MeetingPlan", "SplitPlan", "meeting_plan", "request_lines", "room_rules"]


def room_rules(meeting: Meeting) -> MeetingRules:
    """The authority's rules for the room, from its policy profile in force today: the
    `meeting` section and `consent_in_the_room`. A profile that cannot be loaded gets the
    stricter consent rule (everyone present must agree) and a policy silent on everything
    else, so the chair is told to decide and their choice is logged."""
    authority = meeting.case.authority
    try:
        profile = active.profile_for(authority, timezone.localdate())
    except policy.ProfileError:
        return MeetingRules(authority.name, every_attendee_must_agree=True)
    return profile.room


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

    @property
    def rules(self) -> MeetingRules:
        return self.roster.rules

    def item_policy_silent(self, item: AgendaItem) -> bool:
        """A sensitive item the authority's policy says nothing about pausing for."""
        return item.pk in self.roster.silent_items


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
            said += f" (the policy, “{section}”"
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
            cites=_citation(stored.get("cites")),
        ),
        missing=missing,
    )


def _citation(raw: Any) -> Citation | None:
    if not isinstance(raw, Mapping) or not raw.get("section"):
        return None
    return Citation(str(raw.get("seed", "")), str(raw["section"]), str(raw.get("clause", "")))


def _item_reasons(
    items: list[AgendaItem], allowed: RecordingRequest | None, rules: MeetingRules
) -> tuple[dict[int, Reason | None], frozenset[int]]:
    """Why each item may not be recorded (None where it may), from the allowed decision's
    per-item standing: the one answer the decision page and the minutes give too. An item
    added after the decision follows the profile's own sensitive-items rule. Also the
    sensitive items the policy is silent on, where the chair decides."""
    if allowed is None:  # nobody records: nothing to pause
        return {item.pk: None for item in items}, frozenset()
    standings = standing_by_id(allowed.decision.policy_decision, allowed.decision.outcome)
    pauses = not rules.on("sensitive_items").silent
    reasons: dict[int, Reason | None] = {}
    silent: set[int] = set()
    for item in items:
        standing = standings.get(str(item.pk))
        if standing is None:  # not on the agenda when the request was decided
            reasons[item.pk] = Reason.SENSITIVE_ITEM if item.sensitive and pauses else None
        elif standing.paused:
            reasons[item.pk] = Reason.SENSITIVE_ITEM
        elif not standing.recordable:
            reasons[item.pk] = Reason.ITEM_NOT_RECORDABLE
        else:
            reasons[item.pk] = None
        if item.sensitive and reasons[item.pk] is None and not pauses:
            silent.add(item.pk)
    return reasons, frozenset(silent)


def _refused(attendees: list[Attendee], requests: list[RecordingRequest]) -> frozenset[int]:
    """Attendees whose latest request to record this meeting was refused."""
    latest: dict[Any, RecordingRequest] = {r.requester_id: r for r in requests}
    refused = {
        person
        for person, r in latest.items()
        if r.status == RecordingRequest.Status.DECIDED
        and r.decision.outcome == r.decision.Outcome.REFUSED
    }
    return frozenset(a.pk for a in attendees if a.person_id in refused)


def _la_holds_pr(meeting: Meeting, items: list[AgendaItem]) -> bool:
    """The local authority holds PR (a care or placement order) for a child on the agenda, or
    for a child of the case where the agenda names none (Leeds, as the engine's
    `local_authority_holds_pr`)."""
    on_agenda = Child.objects.filter(agenda_items__in=items).distinct()
    children = on_agenda if on_agenda.exists() else Child.objects.filter(case=meeting.case_id)
    return children.exclude(court_order=Child.CourtOrder.NONE).exists()


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
    rules = room_rules(meeting)
    reasons, silent = _item_reasons(items, allowed, rules)
    roster = Roster(
        attendees={a.pk: a.person.full_name for a in attendees},
        items=reasons,
        recorder=allowed.requester.full_name if allowed else None,
        unanimous_consent=rules.every_attendee_must_agree,
        split=split.split if split else None,
        rules=rules,
        silent_items=silent,
        refused=_refused(attendees, requests),
        la_holds_pr=_la_holds_pr(meeting, items),
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
