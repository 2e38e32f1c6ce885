"""The follow-up each kind of incident needs, as the seeds set it out. Pure data: services.py
turns it into tasks with owners and due dates when an incident is opened.

Sources:
- Hackney (000_881dd3342fdd64fe.txt) §4: covert recording discovered -> asked to stop, and/or
  the chair may end the meeting; misuse -> legal advice and action.
- Leeds (001_faf809ee2c83eecf.txt) e: covert -> the chair is informed by whoever found out; the
  chair considers informing the local authority's legal representative. f: published or used
  for another purpose -> the lead practitioner considers whether the child can be identified,
  is at risk of further harm, and whether this could be emotional abuse; seeks legal advice;
  the local authority may seek an injunction. "Parents who disagree": a friend or non-PR
  relative who records against the parents' wishes is asked to stop, else asked to leave; legal
  advice if some recording took place. "What should practitioners do if they believe that ...
  the child would be placed at risk of further harm": the chair considers the risk of the
  recording being made or published (a task for covert and friend recordings; published ones
  get the lead practitioner's fuller assessment, f).
- Hertfordshire (002_3f8e43dd3e1c40a6.txt) 3.3 d-e: injunction for removal; legal advice on a
  civil or criminal matter.
- Brent (004_a2b517fdd324f552.txt) "When a service user requests": a friend or relative is asked
  to stop, else halted and asked to leave; legal advice if some recording took place or was
  published. "Covert Recording": the local authority is informed; the
  chair considers informing the multi-agency network and the legal representative; published
  online or used for another purpose -> the chair considers legal advice to get it removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    COVERT_RECORDING = "covert_recording"
    PUBLICATION = "publication"
    OTHER_PURPOSE = "other_purpose"
    FRIEND_RECORDING = "friend_recording"


KIND_LABELS = {
    Kind.COVERT_RECORDING: "Covert recording discovered",
    Kind.PUBLICATION: "Recording published online",
    Kind.OTHER_PURPOSE: "Recording used for another purpose",
    Kind.FRIEND_RECORDING: "Friend or relative recording against the parents' wishes",
}


class Owner(StrEnum):
    """Who a task falls to, resolved to a person on the case when the incident is opened."""

    CHAIR = "chair"
    LEAD_PRACTITIONER = "lead_practitioner"
    LEGAL = "legal"
    WHOEVER_FOUND_OUT = "whoever_found_out"  # the person who raised it (Leeds e)


@dataclass(frozen=True)
class TaskTemplate:
    """One follow-up task. `sources` maps each policy profile that requires it to the section
    of that council's own document, so a task cites the case's own council, in words (not a
    file name); a council whose policy does not require it is told so (`source_for`)."""

    code: str
    title: str
    owner: Owner
    due_days: int
    sources: Mapping[str, str] = field(default_factory=dict)

    def source_for(self, profile: str, authority: str) -> str:
        section = self.sources.get(profile)
        if section is not None:
            return f"Required by {authority}'s policy, {section}"[:200]
        return (f"Good practice from other councils' guidance; not in {authority}'s policy")[:200]


_INFORM_CHAIR = TaskTemplate(
    "inform_chair",
    "Inform the chair of the meeting",
    Owner.WHOEVER_FOUND_OUT,
    1,
    {"leeds": "When someone has covertly recorded a meeting or conference (e)"},
)
_INFORM_LA = TaskTemplate(
    "inform_local_authority",
    "Inform the local authority",
    Owner.CHAIR,
    2,
    {"brent": "Covert Recording"},
)
_CONSIDER_LEGAL_REP = TaskTemplate(
    "consider_legal_representative",
    "Consider informing the local authority's legal representative",
    Owner.CHAIR,
    3,
    {
        "leeds": "When someone has covertly recorded a meeting or conference (e)",
        "brent": "Covert Recording",
    },
)
_CONSIDER_NETWORK = TaskTemplate(
    "consider_network",
    "Consider informing the multi-agency network",
    Owner.CHAIR,
    5,
    {"brent": "Covert Recording"},
)
_ASSESS = TaskTemplate(
    "assess_harm",
    "Assess: can the child be identified, are they at risk of further harm, could this be "
    "emotional abuse?",
    Owner.LEAD_PRACTITIONER,
    2,
    {"leeds": "In both overt and covert situations (f)"},
)
_LEGAL_ADVICE = TaskTemplate(
    "seek_legal_advice",
    "Seek legal advice",
    Owner.LEAD_PRACTITIONER,
    3,
    {
        "leeds": "In both overt and covert situations (f)",
        "brent": "When a service user requests to record a meeting or visit",
        "hertfordshire": "3.3 e",
        "hackney": "4 Expectations",
    },
)
_REMOVAL = TaskTemplate(
    "seek_removal",
    "Consider asking for removal or an injunction, and track it to the end",
    Owner.LEGAL,
    10,
    {
        "leeds": "In both overt and covert situations (f)",
        "hertfordshire": "3.3 d",
        "brent": "Covert Recording",
    },
)
_FRIEND_ADVICE = TaskTemplate(
    "seek_legal_advice_friend",
    "Seek legal advice if some recording took place",
    Owner.LEAD_PRACTITIONER,
    3,
    {
        "leeds": "What should practitioners do when the parents have differences in opinion",
        "brent": "When a service user requests to record a meeting or visit",
    },
)

_CONSIDER_RISK = TaskTemplate(
    "consider_risk_of_harm",
    "Consider whether the recording puts the child at risk of further harm if it is shared or "
    "published",
    Owner.CHAIR,
    2,
    {
        "leeds": (
            "What should practitioners do if they believe that if the meeting is recorded "
            "and / or the recording published the child would be placed at risk of further harm"
        ),
    },
)

FOLLOW_UP: dict[Kind, tuple[TaskTemplate, ...]] = {
    Kind.COVERT_RECORDING: (
        _INFORM_CHAIR,
        _INFORM_LA,
        _CONSIDER_LEGAL_REP,
        _CONSIDER_NETWORK,
        _CONSIDER_RISK,
    ),
    Kind.PUBLICATION: (_INFORM_CHAIR, _INFORM_LA, _ASSESS, _LEGAL_ADVICE, _REMOVAL),
    Kind.OTHER_PURPOSE: (_INFORM_CHAIR, _INFORM_LA, _ASSESS, _LEGAL_ADVICE),
    Kind.FRIEND_RECORDING: (_INFORM_CHAIR, _CONSIDER_RISK, _FRIEND_ADVICE),
}
