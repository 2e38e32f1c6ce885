"""A readable scenario builder for the policy engine's tests.

`scenario(...)` returns the plain JSON-like dict a caller would send to `parse_scenario`;
`build(...)` parses it. The default is the Whitfield family at a child protection conference:

- Dana Whitfield (MOTHER) and Sam Whitfield (FATHER) hold PR for Jade and Leo;
- Maya Price is Jade and Leo's half-sister: her father Ryan Price (MAYA_FATHER) holds PR for her,
  Dana does not;
- Jade (JADE_PERSON) is 15 and Gillick competent; Leo is 7; Maya is 10;
- Grace Whitfield (GRANDMOTHER) is family without PR; Fiona Lake (FRIEND) is a family friend;
- professionals: the chair and the social worker (Children's Services), a health visitor (NHS),
  a designated safeguarding lead (school) and an Independent Reviewing Officer.

By default Dana asks a week ahead to record, has signed the declaration, the attendees are
the chair, the social worker, both parents, the health visitor and the teacher, everyone who
attends has agreed, and the agenda has an opening item, an item about Jade and one about Leo.
Every part can be overridden by keyword.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from onrecord.policy import Scenario, parse_scenario

# People
MOTHER = "p-dana"
FATHER = "p-sam"
MAYA_FATHER = "p-ryan"
JADE_PERSON = "p-jade"
GRANDMOTHER = "p-grace"
FRIEND = "p-fiona"
CHAIR = "p-priya"
SOCIAL_WORKER = "p-tom"
HEALTH_VISITOR = "p-asha"
TEACHER = "p-kemi"
IRO = "p-ian"

# Children
JADE = "c-jade"
LEO = "c-leo"
MAYA = "c-maya"

NAMES = {
    MOTHER: "Dana Whitfield",
    FATHER: "Sam Whitfield",
    MAYA_FATHER: "Ryan Price",
    JADE_PERSON: "Jade Whitfield",
    GRANDMOTHER: "Grace Whitfield",
    FRIEND: "Fiona Lake",
    CHAIR: "Priya Shah",
    SOCIAL_WORKER: "Tom Bennett",
    HEALTH_VISITOR: "Dr Asha Patel",
    TEACHER: "Kemi Adeyemi",
    IRO: "Ian Okafor",
    JADE: "Jade Whitfield",
    LEO: "Leo Whitfield",
    MAYA: "Maya Price",
}

CHILDREN: dict[str, dict[str, Any]] = {
    JADE: {
        "id": JADE,
        "name": NAMES[JADE],
        "date_of_birth": "2010-04-02",
        "gillick_competent": True,
    },
    LEO: {"id": LEO, "name": NAMES[LEO], "date_of_birth": "2018-09-14", "gillick_competent": False},
    MAYA: {
        "id": MAYA,
        "name": NAMES[MAYA],
        "date_of_birth": "2015-01-20",
        "gillick_competent": False,
    },
}

PEOPLE: dict[str, dict[str, Any]] = {
    MOTHER: {"kind": "parent"},
    FATHER: {"kind": "parent"},
    MAYA_FATHER: {"kind": "parent"},
    JADE_PERSON: {"kind": "child", "child_id": JADE},
    GRANDMOTHER: {"kind": "family_member"},
    FRIEND: {"kind": "friend"},
    CHAIR: {"kind": "professional", "agency": "Children's Services"},
    SOCIAL_WORKER: {"kind": "professional", "agency": "Children's Services"},
    HEALTH_VISITOR: {"kind": "professional", "agency": "NHS health visiting"},
    TEACHER: {"kind": "professional", "agency": "Northgate Academy"},
    IRO: {"kind": "professional", "agency": "Independent Reviewing Service"},
}

PARENTAL_RESPONSIBILITY: tuple[tuple[str, str], ...] = (
    (MOTHER, JADE),
    (MOTHER, LEO),
    (FATHER, JADE),
    (FATHER, LEO),
    (MAYA_FATHER, MAYA),
)

ATTENDEES: tuple[str, ...] = (CHAIR, SOCIAL_WORKER, MOTHER, FATHER, HEALTH_VISITOR, TEACHER)

MEETING_START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
A_WEEK = dt.timedelta(days=7)
HALF_AN_HOUR = dt.timedelta(minutes=30)


def item(item_id: str, title: str, *child_ids: str, sensitive: bool = False) -> dict[str, Any]:
    """One agenda item, about the children named."""
    return {"id": item_id, "title": title, "child_ids": list(child_ids), "sensitive": sensitive}


OPENING = item("a-open", "Introductions")
ABOUT_JADE = item("a-jade", "Jade: school and wellbeing", JADE)
ABOUT_LEO = item("a-leo", "Leo: health", LEO)
LEO_MEDICAL = item("a-leo-medical", "Leo: health visitor report", LEO, sensitive=True)
ABOUT_MAYA = item("a-maya", "Maya: contact arrangements", MAYA)
MAYA_MEDICAL = item("a-maya-medical", "Maya: medical report", MAYA, sensitive=True)
AGENDA: tuple[dict[str, Any], ...] = (OPENING, ABOUT_JADE, ABOUT_LEO)


def scenario(
    *,
    requester: str = MOTHER,
    meeting_kind: str = "child_protection_conference",
    attendees: Iterable[str] = ATTENDEES,
    also_attending: Iterable[str] = (),
    agenda: Iterable[Mapping[str, Any]] = AGENDA,
    children: Mapping[str, Mapping[str, Any]] | None = None,
    people: Mapping[str, Mapping[str, Any]] | None = None,
    parental_responsibility: Iterable[tuple[str, str]] = PARENTAL_RESPONSIBILITY,
    without_pr: Iterable[str] = (),
    extra_pr: Iterable[tuple[str, str]] = (),
    everyone_agrees: bool = True,
    views: Mapping[str, str | None] | None = None,
    timing: str = "in_advance",
    notice: dt.timedelta | None = None,
    medium: str = "audio",
    purposes: Iterable[str] = (),
    declaration: str = "signed",
    assessments: Iterable[str] = (),
    new_attendees: Iterable[str] = (),
    covert_recording_discovered: bool = False,
    recording_published: bool = False,
) -> dict[str, Any]:
    """The default family scenario, with overrides.

    `notice` is how long before the meeting's start the request was made; by default a week
    for a request in advance, half an hour for one on the day, and half an hour after the
    start for one mid-meeting (so that the timing and the time agree).
    `children` and `people` merge fields into the default entries by id (a new id adds one);
    `views` is merged over "every other attendee agrees" (or over nothing when
    `everyone_agrees=False`); a view of None removes it. The requester always attends.
    """
    if notice is None:
        notice = {"on_the_day": HALF_AN_HOUR, "mid_meeting": -HALF_AN_HOUR}.get(timing, A_WEEK)
    kids = copy.deepcopy(CHILDREN)
    for cid, fields in (children or {}).items():
        kids.setdefault(cid, {"id": cid, "name": cid, "date_of_birth": "2012-01-01"})
        kids[cid].update(fields)

    folk = copy.deepcopy(PEOPLE)
    for pid, fields in (people or {}).items():
        folk.setdefault(pid, {})
        folk[pid].update(fields)

    present = list(dict.fromkeys([*attendees, *also_attending]))
    if requester not in present:
        present.append(requester)

    stances: dict[str, str | None] = {}
    if everyone_agrees:
        stances = {pid: "agrees" for pid in present if pid != requester}
    stances.update(views or {})

    dropped = set(without_pr)
    pr = [(p, c) for p, c in parental_responsibility if p not in dropped]
    pr += [pair for pair in extra_pr if pair not in pr]

    return {
        "children": list(kids.values()),
        "people": [
            {"id": pid, "name": NAMES.get(pid, pid), **fields} for pid, fields in folk.items()
        ],
        "parental_responsibility": [{"person_id": p, "child_id": c} for p, c in pr],
        "meeting": {
            "kind": meeting_kind,
            "scheduled_start": MEETING_START.isoformat(),
            "attendees": [{"person_id": pid} for pid in present],
            "agenda": [dict(entry) for entry in agenda],
        },
        "request": {
            "requester_id": requester,
            "made_at": (MEETING_START - notice).isoformat(),
            "medium": medium,
            "purposes": list(purposes),
            "timing": timing,
        },
        "views": [
            {"person_id": pid, "stance": stance}
            for pid, stance in stances.items()
            if stance is not None
        ],
        "declaration": declaration,
        "assessments": {name: True for name in assessments},
        "circumstances": {
            "new_attendee_ids": list(new_attendees),
            "covert_recording_discovered": covert_recording_discovered,
            "recording_published": recording_published,
        },
    }


def build(**overrides: Any) -> Scenario:
    """`scenario(**overrides)`, parsed."""
    return parse_scenario(scenario(**overrides))
