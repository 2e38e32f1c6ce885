"""The decision table: one row per clause-driven situation, under each authority's profile.

Each row names the seed file and section it tests (`cites`), the scenario (overrides of the
family in builders.py), the outcome, and the reason, condition and action codes that must (and
must not) be in the decision, with agenda item statuses where they matter. The same situation
appears under several profiles where their rules differ. A row's cited clause must be the one
cited by a rule it names (present or absent) or by the decision-maker it expects, and every code
a row names must exist in the profile, so a row cannot drift from the clause it claims to test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from onrecord.policy import ALLOWED, FOR_DECISION_MAKER, REFUSED, Decision, decide, load_profile
from tests.policy.builders import (
    ABOUT_JADE,
    ABOUT_LEO,
    ABOUT_MAYA,
    AGENDA,
    CHAIR,
    FATHER,
    FRIEND,
    GRANDMOTHER,
    HEALTH_VISITOR,
    IRO,
    JADE,
    JADE_PERSON,
    LEO,
    LEO_MEDICAL,
    MAYA,
    MAYA_MEDICAL,
    MOTHER,
    OPENING,
    SOCIAL_WORKER,
    TEACHER,
    build,
)

HACKNEY = "000_881dd3342fdd64fe.txt"
LEEDS = "001_faf809ee2c83eecf.txt"
HERTS = "002_3f8e43dd3e1c40a6.txt"
BRENT = "004_a2b517fdd324f552.txt"

# Sections, as the profiles name them
HX_PRACTICE = (HACKNEY, "3 Practice")
HX_EXPECTATIONS = (HACKNEY, "4 Expectations")
LD_PRINCIPLES = (LEEDS, "Principles of how we will work")
LD_DIFFERENCES = (
    LEEDS,
    "What should practitioners do when the parents have differences in opinion",
)
LD_FURTHER_HARM = (
    LEEDS,
    "What should practitioners do if they believe that the child would be placed at risk of "
    "further harm",
)
LD_A = (LEEDS, "When someone wants to overtly record a meeting (a)")
LD_B = (LEEDS, "When someone wants to overtly record a meeting (b)")
LD_C = (LEEDS, "When someone wants to overtly record a meeting (c)")
LD_D = (LEEDS, "When someone wants to overtly record a meeting (d)")
BR_REQUESTS = (BRENT, "When a service user requests to record a meeting or visit")


def ht(section: str) -> tuple[str, str]:
    return (HERTS, section)


@dataclass(frozen=True)
class Row:
    id: str
    policy: str
    cites: tuple[str, str]  # (seed file, section) the row tests
    given: dict[str, Any]
    outcome: str
    reasons: tuple[str, ...] = ()  # refuse / refer / note codes that must be given
    conditions: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()  # codes that must appear nowhere in the decision
    # agenda item id → (status, recordable, the item reason code or codes, None for none)
    items: dict[str, tuple[str, bool | None, str | tuple[str, ...] | None]] = field(
        default_factory=dict
    )
    decided_by: str | None = None  # a phrase the decision-maker's description contains
    split: tuple[str, ...] | None = None  # who the Leeds split-attendance plan sends out first


def row(
    id: str,
    policy: str,
    cites: tuple[str, str],
    outcome: str,
    given: dict[str, Any] | None = None,
    **expect: Any,
) -> Row:
    return Row(
        id=f"{policy}:{id}",
        policy=policy,
        cites=cites,
        given=given or {},
        outcome=outcome,
        **expect,
    )


LAC_JADE = {JADE: {"looked_after": True}}
MAYA_AGENDA = (OPENING, ABOUT_JADE, ABOUT_MAYA)
ALL_MAY_RECORD = {i["id"]: ("may_record", True, None) for i in AGENDA}
ALL_UNDECIDED = {i["id"]: ("for_decision_maker", None, None) for i in AGENDA}
ALL_REFUSED = {i["id"]: ("not_recorded", False, None) for i in AGENDA}

ROWS: list[Row] = [
    # ---------------------------------------------------------------- Hackney
    row(
        "mother asks, everyone agrees",
        "hackney",
        HX_PRACTICE,
        ALLOWED,
        conditions=(
            "HX-ANNOUNCE-START",
            "HX-ANNOUNCE-END",
            "HX-PERSONAL-USE-ONLY",
            "HX-NOT-TO-DISCREDIT",
            "HX-COPY-FOR-CHILDS-RECORD",
        ),
        actions=("HX-TELL-ATTENDEES", "HX-NOTIFY-OTHER-AGENCIES"),
        lacks=("HX-DECLARATION-FIRST", "HX-NOT-IN-ADVANCE"),
        items=ALL_MAY_RECORD,
        decided_by="social worker",
    ),
    row(
        "professional objects: noted, still allowed",
        "hackney",
        HX_PRACTICE,
        ALLOWED,
        {"views": {HEALTH_VISITOR: "objects"}},
        reasons=("HX-PROFESSIONAL-OBJECTION-NOTED",),
        items=ALL_MAY_RECORD,
    ),
    row(
        "professional objects on the day: noted, still allowed",
        "hackney",
        HX_PRACTICE,
        ALLOWED,
        {
            "views": {HEALTH_VISITOR: "objects"},
            "timing": "on_the_day",
            "meeting_kind": "core_group",
        },
        reasons=("HX-PROFESSIONAL-OBJECTION-NOTED", "HX-NOT-IN-ADVANCE"),
    ),
    row(
        "Gillick-competent looked-after child objects",
        "hackney",
        HX_PRACTICE,
        REFUSED,
        {"children": LAC_JADE, "also_attending": [JADE_PERSON], "views": {JADE_PERSON: "objects"}},
        reasons=("HX-CHILD-DOES-NOT-AGREE", "HX-CHILD-VIEW"),
        lacks=("HX-ANNOUNCE-START", "HX-CHILD-HAS-NOT-AGREED"),
        items=ALL_REFUSED,
    ),
    row(
        "Gillick-competent looked-after child not yet asked",
        "hackney",
        HX_PRACTICE,
        REFUSED,
        {"children": LAC_JADE},
        reasons=("HX-CHILD-HAS-NOT-AGREED",),
        actions=("HX-ASK-CHILD",),
        lacks=("HX-CHILD-DOES-NOT-AGREE",),
    ),
    row(
        "Gillick-competent looked-after child agrees",
        "hackney",
        HX_PRACTICE,
        ALLOWED,
        {"children": LAC_JADE, "also_attending": [JADE_PERSON]},
        lacks=("HX-CHILD-DOES-NOT-AGREE", "HX-CHILD-HAS-NOT-AGREED", "HX-ASK-CHILD"),
    ),
    row(
        "looked-after child's competence not assessed: the decision-maker decides",
        "hackney",
        HX_PRACTICE,
        FOR_DECISION_MAKER,
        {"children": {JADE: {"looked_after": True, "gillick_competent": None}}},
        reasons=("HX-COMPETENCE-NOT-ASSESSED",),
        actions=("HX-ASSESS-COMPETENCE",),
        lacks=("HX-CHILD-HAS-NOT-AGREED",),
    ),
    row(
        "looked-after child not competent: no agreement needed",
        "hackney",
        HX_PRACTICE,
        ALLOWED,
        {"children": {LEO: {"looked_after": True}}},
        lacks=("HX-CHILD-HAS-NOT-AGREED", "HX-ASSESS-COMPETENCE"),
    ),
    row(
        "competent child at home objects: taken into account",
        "hackney",
        HX_EXPECTATIONS,
        ALLOWED,
        {"also_attending": [JADE_PERSON], "views": {JADE_PERSON: "objects"}},
        reasons=("HX-CHILD-VIEW",),
        lacks=("HX-CHILD-DOES-NOT-AGREE",),
    ),
    row(
        "father, also with PR, objects",
        "hackney",
        HX_EXPECTATIONS,
        FOR_DECISION_MAKER,
        {"views": {FATHER: "objects"}},
        reasons=("HX-OTHER-PARENT-OBJECTS",),
        items=ALL_UNDECIDED,
        decided_by="social worker",
    ),
    row(
        "friend asks, parents object",
        "hackney",
        (HACKNEY, "1 Overview"),
        FOR_DECISION_MAKER,
        {"requester": FRIEND, "views": {MOTHER: "objects", FATHER: "objects"}},
        reasons=("HX-FRIEND-NOT-COVERED", "HX-OTHER-PARENT-OBJECTS"),
        items={
            "a-open": ("for_decision_maker", None, None),
            "a-jade": ("excluded", False, "HX-ITEM-NO-PR"),
            "a-leo": ("excluded", False, "HX-ITEM-NO-PR"),
        },
    ),
    row(
        "item about the half-sibling is excluded",
        "hackney",
        HX_PRACTICE,
        ALLOWED,
        {"agenda": MAYA_AGENDA},
        items={
            "a-open": ("may_record", True, None),
            "a-jade": ("may_record", True, None),
            "a-maya": ("excluded", False, "HX-ITEM-NO-PR"),
        },
    ),
    row(
        "grandmother caring for Maya may record Maya's item only",
        "hackney",
        HX_PRACTICE,
        ALLOWED,
        {
            "requester": GRANDMOTHER,
            "agenda": MAYA_AGENDA,
            "people": {GRANDMOTHER: {"cares_for": [MAYA]}},
        },
        items={
            "a-open": ("may_record", True, None),
            "a-jade": ("excluded", False, "HX-ITEM-NO-PR"),
            "a-maya": ("may_record", True, None),
        },
    ),
    row(
        "sensitive item about her own child may be recorded",
        "hackney",
        HX_PRACTICE,
        ALLOWED,
        {"agenda": (OPENING, LEO_MEDICAL)},
        lacks=("HX-ITEM-NO-PR",),
        items={"a-open": ("may_record", True, None), "a-leo-medical": ("may_record", True, None)},
    ),
    row(
        "declaration revoked",
        "hackney",
        (HACKNEY, "Appendix Declaration"),
        REFUSED,
        {"declaration": "revoked"},
        reasons=("HX-DECLARATION-REVOKED",),
        lacks=("HX-DECLARATION-FIRST",),
        items=ALL_REFUSED,
    ),
    row(
        "declaration not yet signed: signed first",
        "hackney",
        HX_EXPECTATIONS,
        ALLOWED,
        {"declaration": "not_signed"},
        conditions=("HX-DECLARATION-FIRST",),
    ),
    row(
        "threat to publish",
        "hackney",
        HX_EXPECTATIONS,
        FOR_DECISION_MAKER,
        {"assessments": ["threat_to_publish"]},
        reasons=("HX-PUBLISHING-STATED",),
    ),
    row(
        "history of misuse",
        "hackney",
        HX_EXPECTATIONS,
        FOR_DECISION_MAKER,
        {"assessments": ["history_of_misuse"]},
        reasons=("HX-PAST-MISUSE",),
        lacks=("HX-LEGAL-ADVICE-ON-BREACH",),  # nothing has been circulated yet
    ),
    row(
        "alternatives meet the need: not a Hackney ground",
        "hackney",
        HX_EXPECTATIONS,
        ALLOWED,
        {"assessments": ["alternatives_meet_need"]},
        lacks=("HX-PAST-MISUSE", "HX-PUBLISHING-STATED"),
        items=ALL_MAY_RECORD,
    ),
    row(
        "covert recording discovered",
        "hackney",
        HX_EXPECTATIONS,
        FOR_DECISION_MAKER,
        {"covert_recording_discovered": True},
        reasons=("HX-COVERT-STOP",),
    ),
    row(
        "new attendee joins: told it is recorded",
        "hackney",
        HX_PRACTICE,
        ALLOWED,
        {"also_attending": [GRANDMOTHER], "new_attendees": [GRANDMOTHER]},
        actions=("HX-NEW-ATTENDEE",),
        lacks=("HX-COVERT-STOP",),
    ),
    row(
        "request made on the day: a note, not a refusal",
        "hackney",
        HX_EXPECTATIONS,
        ALLOWED,
        {"timing": "on_the_day"},
        reasons=("HX-NOT-IN-ADVANCE",),
    ),
    row(
        "a professional asks",
        "hackney",
        (HACKNEY, "Title"),
        FOR_DECISION_MAKER,
        {"requester": TEACHER},
        reasons=("HX-PROFESSIONAL-NOT-COVERED",),
    ),
    # ---------------------------------------------------------------- Leeds
    row(
        "mother asks, everyone agrees: the chair decides",
        "leeds",
        LD_C,
        FOR_DECISION_MAKER,
        reasons=("LD-CHAIR-DECIDES",),
        conditions=("LD-CONFIDENTIAL",),
        actions=(
            "LD-EXPLORE-REASONS",
            "LD-SEEK-VIEWS",
            "LD-INFORM-PRACTITIONERS",
            "LD-PRIVACY-INFORMATION",
            "LD-MINUTES",
        ),
        lacks=("LD-PARENTS-DISAGREE", "LD-SPLIT-ATTENDANCE"),
        items=ALL_UNDECIDED,
        decided_by="chair of the meeting",
    ),
    row(
        "parents disagree: explore separately, split attendance",
        "leeds",
        LD_DIFFERENCES,
        FOR_DECISION_MAKER,
        {"views": {FATHER: "objects"}},
        reasons=("LD-CHAIR-DECIDES", "LD-PARENTS-DISAGREE"),
        actions=("LD-SPLIT-ATTENDANCE",),
        lacks=("LD-NON-PARENT-PARENTS-OBJECT",),
        split=("Sam Whitfield",),
    ),
    row(
        "the subject child asks and a parent objects: no split-attendance plan",
        "leeds",
        LD_DIFFERENCES,
        FOR_DECISION_MAKER,
        {"requester": JADE_PERSON, "views": {FATHER: "objects"}},
        reasons=("LD-CHAIR-DECIDES",),
        lacks=("LD-PARENTS-DISAGREE", "LD-SPLIT-ATTENDANCE", "LD-NON-PARENT-PARENTS-OBJECT"),
        split=None,
    ),
    row(
        "a parent says they will publish: risk of further harm",
        "leeds",
        LD_FURTHER_HARM,
        FOR_DECISION_MAKER,
        {"purposes": ["publish"]},
        reasons=("LD-CHAIR-DECIDES", "LD-RISK-OF-HARM"),
        actions=("LD-PUBLISHING-RISKS",),
    ),
    row(
        "friend asks, parents object: asked to stop",
        "leeds",
        LD_DIFFERENCES,
        REFUSED,
        {"requester": FRIEND, "views": {MOTHER: "objects"}},
        reasons=("LD-NON-PARENT-PARENTS-OBJECT",),
        lacks=("LD-PARENTS-DISAGREE", "LD-SPLIT-ATTENDANCE", "LD-CONFIDENTIAL"),
    ),
    row(
        "grandmother without PR asks, father objects",
        "leeds",
        LD_DIFFERENCES,
        REFUSED,
        {"requester": GRANDMOTHER, "views": {FATHER: "objects"}},
        reasons=("LD-NON-PARENT-PARENTS-OBJECT",),
        lacks=("LD-SPLIT-ATTENDANCE",),
    ),
    row(
        "friend asks, parents not asked yet",
        "leeds",
        LD_DIFFERENCES,
        FOR_DECISION_MAKER,
        {"requester": FRIEND, "views": {MOTHER: None, FATHER: None}},
        actions=("LD-ASK-PARENTS",),
        lacks=("LD-NON-PARENT-PARENTS-OBJECT",),
    ),
    row(
        "friend asks, parents agree",
        "leeds",
        LD_C,
        FOR_DECISION_MAKER,
        {"requester": FRIEND},
        reasons=("LD-CHAIR-DECIDES",),
        lacks=("LD-NON-PARENT-PARENTS-OBJECT", "LD-ASK-PARENTS"),
    ),
    row(
        "Gillick-competent looked-after child objects: views taken into account",
        "leeds",
        LD_PRINCIPLES,
        FOR_DECISION_MAKER,
        {"children": LAC_JADE, "also_attending": [JADE_PERSON], "views": {JADE_PERSON: "objects"}},
        reasons=("LD-CHILD-VIEW",),
        actions=("LD-INCLUDE-CHILD",),
    ),
    row(
        "care order: social worker and IRO decide jointly",
        "leeds",
        LD_PRINCIPLES,
        FOR_DECISION_MAKER,
        {
            "children": {JADE: {"looked_after": True, "court_order": "care_order"}},
            "meeting_kind": "looked_after_child_review",
            "also_attending": [IRO],
        },
        reasons=("LD-CHAIR-DECIDES",),
        decided_by="Independent Reviewing Officer, jointly",
    ),
    row(
        "interim care order: social worker and IRO decide jointly",
        "leeds",
        LD_PRINCIPLES,
        FOR_DECISION_MAKER,
        {"children": {LEO: {"looked_after": True, "court_order": "interim_care_order"}}},
        decided_by="Independent Reviewing Officer, jointly",
    ),
    row(
        "placement order for the child discussed",
        "leeds",
        LD_PRINCIPLES,
        FOR_DECISION_MAKER,
        {
            "children": {LEO: {"looked_after": True, "court_order": "placement_order"}},
            "agenda": (OPENING, ABOUT_LEO),
        },
        decided_by="Independent Reviewing Officer, jointly",
    ),
    row(
        "care order for a child not discussed: the chair decides",
        "leeds",
        LD_C,
        FOR_DECISION_MAKER,
        {"children": {MAYA: {"looked_after": True, "court_order": "care_order"}}},
        decided_by="chair of the meeting",
        lacks=("LD-LA-PR-MAY-EXCLUDE",),
    ),
    row(
        "care order and risk of harm: the chair may exclude",
        "leeds",
        LD_FURTHER_HARM,
        FOR_DECISION_MAKER,
        {
            "children": {JADE: {"looked_after": True, "court_order": "care_order"}},
            "assessments": ["risk_of_further_harm"],
        },
        reasons=("LD-RISK-OF-HARM", "LD-LA-PR-MAY-EXCLUDE"),
    ),
    row(
        "risk of further harm: for the chair, not a refusal",
        "leeds",
        LD_FURTHER_HARM,
        FOR_DECISION_MAKER,
        {"assessments": ["risk_of_further_harm"]},
        reasons=("LD-RISK-OF-HARM",),
        lacks=("LD-LA-PR-MAY-EXCLUDE",),
    ),
    row(
        "purpose memory aid: reasonable adjustments",
        "leeds",
        LD_A,
        FOR_DECISION_MAKER,
        {"purposes": ["memory_aid"]},
        actions=("LD-EXPLORE-REASONS", "LD-REASONABLE-ADJUSTMENTS"),
        lacks=("LD-TRUST-IN-NOTES", "LD-COURT-ADMISSIBILITY", "LD-PUBLISHING-RISKS"),
    ),
    row(
        "purpose accessibility: reasonable adjustments",
        "leeds",
        LD_A,
        FOR_DECISION_MAKER,
        {"purposes": ["accessibility"]},
        actions=("LD-REASONABLE-ADJUSTMENTS",),
    ),
    row(
        "purpose distrust of notes: explore what would help",
        "leeds",
        LD_A,
        FOR_DECISION_MAKER,
        {"purposes": ["distrust_of_notes"]},
        actions=("LD-TRUST-IN-NOTES",),
        lacks=("LD-REASONABLE-ADJUSTMENTS",),
    ),
    row(
        "purpose court: admissibility explained",
        "leeds",
        LD_A,
        FOR_DECISION_MAKER,
        {"purposes": ["court"]},
        actions=("LD-COURT-ADMISSIBILITY",),
        lacks=("LD-PUBLISHING-RISKS",),
    ),
    row(
        "purpose publish: data protection and harm explained",
        "leeds",
        LD_A,
        FOR_DECISION_MAKER,
        {"purposes": ["publish"]},
        actions=("LD-PUBLISHING-RISKS",),
        lacks=("LD-COURT-ADMISSIBILITY",),
    ),
    row(
        "no purpose given: reasons still explored",
        "leeds",
        LD_A,
        FOR_DECISION_MAKER,
        actions=("LD-EXPLORE-REASONS",),
        lacks=(
            "LD-REASONABLE-ADJUSTMENTS",
            "LD-TRUST-IN-NOTES",
            "LD-COURT-ADMISSIBILITY",
            "LD-PUBLISHING-RISKS",
        ),
    ),
    row(
        "sensitive item is paused",
        "leeds",
        LD_D,
        FOR_DECISION_MAKER,
        {"agenda": (OPENING, LEO_MEDICAL)},
        actions=("LD-PAUSE-SENSITIVE",),
        items={
            "a-open": ("for_decision_maker", None, None),
            "a-leo-medical": ("paused", False, "LD-ITEM-SENSITIVE"),
        },
    ),
    row(
        "item about the half-sibling goes to the chair",
        "leeds",
        (LEEDS, "Introduction"),
        FOR_DECISION_MAKER,
        {"agenda": MAYA_AGENDA},
        lacks=("LD-PAUSE-SENSITIVE",),
        items={
            "a-jade": ("for_decision_maker", None, None),
            "a-maya": ("for_decision_maker", None, "LD-ITEM-NOT-THEIR-CHILD"),
        },
    ),
    row(
        "sensitive item about the half-sibling: paused",
        "leeds",
        LD_D,
        FOR_DECISION_MAKER,
        {"agenda": (OPENING, MAYA_MEDICAL)},
        items={
            "a-maya-medical": ("paused", False, ("LD-ITEM-SENSITIVE", "LD-ITEM-NOT-THEIR-CHILD"))
        },
    ),
    row(
        "covert recording discovered: the chair is told",
        "leeds",
        (LEEDS, "When someone has covertly recorded a meeting or conference (e)"),
        FOR_DECISION_MAKER,
        {"covert_recording_discovered": True},
        reasons=("LD-COVERT-TELL-CHAIR",),
    ),
    row(
        "recording published: lead practitioner assesses",
        "leeds",
        (LEEDS, "In both overt and covert situations (f)"),
        FOR_DECISION_MAKER,
        {"recording_published": True},
        actions=("LD-PUBLISHED-ASSESS",),
    ),
    row(
        "professional objects: the chair takes it into account",
        "leeds",
        LD_B,
        FOR_DECISION_MAKER,
        {"views": {HEALTH_VISITOR: "objects"}},
        reasons=("LD-PROFESSIONAL-VIEW",),
    ),
    row(
        "declaration revoked: noted, not a refusal",
        "leeds",
        LD_PRINCIPLES,
        FOR_DECISION_MAKER,
        {"declaration": "revoked"},
        reasons=("LD-DECLARATION-WITHDRAWN",),
    ),
    row(
        "a professional asks",
        "leeds",
        (LEEDS, "Introduction"),
        FOR_DECISION_MAKER,
        {"requester": TEACHER},
        reasons=("LD-PROFESSIONAL-NOT-COVERED",),
    ),
    # ---------------------------------------------------------------- Hertfordshire
    row(
        "mother asks in advance, everyone agrees",
        "hertfordshire",
        ht("2.5"),
        ALLOWED,
        conditions=(
            "HT-PERMISSION-FIRST",
            "HT-CHILDRENS-SERVICES-USE-ONLY",
            "HT-COPY-ON-REQUEST",
            "HT-NO-SOCIAL-MEDIA",
        ),
        actions=(
            "HT-INFORM-ATTENDEES",
            "HT-CONFIRM-AND-CASE-NOTE",
            "HT-MINUTES",
            "HT-MEETING-NOT-CANCELLED",
        ),
        lacks=("HT-UNDERTAKING-FIRST", "HT-LESS-THAN-48-HOURS", "HT-ON-THE-DAY-ASK-EVERYONE"),
        items=ALL_MAY_RECORD,
        decided_by="chair of the conference",
    ),
    row(
        "core group: the social worker or organiser decides",
        "hertfordshire",
        ht("2.5"),
        ALLOWED,
        {"meeting_kind": "core_group"},
        decided_by="social worker or the meeting organiser",
    ),
    row(
        "professional objects on the day: refused, meeting goes ahead",
        "hertfordshire",
        ht("2.8"),
        REFUSED,
        {
            "meeting_kind": "core_group",
            "timing": "on_the_day",
            "views": {HEALTH_VISITOR: "objects"},
        },
        reasons=("HT-ON-THE-DAY-PROFESSIONAL-OBJECTS",),
        actions=("HT-ON-THE-DAY-ASK-EVERYONE", "HT-MEETING-NOT-CANCELLED"),
        lacks=("HT-CONFERENCE-DISAGREEMENT", "HT-PERMISSION-FIRST", "HT-ON-THE-DAY-NOT-AGREED"),
        items=ALL_REFUSED,
    ),
    row(
        "family attendee objects on the day of a conference: refused",
        "hertfordshire",
        ht("2.8"),
        REFUSED,
        {
            "timing": "on_the_day",
            "also_attending": [GRANDMOTHER],
            "views": {GRANDMOTHER: "objects", HEALTH_VISITOR: "objects"},
        },
        reasons=("HT-ON-THE-DAY-NOT-AGREED", "HT-CONFERENCE-DISAGREEMENT"),
        lacks=("HT-ON-THE-DAY-PROFESSIONAL-OBJECTS",),
        items=ALL_REFUSED,
    ),
    row(
        "professional objects before the day of a core group: the decision-maker decides",
        "hertfordshire",
        ht("2.8"),
        FOR_DECISION_MAKER,
        {"meeting_kind": "core_group", "views": {HEALTH_VISITOR: "objects"}},
        reasons=("HT-OBJECTION-BEFORE-THE-DAY",),
        lacks=("HT-ON-THE-DAY-PROFESSIONAL-OBJECTS", "HT-CONFERENCE-DISAGREEMENT"),
    ),
    row(
        "professional objects on the day of a conference: the chair decides",
        "hertfordshire",
        ht("2.12"),
        FOR_DECISION_MAKER,
        {"timing": "on_the_day", "views": {HEALTH_VISITOR: "objects"}},
        reasons=("HT-CONFERENCE-DISAGREEMENT",),
        lacks=("HT-ON-THE-DAY-NOT-AGREED",),
        decided_by="chair of the conference",
    ),
    row(
        "professional objects in advance of a review conference",
        "hertfordshire",
        ht("2.12"),
        FOR_DECISION_MAKER,
        {"meeting_kind": "review_conference", "views": {TEACHER: "objects"}},
        reasons=("HT-CONFERENCE-DISAGREEMENT",),
        decided_by="chair of the conference",
    ),
    row(
        "family member objects on the day of a conference: refused",
        "hertfordshire",
        ht("2.8"),
        REFUSED,
        {
            "timing": "on_the_day",
            "also_attending": [GRANDMOTHER],
            "views": {GRANDMOTHER: "objects"},
        },
        reasons=("HT-ON-THE-DAY-NOT-AGREED",),
        lacks=("HT-CONFERENCE-DISAGREEMENT",),
    ),
    row(
        "on the day, not everyone has answered",
        "hertfordshire",
        ht("2.7"),
        FOR_DECISION_MAKER,
        {"meeting_kind": "core_group", "timing": "on_the_day", "views": {TEACHER: None}},
        reasons=("HT-ON-THE-DAY-AWAITING",),
        lacks=("HT-ON-THE-DAY-NOT-AGREED",),
    ),
    row(
        "on the day, everyone agrees",
        "hertfordshire",
        ht("2.6"),
        ALLOWED,
        {"meeting_kind": "core_group", "timing": "on_the_day"},
        actions=("HT-ON-THE-DAY-ASK-EVERYONE",),
        lacks=("HT-INFORM-ATTENDEES", "HT-ON-THE-DAY-AWAITING", "HT-LESS-THAN-48-HOURS"),
    ),
    row(
        "24 hours' notice: a note, never a refusal",
        "hertfordshire",
        ht("2.5"),
        ALLOWED,
        {"notice": dt.timedelta(hours=24)},
        reasons=("HT-LESS-THAN-48-HOURS",),
        items=ALL_MAY_RECORD,
    ),
    row(
        "exactly 48 hours' notice is enough",
        "hertfordshire",
        ht("2.5"),
        ALLOWED,
        {"notice": dt.timedelta(hours=48)},
        actions=("HT-INFORM-ATTENDEES",),
        lacks=("HT-LESS-THAN-48-HOURS",),
    ),
    row(
        "request after the meeting began: stop and seek permission",
        "hertfordshire",
        ht("2.11"),
        FOR_DECISION_MAKER,
        {"meeting_kind": "core_group", "timing": "mid_meeting"},
        reasons=("HT-CHANGED-CIRCUMSTANCES",),
        actions=("HT-ON-THE-DAY-ASK-EVERYONE",),
    ),
    row(
        "a new attendee joins: stop and seek permission",
        "hertfordshire",
        ht("2.11"),
        FOR_DECISION_MAKER,
        {"also_attending": [GRANDMOTHER], "new_attendees": [GRANDMOTHER]},
        reasons=("HT-CHANGED-CIRCUMSTANCES",),
    ),
    row(
        "friend asks, parents object: not eligible",
        "hertfordshire",
        ht("1.3"),
        REFUSED,
        {"requester": FRIEND, "views": {MOTHER: "objects"}},
        reasons=("HT-NOT-ELIGIBLE",),
        items=ALL_REFUSED,
    ),
    row(
        "grandmother without PR: not eligible",
        "hertfordshire",
        ht("1.3"),
        REFUSED,
        {"requester": GRANDMOTHER},
        reasons=("HT-NOT-ELIGIBLE",),
    ),
    row(
        "a professional: not eligible",
        "hertfordshire",
        ht("1.3"),
        REFUSED,
        {"requester": SOCIAL_WORKER},
        reasons=("HT-NOT-ELIGIBLE",),
    ),
    row(
        "parent with PR only for a child not discussed: not eligible",
        "hertfordshire",
        ht("1.3"),
        REFUSED,
        {"requester": "p-ryan"},
        reasons=("HT-NOT-ELIGIBLE",),
    ),
    row(
        "the subject child asks: eligible",
        "hertfordshire",
        ht("1.3"),
        ALLOWED,
        {"requester": JADE_PERSON},
        lacks=("HT-NOT-ELIGIBLE",),
        items=ALL_MAY_RECORD,
    ),
    row(
        "father, also with PR, objects",
        "hertfordshire",
        ht("1.4"),
        FOR_DECISION_MAKER,
        {"views": {FATHER: "objects"}},
        reasons=("HT-OTHER-PR-HOLDER-OBJECTS",),
        items=ALL_UNDECIDED,
    ),
    row(
        "Gillick-competent looked-after child objects: for the decision-maker",
        "hertfordshire",
        ht("1.4"),
        FOR_DECISION_MAKER,
        {"children": LAC_JADE, "also_attending": [JADE_PERSON], "views": {JADE_PERSON: "objects"}},
        reasons=("HT-CHILD-OBJECTS",),
        lacks=("HT-ON-THE-DAY-NOT-AGREED",),
    ),
    row(
        "history of misuse",
        "hertfordshire",
        ht("1.4"),
        FOR_DECISION_MAKER,
        {"assessments": ["history_of_misuse"]},
        reasons=("HT-HISTORY-OF-MISUSE",),
    ),
    row(
        "threat to publish",
        "hertfordshire",
        ht("1.4"),
        FOR_DECISION_MAKER,
        {"assessments": ["threat_to_publish"]},
        reasons=("HT-THREAT-TO-PUBLISH",),
    ),
    row(
        "stated purpose is to publish",
        "hertfordshire",
        ht("1.4"),
        FOR_DECISION_MAKER,
        {"purposes": ["publish"]},
        reasons=("HT-THREAT-TO-PUBLISH",),
    ),
    row(
        "alternative arrangements meet the need",
        "hertfordshire",
        ht("1.4"),
        FOR_DECISION_MAKER,
        {"assessments": ["alternatives_meet_need"]},
        reasons=("HT-ALTERNATIVES-MEET-NEED",),
    ),
    row(
        "undertaking withdrawn",
        "hertfordshire",
        ht("1.3"),
        REFUSED,
        {"declaration": "revoked"},
        reasons=("HT-UNDERTAKING-WITHDRAWN",),
        lacks=("HT-UNDERTAKING-FIRST", "HT-PERMISSION-FIRST"),
    ),
    row(
        "undertaking not yet signed: signed first",
        "hertfordshire",
        ht("1.3"),
        ALLOWED,
        {"declaration": "not_signed"},
        conditions=("HT-UNDERTAKING-FIRST",),
    ),
    row(
        "sensitive item about the half-sibling: decision-maker",
        "hertfordshire",
        ht("1.4"),
        FOR_DECISION_MAKER,
        {"agenda": (OPENING, ABOUT_JADE, MAYA_MEDICAL)},
        reasons=("HT-NO-PR-SENSITIVE",),
        items={
            "a-open": ("for_decision_maker", None, None),
            "a-jade": ("for_decision_maker", None, None),
            "a-maya-medical": ("for_decision_maker", None, "HT-ITEM-NO-PR-SENSITIVE"),
        },
    ),
    row(
        "ordinary item about the half-sibling may be recorded",
        "hertfordshire",
        ht("1.4"),
        ALLOWED,
        {"agenda": MAYA_AGENDA},
        lacks=("HT-NO-PR-SENSITIVE",),
        items={"a-maya": ("may_record", True, None)},
    ),
    row(
        "sensitive item about her own child may be recorded",
        "hertfordshire",
        ht("1.4"),
        ALLOWED,
        {"agenda": (OPENING, LEO_MEDICAL)},
        lacks=("HT-NO-PR-SENSITIVE",),
        items={"a-leo-medical": ("may_record", True, None)},
    ),
    row(
        "memory aid: a recognised reason",
        "hertfordshire",
        ht("1.2 a"),
        ALLOWED,
        {"purposes": ["memory_aid"]},
        reasons=("HT-RECOGNISED-NEED",),
    ),
    row(
        "minutes not enough: a recognised reason",
        "hertfordshire",
        ht("1.2 b"),
        ALLOWED,
        {"purposes": ["distrust_of_notes"]},
        reasons=("HT-NOTES-NOT-ENOUGH",),
    ),
    row(
        "covert recording discovered",
        "hertfordshire",
        ht("2.1"),
        FOR_DECISION_MAKER,
        {"covert_recording_discovered": True},
        reasons=("HT-COVERT",),
    ),
    row(
        "home visit: the professional there decides",
        "hertfordshire",
        ht("2.2"),
        ALLOWED,
        {"meeting_kind": "home_visit", "attendees": [SOCIAL_WORKER, MOTHER]},
        conditions=("HT-CONVERSATION-TELL-FIRST",),
        actions=("HT-CONVERSATION-RECORD-PERMISSION",),
        lacks=("HT-MINUTES", "HT-MEETING-NOT-CANCELLED", "HT-CONFIRM-AND-CASE-NOTE"),
        decided_by="professional in the conversation",
    ),
    row(
        "recording published",
        "hertfordshire",
        ht("3.3 d-e"),
        ALLOWED,
        {"recording_published": True},
        actions=("HT-PUBLISHED",),
    ),
    # ---------------------------------------------------------------- Brent
    row(
        "mother asks: the chair or team manager decides",
        "brent",
        BR_REQUESTS,
        FOR_DECISION_MAKER,
        reasons=("BR-CONSULT-CHAIR",),
        conditions=("BR-CONFIDENTIAL",),
        actions=("BR-PUBLISHING-RISK",),
        lacks=("BR-ASK-PARENTS",),
        items=ALL_UNDECIDED,
        decided_by="chair or team manager",
    ),
    row(
        "friend asks, parents object: asked to stop",
        "brent",
        BR_REQUESTS,
        REFUSED,
        {"requester": FRIEND, "views": {MOTHER: "objects", FATHER: "objects"}},
        reasons=("BR-NON-PARENT-PARENTS-OBJECT",),
        lacks=("BR-CONFIDENTIAL",),
        items=ALL_REFUSED,
    ),
    row(
        "grandmother without PR asks, mother objects",
        "brent",
        BR_REQUESTS,
        REFUSED,
        {"requester": GRANDMOTHER, "views": {MOTHER: "objects"}},
        reasons=("BR-NON-PARENT-PARENTS-OBJECT",),
    ),
    row(
        "friend asks, parents not asked yet",
        "brent",
        BR_REQUESTS,
        FOR_DECISION_MAKER,
        {"requester": FRIEND, "views": {MOTHER: None, FATHER: "no_view"}},
        actions=("BR-ASK-PARENTS",),
        lacks=("BR-NON-PARENT-PARENTS-OBJECT",),
    ),
    row(
        "father objects to the mother recording: no split plan",
        "brent",
        BR_REQUESTS,
        FOR_DECISION_MAKER,
        {"views": {FATHER: "objects"}},
        lacks=("BR-NON-PARENT-PARENTS-OBJECT",),
        split=None,
    ),
    row(
        "covert recording discovered",
        "brent",
        (BRENT, "Covert Recording"),
        FOR_DECISION_MAKER,
        {"covert_recording_discovered": True},
        reasons=("BR-COVERT-INFORM",),
        actions=("BR-LEGAL-ADVICE",),
    ),
    row(
        "recording published",
        "brent",
        (BRENT, "Covert Recording"),
        FOR_DECISION_MAKER,
        {"recording_published": True},
        actions=("BR-LEGAL-ADVICE", "BR-PUBLISHED-REMOVAL"),
    ),
    row(
        "a professional asks",
        "brent",
        (BRENT, "Local authority recording of meetings/case conferences"),
        FOR_DECISION_MAKER,
        {"requester": CHAIR},
        reasons=("BR-PROFESSIONAL-NOT-COVERED",),
    ),
    row(
        "Gillick-competent looked-after child objects: the chair decides",
        "brent",
        BR_REQUESTS,
        FOR_DECISION_MAKER,
        {"children": LAC_JADE, "also_attending": [JADE_PERSON], "views": {JADE_PERSON: "objects"}},
        reasons=("BR-CONSULT-CHAIR",),
    ),
    row(
        "sensitive item about the half-sibling: for the chair with the rest",
        "brent",
        BR_REQUESTS,
        FOR_DECISION_MAKER,
        {"agenda": (OPENING, MAYA_MEDICAL)},
        reasons=("BR-CONSULT-CHAIR",),
        items={
            "a-open": ("for_decision_maker", None, None),
            "a-maya-medical": ("for_decision_maker", None, None),
        },
    ),
]


def _codes(reasons: Any) -> list[str]:
    return [r.code for r in reasons]


def _all_codes(d: Decision) -> set[str]:
    codes = {*_codes(d.reasons), *_codes(d.conditions), *_codes(d.actions)}
    for item in d.items:
        codes.update(_codes(item.reasons))
    return codes


def _row_codes(case: Row) -> set[str]:
    codes = {*case.reasons, *case.conditions, *case.actions, *case.lacks}
    for _, _, code in case.items.values():
        codes.update([code] if isinstance(code, str) else code or ())
    return codes


@pytest.mark.parametrize("case", ROWS, ids=[r.id for r in ROWS])
def test_decision(case: Row) -> None:
    d = decide(load_profile(case.policy), build(**case.given))

    assert d.policy == case.policy
    assert d.outcome == case.outcome, [r.code for r in d.reasons]
    assert set(case.reasons) <= set(_codes(d.reasons)), _codes(d.reasons)
    assert set(case.conditions) <= set(_codes(d.conditions)), _codes(d.conditions)
    assert set(case.actions) <= set(_codes(d.actions)), _codes(d.actions)
    assert not set(case.lacks) & _all_codes(d)
    profile = load_profile(case.policy)
    cited = {r.code: (r.cites.seed, r.cites.section) for r in profile.rules + profile.item_rules}
    assert _row_codes(case) <= cited.keys(), "the row names a code the profile does not have"
    tied = {cited[code] for code in _row_codes(case)}
    if case.decided_by is not None:
        assert case.decided_by in d.decided_by
        tied.add((d.decided_by_cites.seed, d.decided_by_cites.section))
    assert case.cites in tied, f"no rule the row names cites {case.cites}"
    if d.outcome == REFUSED:
        assert d.conditions == ()  # no conditions on a recording that will not happen
        assert all(item.recordable is False for item in d.items)
    if case.split is None:
        assert d.split_attendance is None
    else:
        assert d.split_attendance is not None
        assert d.split_attendance.not_recording == case.split
        assert d.split_attendance.recording == d.requester
    items = {i.id: i for i in d.items}
    for item_id, (status, recordable, code) in case.items.items():
        got = items[item_id]
        assert (got.status, got.recordable) == (status, recordable), item_id
        expected = [] if code is None else [code] if isinstance(code, str) else list(code)
        assert sorted(_codes(got.reasons)) == sorted(expected), item_id


def test_the_table_covers_every_profile_generously() -> None:
    per_policy = {
        p: sum(r.policy == p for r in ROWS) for p in ("hackney", "leeds", "hertfordshire", "brent")
    }
    assert len(ROWS) >= 60
    assert all(n >= 10 for n in per_policy.values()), per_policy
    assert len({r.id for r in ROWS}) == len(ROWS)
