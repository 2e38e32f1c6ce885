"""Not only decisions: the chair's screen takes its rules for the room from the version in force
too (issue 14), so an approved change to the meeting section reaches the next meeting."""

from __future__ import annotations

from django.utils import timezone

from onrecord.meetings.meeting_plan import room_rules
from onrecord.policy_versions import services
from tests.support.personas import World


def test_an_approved_consent_rule_reaches_the_room(world: World) -> None:
    owner = world.users["policy_owner"]
    authority = world.case.authority
    assert not room_rules(world.meeting).every_attendee_must_agree  # Hackney: objections noted
    draft = services.draft_from_active(authority, owner, "2099-01")
    text = draft.text.replace("rule: objections_noted", "rule: every_attendee", 1)
    services.edit_draft(draft, owner, text)
    assert not room_rules(world.meeting).every_attendee_must_agree  # a draft changes nothing
    services.approve(draft, owner, timezone.localdate())
    assert room_rules(world.meeting).every_attendee_must_agree
    assert not room_rules(world.other_meeting).every_attendee_must_agree  # Westford: Leeds
