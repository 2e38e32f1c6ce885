"""The one thing a family member does next about recording a meeting (issue 12).

Pure rules, no Django: given where their request stands, say what the family member's home
page and meeting page lead with, in the first person. The words are marked for translation
(gettext_noop) and translated where they are shown. The order follows the seeds: ask
(Hertfordshire 2.5: "as soon as they know a meeting will take place"), wait while others'
views are sought (Leeds b), then sign the declaration "before any recording takes place"
(Hackney 4 and appendix), which can be withdrawn at any time (Hackney appendix, third choice).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


def gettext_noop(text: str) -> str:
    """Marks the words for translation: `makemessages` finds them by this name and the pages
    translate them when they show them (docs/LANGUAGES.md). Pure rules, so not Django's own."""
    return text


class Step(enum.StrEnum):
    ASK = "ask"  # nothing asked yet: the primary button asks to record
    WAIT_DECISION = "wait_decision"  # views being gathered; the family can withdraw
    WAIT_DECLARATION = "wait_declaration"  # allowed; the social worker prepares the declaration
    SIGN = "sign"  # allowed; the declaration waits for the family member's signature
    READY = "ready"  # allowed and signed: they can record
    REFUSED = "refused"  # decided: not allowed
    WITHDRAWN = "withdrawn"  # they withdrew the request or the declaration
    NOTHING = "nothing"  # the meeting has started or they cannot ask
    READ_RECORD = "read_record"  # the chair approved the minutes: my part of them is ready


class DeclarationState(enum.StrEnum):
    NONE = "none"
    WAITING = "waiting"  # prepared and signed by the worker, not yet by the family member
    SIGNED = "signed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Situation:
    """Where things stand for one family member and one meeting."""

    request_status: str | None  # RecordingRequest.Status value of their latest request
    outcome: str | None  # "allowed" / "refused" once decided
    declaration: DeclarationState
    meeting_started: bool
    can_ask: bool
    # The chair approved the minutes of a meeting I attended (onrecord/family_record).
    record_ready: bool = False


@dataclass(frozen=True)
class NextStep:
    step: Step
    status: str  # the tag, short
    colour: str  # the GOV.UK tag modifier
    says: str  # one sentence, first person
    needs_me: bool  # the family member has something to do now

    @property
    def button(self) -> str:
        return BUTTONS.get(self.step, "")


BUTTONS = {
    Step.ASK: gettext_noop("Ask to record this meeting"),
    Step.SIGN: gettext_noop("Sign the declaration"),
    Step.READ_RECORD: gettext_noop("Read my part of the notes"),
}


def next_step(s: Situation) -> NextStep:
    if s.record_ready:  # the meeting is over: what is left to do is to read what was said
        return NextStep(
            Step.READ_RECORD,
            gettext_noop("Notes ready"),
            "green",
            gettext_noop(
                "The notes of this meeting are ready. You can read the parts about your child."
            ),
            True,
        )
    if s.request_status == "gathering_views":
        return NextStep(
            Step.WAIT_DECISION,
            gettext_noop("Waiting for a decision"),
            "blue",
            gettext_noop(
                "You asked to record this meeting. We are asking the other people at the "
                "meeting what they think. "
                "We will tell you the decision before the meeting starts."
            ),
            False,
        )
    if s.request_status == "decided" and s.outcome == "refused":
        return NextStep(
            Step.REFUSED,
            gettext_noop("Not allowed"),
            "red",
            gettext_noop("You cannot record this meeting."),
            False,
        )
    if s.request_status == "decided" and s.outcome == "allowed":
        if s.declaration == DeclarationState.SIGNED:
            return NextStep(
                Step.READY,
                gettext_noop("Ready to record"),
                "green",
                gettext_noop(
                    "You can record this meeting. Tell the chair when the meeting starts."
                ),
                False,
            )
        if s.declaration == DeclarationState.WITHDRAWN and s.can_ask and not s.meeting_started:
            # Asking again is offered, not pressed on them: the home page does not lead with it.
            return NextStep(
                Step.ASK,
                gettext_noop("Declaration withdrawn"),
                "grey",
                gettext_noop(
                    "You withdrew your declaration. You cannot record unless you sign a new one. "
                    "You can ask again."
                ),
                False,
            )
        if s.declaration == DeclarationState.WITHDRAWN:
            return NextStep(
                Step.WITHDRAWN,
                gettext_noop("Declaration withdrawn"),
                "grey",
                gettext_noop(
                    "You withdrew your declaration. You cannot record unless you sign a new one."
                ),
                False,
            )
        if s.declaration == DeclarationState.WAITING:
            return NextStep(
                Step.SIGN,
                gettext_noop("Sign the declaration"),
                "orange",
                gettext_noop("You are allowed to record. Sign the declaration before you record."),
                True,
            )
        return NextStep(
            Step.WAIT_DECLARATION,
            gettext_noop("Waiting for your social worker"),
            "blue",
            gettext_noop(
                "You are allowed to record. Your social worker will go through a declaration "
                "with you. You sign it before you record."
            ),
            False,
        )
    if s.can_ask and not s.meeting_started:
        withdrawn = s.request_status == "withdrawn"
        return NextStep(
            Step.ASK,
            gettext_noop("Not asked") if not withdrawn else gettext_noop("Request withdrawn"),
            "grey",
            gettext_noop("You withdrew your request. You can ask again.")
            if withdrawn
            else gettext_noop("You can ask to record this meeting."),
            True,
        )
    if s.request_status == "withdrawn":
        return NextStep(
            Step.WITHDRAWN,
            gettext_noop("Request withdrawn"),
            "grey",
            gettext_noop("You withdrew your request."),
            False,
        )
    return NextStep(
        Step.NOTHING,
        gettext_noop("Nothing to do"),
        "grey",
        gettext_noop("There is nothing for you to do."),
        False,
    )
