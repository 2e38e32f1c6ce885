"""The vocabulary profiles are written in: named facts about a scenario.

A profile's rules say `when:` in terms of these names, so a council can write a new profile
without Python. Each fact is computed once per decision. A fact is either a plain truth
(`child_protection_conference`) or the names of the people or children it is true of
(`pr_holder_objects` → ("Sam Whitfield",)), so a reason can say who it is about; an empty tuple
is false. Item facts are computed per agenda item.

Adding a fact is a code change (here and in the profile schema's enum); adding or changing a
rule is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from onrecord.policy.scenario import AgendaItem, Child, Person, Scenario, View

Fact = bool | tuple[str, ...]

CONFERENCES = frozenset({"child_protection_conference", "review_conference"})
CONVERSATIONS = frozenset({"home_visit", "phone_call"})
FAMILY_KINDS = frozenset({"parent", "family_member", "carer"})
NOTICE_PREFERRED = dt.timedelta(hours=48)  # Hertfordshire 2.5


@dataclass(slots=True)  # not frozen: built once per decision, and frozen init costs
class Context:
    """What every fact needs, derived once from the scenario, so that each fact is cheap."""

    scenario: Scenario
    requester: Person
    people: dict[str, Person]
    discussed: tuple[Child, ...]  # children on the agenda; all of them when the agenda names none
    covered: frozenset[str]  # child ids the requester holds PR for, cares for, or is
    stance: dict[str, str]  # person id → agrees / objects / no_view
    views: dict[str, View]  # person id → their view
    child_names: dict[str, str]
    holds_pr: bool  # PR for a discussed child (Hertfordshire 1.3: "for subject children")
    pr_holders: tuple[Person, ...]  # others with PR for a discussed child
    others_attending: tuple[Person, ...]
    children_views: tuple[tuple[Child, str], ...]  # discussed children but the requester
    person_of_child: dict[str, str]  # child id → the person id that child is, when listed

    @classmethod
    def of(cls, s: Scenario) -> Context:
        people = {p.id: p for p in s.people}
        requester = people[s.request.requester_id]
        named = set().union(*(item.child_ids for item in s.meeting.agenda))
        discussed = tuple(c for c in s.children if c.id in named) if named else s.children
        discussed_ids = {c.id for c in discussed}
        covered = {cid for pid, cid in s.parental_responsibility if pid == requester.id}
        holds_pr = bool(covered & discussed_ids)
        covered |= requester.cares_for
        if requester.child_id is not None:
            covered.add(requester.child_id)
        stance = {v.person_id: v.stance for v in s.views}
        views = {v.person_id: v for v in s.views}
        holder_ids = {
            pid
            for pid, cid in s.parental_responsibility
            if cid in discussed_ids and pid != requester.id
        }
        child_person = {p.child_id: p.id for p in s.people if p.child_id is not None}
        return cls(
            scenario=s,
            requester=requester,
            people=people,
            discussed=discussed,
            covered=frozenset(covered),
            stance=stance,
            views=views,
            child_names={c.id: c.name for c in s.children},
            holds_pr=holds_pr,
            pr_holders=tuple(
                people[pid] for pid in holder_ids if people[pid].kind != "professional"
            ),
            others_attending=tuple(
                people[a.person_id] for a in s.meeting.attendees if a.person_id != requester.id
            ),
            children_views=tuple(
                (
                    c,
                    stance.get(child_person[c.id], "no_view")
                    if c.id in child_person
                    else "no_view",
                )
                for c in discussed
                if child_person.get(c.id) != requester.id
            ),
            person_of_child=child_person,
        )


def _names(people: Iterable[Person]) -> tuple[str, ...]:
    return tuple(sorted({p.name for p in people}))


def _undecided(ctx: Context, person: Person) -> bool:
    return ctx.stance.get(person.id, "no_view") == "no_view"


def _children_where(ctx: Context, test: Callable[[Child, str], bool]) -> tuple[str, ...]:
    """Discussed children (not the requester) for whom test(child, their stance) holds."""
    return tuple(sorted(child.name for child, stance in ctx.children_views if test(child, stance)))


def _not_covered(ctx: Context, child_ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(ctx.child_names[cid] for cid in child_ids if cid not in ctx.covered))


def _notice(ctx: Context) -> dt.timedelta:
    return ctx.scenario.meeting.scheduled_start - ctx.scenario.request.made_at


def _objecting(ctx: Context, people: Iterable[Person], test: Callable[[View], bool]) -> Fact:
    """Names of those who object and whose view passes `test`."""
    return _names(
        p
        for p in people
        if (v := ctx.views.get(p.id)) is not None and v.stance == "objects" and test(v)
    )


def _professionals(ctx: Context) -> tuple[Person, ...]:
    return tuple(p for p in ctx.others_attending if p.kind == "professional")


def _need(*names: str) -> Callable[[Context], Fact]:
    return lambda ctx: bool(ctx.scenario.request.needs.intersection(names))


def _covert_found(when: str) -> Callable[[Context], Fact]:
    def fact(ctx: Context) -> Fact:
        c = ctx.scenario.circumstances.covert_recording
        return c is not None and c.found == when

    return fact


def _covert_recorder(ctx: Context) -> Fact:
    c = ctx.scenario.circumstances.covert_recording
    return (ctx.people[c.by].name,) if c is not None and c.by is not None else ()


def _parents_of_discussed(ctx: Context) -> set[str]:
    """Ids of everyone with PR for a discussed child, and the parents among the people."""
    discussed = {c.id for c in ctx.discussed}
    holders = {pid for pid, cid in ctx.scenario.parental_responsibility if cid in discussed}
    return holders | {p.id for p in ctx.scenario.people if p.kind == "parent"}


def _not_invited_by_parents(ctx: Context) -> Fact:
    invited = ctx.requester.invited_by
    return bool(invited) and not invited & _parents_of_discussed(ctx)


def _unsigned_competent_children(ctx: Context) -> Fact:
    """Discussed Gillick-competent children (not the requester) who have not signed."""
    signed = ctx.scenario.declaration_signed_by
    as_person = ctx.person_of_child
    return tuple(
        sorted(
            c.name
            for c in ctx.discussed
            if c.gillick_competent
            and as_person.get(c.id) != ctx.requester.id
            and (c.id not in as_person or as_person[c.id] not in signed)
        )
    )


def _unsigned_parents(ctx: Context) -> Fact:
    """When a subject child asks: the PR holders, if none of them has signed."""
    if not any(c.id == ctx.requester.child_id for c in ctx.discussed):
        return ()
    if any(p.id in ctx.scenario.declaration_signed_by for p in ctx.pr_holders):
        return ()
    return _names(ctx.pr_holders)


def _purpose(name: str) -> Callable[[Context], Fact]:
    return lambda ctx: name in ctx.scenario.request.purposes


def _assessed(name: str) -> Callable[[Context], Fact]:
    return lambda ctx: name in ctx.scenario.assessments


REQUEST_FACTS: dict[str, Callable[[Context], Fact]] = {
    # who is asking: plain truths, since a reason names the requester as {requester}; were they
    # names, a rule such as "a friend asks and a parent objects" would list the friend among
    # the objectors in {who}
    "requester_holds_pr": lambda ctx: ctx.holds_pr,
    "requester_is_subject_child": lambda ctx: any(
        c.id == ctx.requester.child_id for c in ctx.discussed
    ),
    # Leeds: "the parents" are birth parents and those with PR, whether or not they hold it
    "requester_is_parent": lambda ctx: ctx.requester.kind == "parent" or ctx.holds_pr,
    "requester_is_family_without_pr": lambda ctx: (
        ctx.requester.kind in FAMILY_KINDS and not ctx.holds_pr
    ),
    "requester_is_relative_without_pr": lambda ctx: (
        ctx.requester.kind in ("family_member", "carer") and not ctx.holds_pr
    ),
    "requester_is_friend": lambda ctx: ctx.requester.kind == "friend",
    "requester_is_professional": lambda ctx: ctx.requester.kind == "professional",
    # views
    "pr_holder_objects": lambda ctx: _names(
        p for p in ctx.pr_holders if ctx.stance.get(p.id) == "objects"
    ),
    "pr_holder_view_missing": lambda ctx: _names(p for p in ctx.pr_holders if _undecided(ctx, p)),
    "pr_holders_all_agree": lambda ctx: bool(ctx.pr_holders)
    and all(ctx.stance.get(p.id) == "agrees" for p in ctx.pr_holders),
    "child_objects": lambda ctx: _children_where(ctx, lambda c, s: s == "objects"),
    "child_of_understanding": lambda ctx: _children_where(
        ctx, lambda c, s: bool(c.gillick_competent)
    ),
    "looked_after_competent_child_objects": lambda ctx: _children_where(
        ctx, lambda c, s: c.looked_after and bool(c.gillick_competent) and s == "objects"
    ),
    "looked_after_competent_child_not_agreed": lambda ctx: _children_where(
        ctx, lambda c, s: c.looked_after and bool(c.gillick_competent) and s == "no_view"
    ),
    "looked_after_child_competence_unassessed": lambda ctx: _children_where(
        ctx, lambda c, s: c.looked_after and c.gillick_competent is None
    ),
    # a parent who objects: would they stay away from a recorded meeting? (Leeds)
    "pr_holder_would_not_attend_if_recorded": lambda ctx: _objecting(
        ctx, ctx.pr_holders, lambda v: v.would_not_attend_if_recorded is True
    ),
    "pr_holder_would_attend_if_recorded": lambda ctx: _objecting(
        ctx, ctx.pr_holders, lambda v: v.would_not_attend_if_recorded is False
    ),
    "pr_holder_attendance_if_recorded_unknown": lambda ctx: _objecting(
        ctx, ctx.pr_holders, lambda v: v.would_not_attend_if_recorded is None
    ),
    # a professional's objection and its reason (Hertfordshire 2.4)
    "professional_objects_with_very_valid_reason": lambda ctx: _objecting(
        ctx, _professionals(ctx), lambda v: v.very_valid_reason is True
    ),
    "professional_objects_without_very_valid_reason": lambda ctx: _objecting(
        ctx, _professionals(ctx), lambda v: v.very_valid_reason is False
    ),
    "professional_objects_reason_not_judged": lambda ctx: _objecting(
        ctx, _professionals(ctx), lambda v: v.very_valid_reason is None
    ),
    "professional_objects": lambda ctx: _names(
        p
        for p in ctx.others_attending
        if p.kind == "professional" and ctx.stance.get(p.id) == "objects"
    ),
    "family_attendee_objects": lambda ctx: _names(
        p
        for p in ctx.others_attending
        if p.kind != "professional" and ctx.stance.get(p.id) == "objects"
    ),
    "attendee_objects": lambda ctx: _names(
        p for p in ctx.others_attending if ctx.stance.get(p.id) == "objects"
    ),
    "attendee_agreement_missing": lambda ctx: _names(
        p for p in ctx.others_attending if _undecided(ctx, p)
    ),
    # when and what kind of meeting
    "request_in_advance": lambda ctx: ctx.scenario.request.timing == "in_advance",
    "request_on_the_day": lambda ctx: ctx.scenario.request.timing == "on_the_day",
    "request_mid_meeting": lambda ctx: ctx.scenario.request.timing == "mid_meeting",
    "less_than_48_hours_notice": lambda ctx: _notice(ctx) < NOTICE_PREFERRED,
    "child_protection_conference": lambda ctx: ctx.scenario.meeting.kind in CONFERENCES,
    "looked_after_child_review": lambda ctx: ctx.scenario.meeting.kind
    == "looked_after_child_review",
    "conversation": lambda ctx: ctx.scenario.meeting.kind in CONVERSATIONS,
    "local_authority_holds_pr": lambda ctx: tuple(
        sorted(c.name for c in ctx.discussed if c.local_authority_holds_pr)
    ),
    "video": lambda ctx: ctx.scenario.request.medium == "video",
    "medium_audio": lambda ctx: ctx.scenario.request.medium == "audio",
    "medium_video": lambda ctx: ctx.scenario.request.medium == "video",
    "medium_photography": lambda ctx: ctx.scenario.request.medium == "photography",
    "occasion_meeting": lambda ctx: ctx.scenario.meeting.kind not in CONVERSATIONS,
    "occasion_home_visit": lambda ctx: ctx.scenario.meeting.kind == "home_visit",
    "occasion_phone_call": lambda ctx: ctx.scenario.meeting.kind == "phone_call",
    "knew_of_meeting_less_than_48_hours_before": lambda ctx: (
        (knew := ctx.scenario.request.first_knew_of_meeting_at) is not None
        and ctx.scenario.meeting.scheduled_start - knew < NOTICE_PREFERRED
    ),
    "recording_raised_before": lambda ctx: ctx.scenario.request.raised_before,
    # the agenda, against the requester's PR and caring responsibilities
    "agenda_includes_child_not_covered": lambda ctx: _not_covered(
        ctx, {cid for item in ctx.scenario.meeting.agenda for cid in item.child_ids}
    ),
    "sensitive_item_about_child_not_covered": lambda ctx: _not_covered(
        ctx,
        {
            cid
            for item in ctx.scenario.meeting.agenda
            for part in (item, *item.parts)
            if part.sensitive
            for cid in part.child_ids
        },
    ),
    "sensitive_items": lambda ctx: tuple(
        sorted(
            item.title
            for item in ctx.scenario.meeting.agenda
            if item.sensitive or any(part.sensitive for part in item.parts)
        )
    ),
    # why they want to record (Leeds a)
    "purpose_memory_aid": _purpose("memory_aid"),
    "purpose_accessibility": _purpose("accessibility"),
    "purpose_distrust_of_notes": _purpose("distrust_of_notes"),
    "purpose_court": _purpose("court"),
    "purpose_publish": _purpose("publish"),
    "purpose_other": _purpose("other"),
    "purpose_not_given": lambda ctx: not ctx.scenario.request.purposes,
    # the need behind an accessibility request (Leeds a, principles; Hertfordshire 1.2 a)
    "need_learning_disability_or_difficulty": _need("learning_disability", "learning_difficulty"),
    "need_literacy": _need("literacy"),
    "need_sensory_or_physical_impairment": _need("sensory_impairment", "physical_impairment"),
    "need_memory_or_concentration": _need("memory_or_concentration"),
    "need_english_not_first_language": _need("english_not_first_language"),
    "accessibility_need_given": lambda ctx: bool(ctx.scenario.request.needs),
    # what staff have assessed
    "history_of_misuse": _assessed("history_of_misuse"),
    "threat_to_publish": _assessed("threat_to_publish"),
    "alternatives_meet_need": _assessed("alternatives_meet_need"),
    "risk_of_further_harm": _assessed("risk_of_further_harm"),
    # the declaration
    "declaration_signed": lambda ctx: ctx.scenario.declaration == "signed",
    "declaration_not_signed": lambda ctx: ctx.scenario.declaration == "not_signed",
    "declaration_revoked": lambda ctx: ctx.scenario.declaration == "revoked",
    # Hertfordshire 1.3 "When both the above have signed an undertaking"
    "undertaking_unsigned_competent_children": _unsigned_competent_children,
    "undertaking_unsigned_by_parent": _unsigned_parents,
    # who is at the meeting at whose invitation, and who will not stop (Leeds, Brent)
    "requester_not_invited_by_parents": _not_invited_by_parents,
    "requester_will_not_stop": lambda ctx: (
        ctx.requester.id in ctx.scenario.circumstances.will_not_stop_ids
    ),
    # what has changed or come to light
    "new_attendee_joined": lambda ctx: _names(
        ctx.people[pid]
        for pid in ctx.scenario.circumstances.new_attendee_ids
        if pid != ctx.requester.id
    ),
    "covert_recording_discovered": lambda ctx: (
        ctx.scenario.circumstances.covert_recording_discovered
    ),
    "recording_published": lambda ctx: ctx.scenario.circumstances.recording_published,
    # the covert recording: by whom, found when (Hackney 4, Leeds e, Brent)
    "covert_recorder": _covert_recorder,
    "covert_found_during_meeting": _covert_found("during_meeting"),
    "covert_found_afterwards": _covert_found("afterwards"),
    "covert_found_when_unknown": lambda ctx: (
        ctx.scenario.circumstances.covert_recording_discovered
        and (
            ctx.scenario.circumstances.covert_recording is None
            or ctx.scenario.circumstances.covert_recording.found is None
        )
    ),
    "covert_recorder_will_not_stop": lambda ctx: tuple(
        sorted(
            ctx.people[c.by].name
            for c in (ctx.scenario.circumstances.covert_recording,)
            if c is not None
            and c.by is not None
            and c.by in ctx.scenario.circumstances.will_not_stop_ids
        )
    ),
}

ITEM_FACTS: dict[str, Callable[[Context, AgendaItem], Fact]] = {
    "item_about_child_not_covered": lambda ctx, item: _not_covered(ctx, item.child_ids),
    "item_sensitive": lambda ctx, item: item.sensitive,
    "item_health_information": lambda ctx, item: "health" in item.sensitive_kinds,
    "item_special_category_data": lambda ctx, item: bool(
        item.sensitive_kinds & {"health", "special_category"}
    ),
}


class RequestFacts(dict[str, Fact]):
    """The request facts, each computed the first time a rule asks for it: a profile uses
    only some of the vocabulary, and a decision should not pay for the rest."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    def __missing__(self, name: str) -> Fact:
        value = self[name] = REQUEST_FACTS[name](self.ctx)
        return value


class ItemFacts(dict[str, Fact]):
    """One agenda item's facts, falling back to the request's."""

    def __init__(self, request: RequestFacts, item: AgendaItem) -> None:
        super().__init__()
        self.request = request
        self.item = item

    def __missing__(self, name: str) -> Fact:
        fn = ITEM_FACTS.get(name)
        if fn is None:
            return self.request[name]
        value = self[name] = fn(self.request.ctx, self.item)
        return value
