"""Drafting from the case record: the demo conference's log, attendees and agenda, and the
(fake) current transcript; each new version audited in the same transaction."""

from __future__ import annotations

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.minutes import services
from onrecord.minutes.edit import Action
from onrecord.minutes.models import MinutesVersion
from tests.minutes.conftest import transcript_of
from tests.support.personas import World


def test_first_draft_from_the_record_and_transcript(drafted: MinutesVersion) -> None:
    content = drafted.content
    assert drafted.version == 1
    assert drafted.source == MinutesVersion.Source.DRAFTED
    assert not drafted.approved
    assert content["heading"]["chair"] == "Priya Shah"
    assert content["heading"]["started_at"] == "10:00"
    assert (
        "Amira Hassan, School nurse (Eastmere Community Health NHS Trust)" in (content["attendees"])
    )
    # invited, never marked as arrived
    assert "Marcus Reid, Jade's father" in content["apologies"]
    assert "Dan Pryce, Police (Eastmere Police Public Protection Unit)" in content["apologies"]
    items = {i["position"]: i for i in content["items"]}
    assert "Priya Shah (Chair): Good morning" in items[1]["discussion"]
    assert "Dana Whitfield (Mother): Jade is doing better at [school?]" in items[2]["discussion"]
    assert items[1]["decisions"] == ""
    assert items[1]["actions"] == []
    # The demo council follows Hackney's guidance, which does not say to pause for sensitive
    # information: the pause was the chair's choice, and the minutes say so.
    assert (
        "because of a sensitive item (the chair's choice: London Borough of Hackney's policy is "
        "silent on this), resumed at"
    ) in content["recording"]
    assert content["transcript"] == {
        "version": 2,
        "recording": "rec-demo",
        "speakers_confirmed": True,
        "times_from": "recorded spans on the log",
    }
    assert [s["name"] for s in content["main_speakers"]] == ["Priya Shah", "Dana Whitfield"]


def test_the_new_version_is_audited(drafted: MinutesVersion) -> None:
    entry = AuditEvent.objects.filter(
        action="create", object_type="minutes.minutesversion", object_id=str(drafted.pk)
    ).get()
    assert entry.case_id == str(drafted.minutes.meeting.case_id)


def test_without_a_transcript_the_draft_has_no_discussion(ran: World) -> None:
    # the real adapter: the demo conference has no authority recording, so no transcript
    version = services.generate(ran.meeting, by=ran.users["chair"])
    assert {i["discussion"] for i in version.content["items"]} == {""}
    assert version.content["transcript"] is None


def test_drafting_again_adds_a_version_keeping_decisions_actions_and_notes(
    drafted: MinutesVersion, ran: World
) -> None:
    last = str(drafted.content["items"][-1]["id"])
    services.save_changes(
        ran.meeting,
        by=ran.users["chair"],
        changes={
            "notes": "Interpreter present.",
            "attendees": "Edited by hand",
            "items": {
                last: {
                    "decisions": "Plan agreed.",
                    "actions": [Action("Core group", "Tom Bennett", "2025-03-14")],
                }
            },
        },
        based_on=1,
    )
    again = services.generate(ran.meeting, by=ran.users["chair"], transcript_source=transcript_of)
    assert again.version == 3
    assert again.replaces is not None
    assert again.replaces.version == 2
    assert again.content["notes"] == "Interpreter present."
    assert again.content["items"][-1]["decisions"] == "Plan agreed."
    assert again.content["items"][-1]["actions"] == [
        {"action": "Core group", "owner": "Tom Bennett", "due": "2025-03-14"}
    ]
    # what comes from the record is drafted afresh
    assert again.content["attendees"] == drafted.content["attendees"]
    assert MinutesVersion.objects.get(pk=drafted.pk).content == drafted.content


@pytest.mark.parametrize("persona", ["legal", "outsider", "other_authority", "mother", "nurse"])
def test_only_staff_who_write_on_the_case_may_draft(ran: World, persona: str) -> None:
    with pytest.raises(services.MinutesRefused):
        services.generate(ran.meeting, by=ran.users[persona], transcript_source=transcript_of)
    assert not MinutesVersion.objects.exists()
