"""The meeting's event log as a state machine: pure Python, no Django.

`plan(state, event, roster)` checks one action the chair takes against everything that has
happened so far and returns the events to append, in order: the action itself and what it
makes happen under the meeting's own authority's rules (`Roster.rules`, the profile's
`meeting` section, onrecord.policy.meeting_rules): someone joining after consent was sought
makes the chair stop and ask everyone again (Hertfordshire 2.11), or tell the newcomer
(Hackney 3), or, where the policy is silent (Leeds, Brent), logs that it is silent so the
chair's choice is on the record; an item the decision says is paused pauses the recording
(Leeds d); ending the meeting ends the recording; a parent who did not want a meeting held in
parts recorded coming in pauses it. An action out of order raises `EventRefused` naming what
is wrong, and nothing is appended. `plan_incident` does the same for an incident found in the
meeting and what the chair did about it.
`apply(state, event, roster)` is one event's effect, through one handler per kind of event
(`_HANDLERS`); `replay(events, roster)` rebuilds the state from the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from onrecord.policy.meeting_rules import (
    ASK_AGAIN,
    NOTE,
    PAUSE,
    SILENT,
    STOP_AND_ASK_AGAIN,
    TELL,
    MeetingRules,
)
from onrecord.policy.profiles import Citation


class Kind(StrEnum):
    MEETING_STARTED = "meeting_started"
    MEETING_ENDED = "meeting_ended"
    ARRIVED = "arrived"
    LEFT = "left"
    CONSENT_ASKED = "consent_asked"
    CONSENT_GIVEN = "consent_given"
    CONSENT_REFUSED = "consent_refused"
    RECORDING_STARTED = "recording_started"
    RECORDING_PAUSED = "recording_paused"
    RECORDING_RESUMED = "recording_resumed"
    RECORDING_STOPPED = "recording_stopped"
    ITEM_STARTED = "item_started"
    RECONSENT_REQUIRED = "reconsent_required"
    LATE_REQUEST = "late_request"
    COVERT_RECORDING = "covert_recording"
    FRIEND_RECORDING = "friend_recording"
    RECORDING_MISUSED = "recording_misused"
    TELL_ATTENDEES = "tell_attendees"
    POLICY_SILENT = "policy_silent"
    INTRODUCED = "introduced"
    PARENT_INSISTS = "parent_insists"


KIND_LABELS: dict[Kind, str] = {
    Kind.MEETING_STARTED: "Meeting started",
    Kind.MEETING_ENDED: "Meeting ended",
    Kind.ARRIVED: "Arrived",
    Kind.LEFT: "Left",
    Kind.CONSENT_ASKED: "Asked whether they agree to the recording",
    Kind.CONSENT_GIVEN: "Agreed to the recording",
    Kind.CONSENT_REFUSED: "Did not agree to the recording",
    Kind.RECORDING_STARTED: "Recording started",
    Kind.RECORDING_PAUSED: "Recording paused",
    Kind.RECORDING_RESUMED: "Recording resumed",
    Kind.RECORDING_STOPPED: "Recording stopped",
    Kind.ITEM_STARTED: "Agenda item started",
    Kind.RECONSENT_REQUIRED: "Stop and ask everyone again",
    Kind.LATE_REQUEST: "Asked to record during the meeting",
    Kind.COVERT_RECORDING: "Someone was recording without permission",
    Kind.FRIEND_RECORDING: "A friend or relative was recording against the parents' wishes",
    Kind.RECORDING_MISUSED: "A recording was published or used for another purpose",
    Kind.TELL_ATTENDEES: "Tell them the meeting is being recorded",
    Kind.POLICY_SILENT: "The policy is silent: the chair decides",
    Kind.INTRODUCED: "Introduced themselves",
    Kind.PARENT_INSISTS: "Said they will record anyway, after being refused",
}

# Notes the log carries in the chair's words, which the minutes look for.
ADDED_DURING_MEETING = "not on the attendee list; added during the meeting"
ASKED_TO_LEAVE = "asked to leave because they would not stop recording"
EXCLUDED_FOR_INSISTING = "excluded because they insisted on recording after being refused"


class Insisted(StrEnum):
    """What the chair did when a parent who was refused said they would record anyway (Leeds,
    "What should practitioners do if they believe that ... the child would be placed at risk of
    further harm", 001_faf809ee2c83eecf.txt): exclude them, only where the local authority
    holds parental responsibility; or suspend the meeting and offer a restorative meeting; or
    explain the issues about recording and go ahead (Leeds, principles: "we will inform them
    about the issue of recording"). Each is minuted ("In all cases the decision should be
    minuted")."""

    EXCLUDED = "excluded"
    SUSPENDED = "suspended"
    WENT_AHEAD = "went_ahead"


INSISTED_LABELS: dict[Insisted, str] = {
    Insisted.EXCLUDED: "excluded them from the meeting, which went ahead without them",
    Insisted.SUSPENDED: "suspended the meeting and offered a restorative meeting",
    Insisted.WENT_AHEAD: (
        "explained the issues about recording, and about privacy and the use of private "
        "information, and the meeting went ahead"
    ),
}

# Found at any time before the meeting ends, in the waiting room too: each opens an incident.
INCIDENT_KINDS = frozenset({Kind.COVERT_RECORDING, Kind.FRIEND_RECORDING, Kind.RECORDING_MISUSED})


class Reason(StrEnum):
    SENSITIVE_ITEM = "sensitive_item"
    ITEM_NOT_RECORDABLE = "item_not_recordable"
    CONSENT_CHANGED = "consent_changed"
    NEW_ATTENDEE = "new_attendee"
    LATE_REQUEST = "late_request"
    CHAIR_DECISION = "chair_decision"
    MEETING_ENDED = "meeting_ended"
    COVERT_RECORDING = "covert_recording"
    FRIEND_RECORDING = "friend_recording"
    RECORDING_MISUSED = "recording_misused"
    SPLIT_ATTENDANCE = "split_attendance"
    PARENT_INSISTS = "parent_insists"


# In plain words, citing nobody: `describe` adds the meeting's own authority's clause.
REASON_LABELS: dict[Reason, str] = {
    Reason.SENSITIVE_ITEM: "a sensitive item",
    Reason.ITEM_NOT_RECORDABLE: "an item the person recording may not record",
    Reason.CONSENT_CHANGED: "someone no longer agrees to the recording",
    Reason.NEW_ATTENDEE: "a new attendee joined",
    Reason.LATE_REQUEST: "a request to record made during the meeting",
    Reason.CHAIR_DECISION: "the chair's decision",
    Reason.MEETING_ENDED: "the meeting ended",
    Reason.COVERT_RECORDING: "someone was recording without permission",
    Reason.FRIEND_RECORDING: "a friend or relative was recording against the parents' wishes",
    Reason.RECORDING_MISUSED: "a recording was published or used for another purpose",
    Reason.SPLIT_ATTENDANCE: "the parent who does not want it recorded is here",
    Reason.PARENT_INSISTS: "a parent who was refused insisted on recording",
}

# Which situation of the profile's `meeting` section each reason comes under.
REASON_SITUATIONS: dict[Reason, str] = {
    Reason.SENSITIVE_ITEM: "sensitive_items",
    Reason.CONSENT_CHANGED: "consent_withdrawn",
    Reason.NEW_ATTENDEE: "new_attendee",
    Reason.LATE_REQUEST: "late_request",
    Reason.COVERT_RECORDING: "covert_recording",
    Reason.FRIEND_RECORDING: "friend_recording",
    Reason.RECORDING_MISUSED: "publication",
    Reason.PARENT_INSISTS: "parent_insists",
}

PAUSE_REASONS = frozenset(
    {
        Reason.SENSITIVE_ITEM,
        Reason.ITEM_NOT_RECORDABLE,
        Reason.CONSENT_CHANGED,
        Reason.NEW_ATTENDEE,
        Reason.LATE_REQUEST,
        Reason.CHAIR_DECISION,
        Reason.SPLIT_ATTENDANCE,
    }
)


class Recording(StrEnum):
    OFF = "off"
    ON = "on"
    PAUSED = "paused"


class Consent(StrEnum):
    ASKED = "asked"
    GIVEN = "given"
    REFUSED = "refused"


class EventRefused(Exception):
    """The action cannot be taken now; the message says why, in the chair's words."""


@dataclass(frozen=True)
class Event:
    kind: Kind
    attendee: int | None = None
    item: int | None = None
    reason: Reason | None = None
    note: str = ""  # in the chair's words, e.g. who was recording when they are not listed
    # A parent who insists on recording had already recorded some of the meeting (Leeds: "The
    # lead practitioner should seek legal advice if some recording has taken place").
    recorded_some: bool = False


@dataclass(frozen=True)
class Split:
    """Leeds, parents who disagree: the meeting held in parts. The parent(s) who do not want it
    recorded attend, give their views and leave; then the recording parent attends. Attendee
    ids (None where the recording parent is not on the list)."""

    recording: int | None
    not_recording: tuple[int, ...]
    cites: Citation | None = None  # the decision's clause for holding the meeting in parts


@dataclass(frozen=True)
class Roster:
    """What the log is checked against: who is on the attendee list (id → name), the agenda
    (id → why it may not be recorded, or None where it may, from the decision's per-item
    standing, onrecord.policy.item_standing), who, if anyone, has been allowed to record, and
    the authority's rules for the room (`rules`; by default a policy silent on everything).
    `silent_items` are sensitive items the decision lets be recorded because the policy says
    nothing about pausing for them: reaching one logs that the chair decides. `refused` are
    the attendees whose request to record this meeting was refused; `la_holds_pr` whether the
    local authority holds parental responsibility for a child of the case (a care or placement
    order: Leeds lets the chair exclude a parent who insists on recording only then)."""

    attendees: Mapping[int, str]
    items: Mapping[int, Reason | None]
    recorder: str | None = None
    unanimous_consent: bool = False  # the profile's consent_in_the_room (Hertfordshire 2.7-2.8)
    split: Split | None = None  # the meeting held in parts, where the decision made one
    rules: MeetingRules = field(default_factory=lambda: MeetingRules("The council"))
    silent_items: frozenset[int] = frozenset()
    refused: frozenset[int] = frozenset()
    la_holds_pr: bool = False

    def name(self, attendee: int | None) -> str:
        return self.attendees.get(attendee, "someone") if attendee is not None else "someone"


@dataclass(frozen=True)
class State:
    started: bool = False
    ended: bool = False
    recording: Recording = Recording.OFF
    pause_reason: Reason | None = None
    present: frozenset[int] = frozenset()
    ever_arrived: frozenset[int] = frozenset()
    consent: Mapping[int, Consent] = field(default_factory=dict)
    consent_sought: bool = False
    current_item: int | None = None
    reconsent_required: bool = False
    recorded: bool = False

    def consent_of(self, attendee: int) -> Consent | None:
        return self.consent.get(attendee)

    def waiting_for(self) -> list[int]:
        """Those present who have not answered since they were last asked (or never asked)."""
        return sorted(
            a for a in self.present if self.consent.get(a) not in {Consent.GIVEN, Consent.REFUSED}
        )

    def refusing(self) -> list[int]:
        return sorted(a for a in self.present if self.consent.get(a) == Consent.REFUSED)


def describe(reason: Reason, roster: Roster) -> str:
    """A reason in plain words with the meeting's own authority's clause (or that its policy
    is silent on it); the chair's own decision, the end of the meeting and an item the
    decision excludes cite nothing here (the decision page gives the item's clause)."""
    label = REASON_LABELS[reason]
    if reason is Reason.SPLIT_ATTENDANCE:
        cites = roster.split.cites if roster.split is not None else None
        return f"{label} ({roster.rules.cite(cites)})" if cites is not None else label
    situation = REASON_SITUATIONS.get(reason)
    if situation is None:
        return label
    rule = roster.rules.on(situation)
    if rule.silent:
        return f"{label} (the chair's choice: {roster.rules.cite(None)})"
    return f"{label} ({roster.rules.cite(rule.cites)})"


def situation_of(event: Event) -> str | None:
    """The `meeting` section situation a TELL_ATTENDEES or POLICY_SILENT event is about."""
    return REASON_SITUATIONS.get(event.reason) if event.reason is not None else None


def _need_attendee(event: Event, roster: Roster) -> int:
    if event.attendee is None:
        raise EventRefused("Say who this is about.")
    if event.attendee not in roster.attendees:
        raise EventRefused(
            "That person is not on this meeting's attendee list. Add them to the meeting first."
        )
    return event.attendee


def _need_running(state: State, doing: str) -> None:
    if not state.started:
        raise EventRefused(f"The meeting has not started: start it before you {doing}.")
    if state.ended:
        raise EventRefused(f"The meeting has ended: you cannot {doing} now.")


def apply(state: State, event: Event, roster: Roster) -> State:
    """The state after this one event, or EventRefused if it cannot happen now."""
    if state.ended and event.kind is not Kind.MEETING_ENDED:
        raise EventRefused("The meeting has ended: nothing more can be added to its log.")
    handler = _HANDLERS.get(event.kind)
    if handler is None:  # pragma: no cover
        raise EventRefused(f"Unknown event {event.kind!r}.")
    return handler(state, event, roster)


# One handler per kind of event: the state after it, or EventRefused saying why it cannot
# happen now. `apply` has already refused anything but MEETING_ENDED once the meeting ended.
Handler = Callable[[State, Event, Roster], State]


def _meeting_started(state: State, event: Event, roster: Roster) -> State:
    if state.started:
        raise EventRefused("The meeting has already started.")
    return replace(state, started=True)


def _meeting_ended(state: State, event: Event, roster: Roster) -> State:
    if state.ended:
        raise EventRefused("The meeting has already ended.")
    if not state.started:
        raise EventRefused("The meeting has not started, so it cannot end.")
    if state.recording is not Recording.OFF:
        raise EventRefused("Stop the recording before the meeting ends.")
    return replace(state, ended=True, present=frozenset())


def _arrived(state: State, event: Event, roster: Roster) -> State:
    who = _need_attendee(event, roster)
    if who in state.present:
        raise EventRefused(f"{roster.name(who)} is already here.")
    consent = dict(state.consent)
    consent.pop(who, None)  # someone coming back is asked again
    return replace(
        state,
        present=state.present | {who},
        ever_arrived=state.ever_arrived | {who},
        consent=consent,
    )


def _left(state: State, event: Event, roster: Roster) -> State:
    who = _need_attendee(event, roster)
    if who not in state.present:
        raise EventRefused(f"{roster.name(who)} is not here, so cannot leave.")
    consent = dict(state.consent)
    consent.pop(who, None)
    return _settle(replace(state, present=state.present - {who}, consent=consent))


def _consent_asked(state: State, event: Event, roster: Roster) -> State:
    who = _need_attendee(event, roster)
    if who not in state.present:
        raise EventRefused(f"{roster.name(who)} is not here: mark them as arrived first.")
    consent = dict(state.consent)
    consent[who] = Consent.ASKED
    return replace(state, consent=consent, consent_sought=True)


def _consent_answered(state: State, event: Event, roster: Roster) -> State:
    """CONSENT_GIVEN or CONSENT_REFUSED: only from someone here who has been asked."""
    who = _need_attendee(event, roster)
    if who not in state.present:
        raise EventRefused(f"{roster.name(who)} is not here: mark them as arrived first.")
    if who not in state.consent:
        raise EventRefused(
            f"{roster.name(who)} has not been asked yet: ask everyone present first."
        )
    consent = dict(state.consent)
    consent[who] = Consent.GIVEN if event.kind is Kind.CONSENT_GIVEN else Consent.REFUSED
    return _settle(replace(state, consent=consent))


def _recording_started(state: State, event: Event, roster: Roster) -> State:
    _need_running(state, "start recording")
    if state.recording is Recording.ON:
        raise EventRefused("The recording is already running.")
    if state.recording is Recording.PAUSED:
        raise EventRefused("The recording is paused: resume it rather than start it again.")
    if roster.recorder is None:
        raise EventRefused("Nobody has been allowed to record this meeting.")
    _need_consent(state, roster)
    _need_recordable_item(state, roster, "start")
    _need_split_clear(state, roster, "start")
    return replace(state, recording=Recording.ON, pause_reason=None, recorded=True)


def _recording_paused(state: State, event: Event, roster: Roster) -> State:
    if state.recording is not Recording.ON:
        raise EventRefused(
            "The recording is not running, so it cannot be paused."
            if state.recording is Recording.OFF
            else "The recording is already paused."
        )
    if event.reason not in PAUSE_REASONS:
        raise EventRefused("Say why the recording is paused.")
    return replace(state, recording=Recording.PAUSED, pause_reason=event.reason)


def _recording_resumed(state: State, event: Event, roster: Roster) -> State:
    if state.recording is not Recording.PAUSED:
        raise EventRefused(
            "The recording is running, not paused, so it cannot be resumed."
            if state.recording is Recording.ON
            else "The recording has not started, so it cannot be resumed."
        )
    _need_consent(state, roster)
    _need_recordable_item(state, roster, "resume")
    _need_split_clear(state, roster, "resume")
    return replace(state, recording=Recording.ON, pause_reason=None)


def _recording_stopped(state: State, event: Event, roster: Roster) -> State:
    if state.recording is Recording.OFF:
        raise EventRefused("The recording is not running, so it cannot be stopped.")
    return replace(state, recording=Recording.OFF, pause_reason=None)


def _item_started(state: State, event: Event, roster: Roster) -> State:
    _need_running(state, "start an agenda item")
    if event.item is None or event.item not in roster.items:
        raise EventRefused("That is not an item on this meeting's agenda.")
    if event.item == state.current_item:
        raise EventRefused("That agenda item is already being discussed.")
    return replace(state, current_item=event.item)


def _reconsent_required(state: State, event: Event, roster: Roster) -> State:
    _need_running(state, "ask everyone again")
    return replace(state, reconsent_required=True)


def _late_request(state: State, event: Event, roster: Roster) -> State:
    _need_running(state, "note a request to record")
    _need_attendee(event, roster)
    if event.attendee not in state.present:
        raise EventRefused(f"{roster.name(event.attendee)} is not here.")
    return state


def _rule_noted(state: State, event: Event, roster: Roster) -> State:
    """TELL_ATTENDEES or POLICY_SILENT: what the authority's rule asks of the chair, or that
    its policy is silent, logged where it arose."""
    _need_running(state, "note what the policy says")
    if event.reason not in REASON_SITUATIONS:
        raise EventRefused("Say what this is about.")
    return state


def _incident_found(state: State, event: Event, roster: Roster) -> State:
    """One of INCIDENT_KINDS: found at any time before the meeting ends (Hackney 4), in the
    waiting room too; the log says who, by attendee or in the chair's words."""
    if event.attendee is not None:
        _need_attendee(event, roster)
    elif not event.note.strip():
        raise EventRefused(
            "Say who made or shared the recording, or that you do not know."
            if event.kind is Kind.RECORDING_MISUSED
            else "Say who was recording, or that you do not know."
        )
    return state


def _parent_insists(state: State, event: Event, roster: Roster) -> State:
    """A parent whose request to record was refused says they will record anyway, or will not
    stop (Leeds): they must be here, and refused; the note is what the chair did (Insisted),
    and exclusion is open to the chair only where the local authority holds PR."""
    _need_running(state, "log that a parent insists on recording")
    who = _need_attendee(event, roster)
    if who not in state.present:
        raise EventRefused(f"{roster.name(who)} is not here: mark them as arrived first.")
    if who not in roster.refused:
        raise EventRefused(
            f"{roster.name(who)} has no refused request to record this meeting: this is for a "
            "parent whose request was refused. Record the decision on their request first."
        )
    if event.note not in {i.value for i in Insisted}:
        raise EventRefused("Say what you did: excluded them, suspended the meeting, or went ahead.")
    if event.note == Insisted.EXCLUDED and not roster.la_holds_pr:
        raise EventRefused(
            "You can exclude a parent who insists on recording only where the local authority "
            "holds parental responsibility for the child (a care or placement order). Suspend "
            "the meeting and offer a restorative meeting, or go ahead."
        )
    return state


def _introduced(state: State, event: Event, roster: Roster) -> State:
    """The introductions round: the chair taps each person as they begin to introduce
    themselves (their stretch ends at the next event); no attendee marks the round's end.
    Changes nothing else: it only puts the voices on the meeting's clock."""
    _need_running(state, "log introductions")
    if event.attendee is not None:
        who = _need_attendee(event, roster)
        if who not in state.present:
            raise EventRefused(f"{roster.name(who)} is not here: mark them as arrived first.")
    return state


_HANDLERS: dict[Kind, Handler] = {
    Kind.MEETING_STARTED: _meeting_started,
    Kind.MEETING_ENDED: _meeting_ended,
    Kind.ARRIVED: _arrived,
    Kind.LEFT: _left,
    Kind.CONSENT_ASKED: _consent_asked,
    Kind.CONSENT_GIVEN: _consent_answered,
    Kind.CONSENT_REFUSED: _consent_answered,
    Kind.RECORDING_STARTED: _recording_started,
    Kind.RECORDING_PAUSED: _recording_paused,
    Kind.RECORDING_RESUMED: _recording_resumed,
    Kind.RECORDING_STOPPED: _recording_stopped,
    Kind.ITEM_STARTED: _item_started,
    Kind.RECONSENT_REQUIRED: _reconsent_required,
    Kind.LATE_REQUEST: _late_request,
    Kind.COVERT_RECORDING: _incident_found,
    Kind.FRIEND_RECORDING: _incident_found,
    Kind.RECORDING_MISUSED: _incident_found,
    Kind.TELL_ATTENDEES: _rule_noted,
    Kind.POLICY_SILENT: _rule_noted,
    Kind.INTRODUCED: _introduced,
    Kind.PARENT_INSISTS: _parent_insists,
}


def _settle(state: State) -> State:
    """Re-consent is complete once everyone present has answered since being asked again."""
    if state.reconsent_required and not state.waiting_for():
        return replace(state, reconsent_required=False)
    return state


def _need_consent(state: State, roster: Roster) -> None:
    if state.reconsent_required:
        raise EventRefused(
            "Circumstances have changed: stop and ask everyone present again before recording."
        )
    waiting = state.waiting_for()
    if waiting:
        names = ", ".join(roster.name(a) for a in waiting)
        raise EventRefused(f"Ask everyone present whether they agree first: waiting for {names}.")
    refusing = state.refusing()
    if roster.unanimous_consent and refusing:
        names = ", ".join(roster.name(a) for a in refusing)
        raise EventRefused(
            f"Not everyone present agrees ({names}), so the meeting cannot be recorded "
            f"({roster.rules.cite(roster.rules.consent_cites)})."
        )


def _need_recordable_item(state: State, roster: Roster, verb: str) -> None:
    if state.current_item is None:
        return
    why = roster.items.get(state.current_item)
    if why is not None:
        raise EventRefused(
            f"This agenda item may not be recorded ({describe(why, roster)}): "
            f"move to the next item before you {verb} the recording."
        )


def _need_split_clear(state: State, roster: Roster, verb: str) -> None:
    """Leeds, parents who disagree: where the meeting is held in parts, nothing is recorded
    while a parent who does not want it recorded is in the room, and the recording is made in
    the part the recording parent attends."""
    split = roster.split
    if split is None:
        return
    here = [a for a in split.not_recording if a in state.present]
    if here:
        names = " and ".join(roster.name(a) for a in here)
        raise EventRefused(
            f"The meeting is being held in parts and {names} did not want it recorded: "
            f"you cannot {verb} the recording while they are here "
            f"({roster.rules.cite(split.cites)}). Log the end of the first part when they leave."
        )
    if split.recording is not None and split.recording not in state.present:
        raise EventRefused(
            f"The meeting is being held in parts: {roster.name(split.recording)} records the "
            f"second part, so mark them as arrived before you {verb} the recording."
        )


def _pause(state: State, reason: Reason) -> list[Event]:
    return [Event(Kind.RECORDING_PAUSED, reason=reason)] if state.recording is Recording.ON else []


def _follow(state: State, rule: str, reason: Reason, event: Event) -> list[Event]:
    """What the authority's rule for this situation makes happen (meeting_rules.TRIGGERS):
    stop (pause) and ask everyone again; ask again; tell the newcomer (or, for a request,
    everyone); pause; note it only; or, where the policy is silent, log that it is so the
    chair's choice, which follows, is on the record."""
    about = event.attendee
    again = Event(Kind.RECONSENT_REQUIRED, attendee=about, reason=reason)
    if rule == STOP_AND_ASK_AGAIN:
        return [*_pause(state, reason), again]
    if rule == ASK_AGAIN:
        return [again]
    if rule == TELL:
        newcomer = about if reason is Reason.NEW_ATTENDEE else None
        return [Event(Kind.TELL_ATTENDEES, attendee=newcomer, reason=reason)]
    if rule == PAUSE:
        return _pause(state, reason)
    if rule == NOTE:
        return []
    if rule == SILENT:
        return [Event(Kind.POLICY_SILENT, attendee=about, reason=reason)]
    raise EventRefused(f"Unknown rule {rule!r} in the policy.")  # pragma: no cover


def plan(state: State, event: Event, roster: Roster) -> list[Event]:
    """The events to append for this action, in order; EventRefused if any cannot happen."""
    events: list[Event] = []
    kind = event.kind
    ending = kind is Kind.MEETING_ENDED and state.started and not state.ended
    if ending and state.recording is not Recording.OFF:
        events.append(Event(Kind.RECORDING_STOPPED, reason=Reason.MEETING_ENDED))
    events.append(event)
    split = roster.split
    if kind is Kind.ARRIVED and split is not None and event.attendee in split.not_recording:
        events += _pause(state, Reason.SPLIT_ATTENDANCE)
    rules = roster.rules
    if kind is Kind.ARRIVED and state.started and state.consent_sought and not state.ended:
        # Paused already for the meeting in parts: the pause is not logged twice.
        paused = state if len(events) == 1 else replace(state, recording=Recording.PAUSED)
        events += _follow(paused, rules.on("new_attendee").rule, Reason.NEW_ATTENDEE, event)
    elif kind is Kind.LATE_REQUEST:
        events += _follow(state, rules.on("late_request").rule, Reason.LATE_REQUEST, event)
    elif kind is Kind.CONSENT_REFUSED and state.recording is Recording.ON:
        rule = rules.on("consent_withdrawn").rule
        events += _follow(state, rule, Reason.CONSENT_CHANGED, event)
    elif kind is Kind.ITEM_STARTED and event.item is not None:
        why = roster.items.get(event.item)
        if why is not None:
            events += _pause(state, why)
        elif event.item in roster.silent_items and state.recording is Recording.ON:
            events.append(Event(Kind.POLICY_SILENT, item=event.item, reason=Reason.SENSITIVE_ITEM))
    # Check the whole sequence before anything is written.
    check = state
    for planned in events:
        check = apply(check, planned, roster)
    return events


def plan_incident(
    state: State,
    event: Event,
    roster: Roster,
    *,
    leaves: bool = False,
    stop: bool = False,
    end: bool = False,
) -> list[Event]:
    """An incident found during the meeting (`event` is one of INCIDENT_KINDS) and what the
    chair did about it, as events: `leaves` — the person was asked to leave and did (Leeds and
    Brent: a friend who will not stop is asked to leave); `stop` — the allowed recording is
    stopped for the rest of the meeting (a recording being misused, Hackney 4); `end` — the
    chair ended the meeting (Hackney 4). Checked as a whole; EventRefused if any part cannot
    happen now."""
    if event.kind not in INCIDENT_KINDS:
        raise EventRefused(f"{event.kind!r} is not an incident.")  # pragma: no cover
    events = plan(state, event, roster)
    now = _then(state, events, roster)
    if leaves and event.attendee is not None and event.attendee in now.present:
        more = plan(now, Event(Kind.LEFT, attendee=event.attendee, note=ASKED_TO_LEAVE), roster)
        events += more
        now = _then(now, more, roster)
    why = Reason(event.kind.value)
    if (stop or end) and now.recording is not Recording.OFF:
        more = [Event(Kind.RECORDING_STOPPED, reason=why)]
        events += more
        now = _then(now, more, roster)
    if end:
        events += plan(now, Event(Kind.MEETING_ENDED, reason=why), roster)
    return events


def _then(state: State, events: Iterable[Event], roster: Roster) -> State:
    for event in events:
        state = apply(state, event, roster)
    return state


def replay(events: Iterable[Event], roster: Roster) -> State:
    state = State()
    for event in events:
        state = apply(state, event, roster)
    return state


def plan_parent_insists(
    state: State, attendee: int | None, roster: Roster, did: str, *, recorded_some: bool = False
) -> list[Event]:
    """A parent who was refused says they will record anyway, or will not stop (Leeds, "What
    should practitioners do if they believe that ... the child would be placed at risk of
    further harm"), and what the chair did (`did`, one of Insisted): logged where the policy
    is silent too; excluded, they leave; suspended, any recording stops and the meeting ends
    (it does not go ahead: a restorative meeting is offered); went ahead, nothing more.
    Checked as a whole; EventRefused if any part cannot happen now."""
    insisted = Event(
        Kind.PARENT_INSISTS,
        attendee=attendee,
        reason=Reason.PARENT_INSISTS,
        note=did,
        recorded_some=recorded_some,
    )
    events = plan(state, insisted, roster)
    if roster.rules.on("parent_insists").silent:
        events.append(Event(Kind.POLICY_SILENT, attendee=attendee, reason=Reason.PARENT_INSISTS))
    now = _then(state, events, roster)
    if did == Insisted.EXCLUDED:
        more = plan(now, Event(Kind.LEFT, attendee=attendee, note=EXCLUDED_FOR_INSISTING), roster)
        events += more
    elif did == Insisted.SUSPENDED:
        if now.recording is not Recording.OFF:
            more = [Event(Kind.RECORDING_STOPPED, reason=Reason.PARENT_INSISTS)]
            events += more
            now = _then(now, more, roster)
        events += plan(now, Event(Kind.MEETING_ENDED, reason=Reason.PARENT_INSISTS), roster)
    return events
