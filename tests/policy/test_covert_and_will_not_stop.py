"""Who recorded covertly and whether it was found during the meeting or afterwards (Hackney 4,
Leeds e, Brent), and a friend or relative invited by the parents who will not stop (Leeds, last
paragraphs; Brent)."""

from __future__ import annotations

from typing import Any

from onrecord.policy import FOR_DECISION_MAKER, REFUSED
from tests.policy.builders import FATHER, FRIEND, MOTHER, TEACHER
from tests.policy.concepts import codes, decided, person, reason


def covert(found: str, *, will_not_stop: bool = False) -> Any:
    def edit(d: dict[str, Any]) -> None:
        d["circumstances"]["covert_recording_discovered"] = True
        d["circumstances"]["covert_recording"] = {"by": FATHER, "found": found}
        d["circumstances"]["will_not_stop_ids"] = [FATHER] if will_not_stop else []

    return edit


def test_hackney_during_the_meeting_asks_the_recorder_to_stop() -> None:
    # 000 §4: "If covert recording is discovered during a meeting, the parent/family member will
    # be asked to stop recording, and/or the Chair of the meeting has a right to end the meeting."
    d = decided("hackney", covert("during_meeting", will_not_stop=True))
    stop = reason(d, "HX-COVERT-STOP")
    assert stop.about == ("Sam Whitfield",)
    assert stop.text.startswith("Sam Whitfield was recording the meeting")
    assert "HX-COVERT-WILL-NOT-STOP" in codes(d)
    assert "HX-COVERT-FOUND-AFTERWARDS" not in codes(d)


def test_hackney_afterwards_is_not_the_during_the_meeting_clause() -> None:
    # 000 §3: "meetings should not be recorded without the knowledge of the attendees."
    d = decided("hackney", covert("afterwards"))
    assert "HX-COVERT-FOUND-AFTERWARDS" in codes(d)
    assert "HX-COVERT-STOP" not in codes(d)
    assert reason(d, "HX-COVERT-FOUND-AFTERWARDS").interpretation is not None


def test_leeds_seeks_legal_advice_when_found_afterwards() -> None:
    # 001 (e): "the chair of the meeting should be informed by whoever has found this out"
    during = decided("leeds", covert("during_meeting"))
    assert reason(during, "LD-COVERT-TELL-CHAIR").about == ("Sam Whitfield",)
    assert "LD-COVERT-LEGAL-ADVICE" not in codes(during)
    # 001: "The lead practitioner should seek legal advice if some recording has taken place."
    assert "LD-COVERT-LEGAL-ADVICE" in codes(decided("leeds", covert("afterwards")))


def test_brent_seeks_legal_advice_when_subsequently_found() -> None:
    # 004: "The chair/social worker will seek legal advice if it is subsequently found that some
    # recording has taken place or been published online."
    during = decided("brent", covert("during_meeting"))
    assert "BR-COVERT-INFORM" in codes(during)
    assert "BR-LEGAL-ADVICE" not in codes(during)
    assert "BR-LEGAL-ADVICE" in codes(decided("brent", covert("afterwards")))


def friend_recording(invited_by: list[str], *, will_not_stop: bool) -> Any:
    def edit(d: dict[str, Any]) -> None:
        person(d, FRIEND, invited_by=invited_by)
        d["circumstances"]["will_not_stop_ids"] = [FRIEND] if will_not_stop else []

    return edit


def test_leeds_a_friend_the_parents_invited_who_will_not_stop_is_asked_to_leave() -> None:
    # 001: "If another family member or friend invited by the parents ... states that they intend
    # to record a meeting and the parents do not agree with this, they will be asked to stop. If
    # they do not, the chair will halt the meeting and they will be asked to leave."
    d = decided(
        "leeds",
        friend_recording([MOTHER], will_not_stop=True),
        requester=FRIEND,
        views={FATHER: "objects"},
    )
    assert d.outcome == REFUSED
    assert {"LD-NON-PARENT-PARENTS-OBJECT", "LD-NON-PARENT-WILL-NOT-STOP"} <= codes(d)


def test_leeds_a_friend_someone_else_invited_goes_to_the_chair() -> None:
    d = decided(
        "leeds",
        friend_recording([TEACHER], will_not_stop=False),
        requester=FRIEND,
        views={FATHER: "objects"},
    )
    assert d.outcome == FOR_DECISION_MAKER
    assert "LD-NON-PARENT-NOT-INVITED-BY-PARENTS" in codes(d)
    assert "LD-NON-PARENT-PARENTS-OBJECT" not in codes(d)


def test_brent_a_friend_who_will_not_stop_is_asked_to_leave_whoever_invited_them() -> None:
    # 004: "If they do not, the chair/social worker will halt the meeting and they will be asked
    # to leave."
    d = decided(
        "brent",
        friend_recording([TEACHER], will_not_stop=True),
        requester=FRIEND,
        views={FATHER: "objects"},
    )
    assert d.outcome == REFUSED
    assert "BR-NON-PARENT-WILL-NOT-STOP" in codes(d)


def test_leeds_a_parent_who_insists_when_the_council_holds_pr() -> None:
    # 001: "the chair could decide to exclude a parent who insists on recording a meeting"
    def edit(d: dict[str, Any]) -> None:
        for c in d["children"]:
            c["court_order"] = "care_order"
        d["circumstances"]["will_not_stop_ids"] = [MOTHER]

    d = decided("leeds", edit)
    assert "LD-LA-PR-PARENT-INSISTS" in codes(d)
