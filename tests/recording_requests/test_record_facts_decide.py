"""The app's decision applies the clauses that turn on an agenda item's parts, a covert
recording of the meeting and a requester who will not stop, once staff have entered them
(issue 14); each test cites its clause, under each profile that speaks of it."""

from __future__ import annotations

from typing import Any

from onrecord.cases.models import Attendee, Person
from onrecord.recording_requests.decisions import policy_decision
from onrecord.recording_requests.models import RecordingRequest
from onrecord.recording_requests.services import record_view, submit_request
from tests.browser.journeys import jade_agrees
from tests.recording_requests.helpers import person
from tests.recording_requests.policy_concepts import under
from tests.recording_requests.record_facts import (
    LEO,
    divide,
    found_recording_afterwards,
    found_recording_in_the_meeting,
    friend_asked_to_leave,
)
from tests.support.personas import World

HACKNEY_3_ANY_PART = "Parents will not be able to record any part of a meeting"
HACKNEY_4_DURING = "If covert recording is discovered during a meeting"


def _request(name: str) -> RecordingRequest:
    return submit_request(
        person(name).case.meetings.get(),
        person(name),
        medium="audio",
        purposes=["memory_aid"],
        channel=RecordingRequest.Channel.SIGNED_IN,
    )


def _decide(made: RecordingRequest) -> dict[str, Any]:
    """The app's decision, read afresh so the authority's profile is the one set now."""
    return policy_decision(RecordingRequest.objects.get(pk=made.pk))


def _rule(rules: list[dict[str, Any]], code: str) -> dict[str, Any]:
    found = [r for r in rules if r["code"] == code]
    assert found, [r["code"] for r in rules]
    rule: dict[str, Any] = found[0]
    return rule


def _all_rules(decision: dict[str, Any]) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [
        r for key in ("reasons", "conditions", "actions") for r in decision[key]
    ]
    return rules


def test_hackney_3_a_part_about_their_own_child_is_recordable(world: World) -> None:
    """Hackney 3: a parent may not record "any part of a meeting where information relating to
    a child; who they do not hold Parental Responsibility for ... is being discussed". Marcus
    holds PR for Jade only: the whole item about Jade and Leo is excluded, but divided into a
    part per child, only Leo's part is."""
    under(world, "hackney")
    divide(LEO, "", ["Jade Whitfield", "Leo Okafor"])
    made = _request("Marcus Reid")
    jade_agrees(world, made)  # Jade, Gillick competent and looked after, agrees (Hackney 3)
    whole = next(i for i in _decide(made)["items"] if i["title"] == LEO)
    assert whole["recordable"] is False
    assert HACKNEY_3_ANY_PART in _rule(whole["reasons"], "HX-ITEM-NO-PR")["cites"]["clause"]
    divide(LEO, "About Jade | Jade Whitfield\nAbout Leo | Leo Okafor", [
        "Jade Whitfield", "Leo Okafor"
    ])  # fmt: skip
    item = next(i for i in _decide(made)["items"] if i["title"] == LEO)
    jade, leo = item["parts"]
    assert "HX-ITEM-NO-PR" not in {r["code"] for r in jade["reasons"]}
    assert jade["recordable"] is True
    assert leo["recordable"] is False
    assert HACKNEY_3_ANY_PART in _rule(leo["reasons"], "HX-ITEM-NO-PR")["cites"]["clause"]


def test_hackney_4_a_covert_recording_found_in_the_meeting_names_who(world: World) -> None:
    """Hackney 4: "If covert recording is discovered during a meeting, the parent/family member
    will be asked to stop recording, and/or the Chair of the meeting has a right to end the
    meeting" (HX-COVERT-STOP), naming who was found recording."""
    under(world, "hackney")
    made = found_recording_in_the_meeting(world, "Marcus Reid")
    rules = _all_rules(_decide(made))
    stop = _rule(rules, "HX-COVERT-STOP")
    assert HACKNEY_4_DURING in stop["cites"]["clause"]
    assert "Marcus Reid" in stop["text"]
    assert "HX-COVERT-FOUND-AFTERWARDS" not in {r["code"] for r in rules}


def test_a_covert_recording_found_afterwards_under_hackney_and_leeds(world: World) -> None:
    """Found after the meeting: Hackney 3 "meetings should not be recorded without the
    knowledge of the attendees" (HX-COVERT-FOUND-AFTERWARDS), not the in-meeting clause;
    Leeds: "The lead practitioner should seek legal advice if some recording has taken place"
    (LD-COVERT-LEGAL-ADVICE)."""
    made = _request("Dana Whitfield")
    found_recording_afterwards(world)
    under(world, "hackney")
    rules = _all_rules(_decide(made))
    after = _rule(rules, "HX-COVERT-FOUND-AFTERWARDS")
    assert "should not be recorded without the knowledge" in after["cites"]["clause"]
    assert "HX-COVERT-STOP" not in {r["code"] for r in rules}
    under(world, "leeds")
    advice = _rule(_all_rules(_decide(made)), "LD-COVERT-LEGAL-ADVICE")
    assert "seek legal advice if some recording has taken place" in advice["cites"]["clause"]


def test_a_friend_who_will_not_stop_is_asked_to_leave_under_leeds_and_brent(
    world: World,
) -> None:
    """Leeds (parents who disagree) and Brent: a friend the parents do not agree to record "will
    be asked to stop. If they do not, the chair will halt the meeting and they will be asked to
    leave" (LD-NON-PARENT-WILL-NOT-STOP, BR-NON-PARENT-WILL-NOT-STOP)."""
    friend = Person.objects.create(case=world.case, full_name="Kerry Lowe", kind=Person.Kind.FRIEND)
    Attendee.objects.create(meeting=world.meeting, person=friend, role="Supporter")
    made = _request("Kerry Lowe")
    record_view(made, person("Dana Whitfield"), "objects", "I do not agree to Kerry recording.")
    for profile, code in (
        ("leeds", "LD-NON-PARENT-WILL-NOT-STOP"),
        ("brent", "BR-NON-PARENT-WILL-NOT-STOP"),
    ):
        under(world, profile)
        assert code not in {r["code"] for r in _all_rules(_decide(made))}, profile
    friend_asked_to_leave(world, friend)
    for profile, code in (
        ("leeds", "LD-NON-PARENT-WILL-NOT-STOP"),
        ("brent", "BR-NON-PARENT-WILL-NOT-STOP"),
    ):
        under(world, profile)
        rule = _rule(_all_rules(_decide(made)), code)
        assert "If they do not, the chair" in rule["cites"]["clause"], profile
        assert "Kerry Lowe has not stopped recording" in rule["text"], profile
