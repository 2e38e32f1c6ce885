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

from dataclasses import dataclass
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


@dataclass(frozen=True)
class TaskTemplate:
    code: str
    title: str
    owner: Owner
    due_days: int
    source: str


_INFORM_CHAIR = TaskTemplate(
    "inform_chair",
    "Inform the chair of the meeting",
    Owner.LEAD_PRACTITIONER,
    1,
    "Leeds e (001_faf809ee2c83eecf.txt)",
)
_INFORM_LA = TaskTemplate(
    "inform_local_authority",
    "Inform the local authority",
    Owner.CHAIR,
    2,
    "Brent, Covert Recording (004_a2b517fdd324f552.txt)",
)
_CONSIDER_LEGAL_REP = TaskTemplate(
    "consider_legal_representative",
    "Consider informing the local authority's legal representative",
    Owner.CHAIR,
    3,
    "Leeds e; Brent, Covert Recording",
)
_CONSIDER_NETWORK = TaskTemplate(
    "consider_network",
    "Consider informing the multi-agency network",
    Owner.CHAIR,
    5,
    "Brent, Covert Recording (004_a2b517fdd324f552.txt)",
)
_ASSESS = TaskTemplate(
    "assess_harm",
    "Assess: can the child be identified, are they at risk of further harm, could this be "
    "emotional abuse?",
    Owner.LEAD_PRACTITIONER,
    2,
    "Leeds f (001_faf809ee2c83eecf.txt)",
)
_LEGAL_ADVICE = TaskTemplate(
    "seek_legal_advice",
    "Seek legal advice",
    Owner.LEAD_PRACTITIONER,
    3,
    "Leeds f; Brent; Hertfordshire 3.3e; Hackney 4",
)
_REMOVAL = TaskTemplate(
    "seek_removal",
    "Consider asking for removal or an injunction, and track it to the end",
    Owner.LEGAL,
    10,
    "Leeds f; Hertfordshire 3.3d; Brent",
)
_FRIEND_ADVICE = TaskTemplate(
    "seek_legal_advice_friend",
    "Seek legal advice if some recording took place",
    Owner.LEAD_PRACTITIONER,
    3,
    "Leeds, parents who disagree (001_faf809ee2c83eecf.txt); Brent, When a service user "
    "requests (004_a2b517fdd324f552.txt)",
)

_CONSIDER_RISK = TaskTemplate(
    "consider_risk_of_harm",
    "Consider whether the recording puts the child at risk of further harm if it is shared or "
    "published",
    Owner.CHAIR,
    2,
    "Leeds, if the recording were published the child would be at risk of further harm "
    "(001_faf809ee2c83eecf.txt)",
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
