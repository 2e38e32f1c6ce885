"""Rules for the room for the state machine's own tests: a made-up council whose policy
stops and asks again when someone joins or asks to record, pauses when someone withdraws
and pauses for sensitive items, each with its own (made-up) clause. The four real councils'
rules are tested from their profiles in test_rules_per_authority.py."""

from __future__ import annotations

from onrecord.policy.meeting_rules import (
    PAUSE,
    STOP_AND_ASK_AGAIN,
    MeetingRule,
    MeetingRules,
)
from onrecord.policy.profiles import Citation
from tests.support.personas import World

CLAUSE = Citation("000_881dd3342fdd64fe.txt", "9.9", "the test clause")


def made_up_rules() -> MeetingRules:
    def rule(situation: str, what: str) -> MeetingRule:
        return MeetingRule(situation, what, f"Testshire says {situation}.", CLAUSE)

    return MeetingRules(
        "Testshire Council",
        situations={
            "new_attendee": rule("new_attendee", STOP_AND_ASK_AGAIN),
            "late_request": rule("late_request", STOP_AND_ASK_AGAIN),
            "consent_withdrawn": rule("consent_withdrawn", PAUSE),
            "sensitive_items": rule("sensitive_items", PAUSE),
        },
    )


def room_under(world: World, profile: str) -> None:
    """Meeting mode from here on follows `profile`'s rules for the room (the authority's
    profile is read at each action; a decision already made keeps its own record)."""
    authority = world.case.authority
    authority.policy_profile = profile
    authority.save(update_fields=["policy_profile"])
    world.case.refresh_from_db()
    world.meeting.refresh_from_db()
