"""case_scenario.py sends an agenda item's parts (entered by staff), a covert recording of the
meeting with who made it and when it was found (the chair's screen, the incident register),
and who was asked to leave because they would not stop recording (the meeting's log); a meeting
with none of these sends none of them (issue 14). The log's and the register's facts are
gathered above the scenario builder (meetings/record_facts.py, through
recording_requests/record_facts.py) and passed in as plain facts, as the deciding services do;
the builder reads only what it is given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from onrecord import policy
from onrecord.cases.models import Attendee, Person
from onrecord.incidents.models import Incident
from onrecord.recording_requests.case_scenario import build_scenario
from onrecord.recording_requests.models import RecordingRequest
from onrecord.recording_requests.record_facts import (
    FOUND_AFTERWARDS,
    CovertRecording,
    RecordFacts,
    gather,
)
from onrecord.recording_requests.services import submit_request
from tests.recording_requests.helpers import person
from tests.recording_requests.record_facts import (
    LEO,
    divide,
    found_recording_afterwards,
    found_recording_in_the_meeting,
    friend_asked_to_leave,
)
from tests.support.personas import World

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "scenario.schema.json"


def _request(world: World) -> RecordingRequest:
    return submit_request(
        world.meeting,
        person("Dana Whitfield"),
        medium="audio",
        purposes=["memory_aid"],
        channel=RecordingRequest.Channel.SIGNED_IN,
    )


def _from_record(made: RecordingRequest) -> dict[str, Any]:
    """As the deciding services build it: the meeting's facts gathered, then passed in."""
    return build_scenario(made, gather(made.meeting))


def _friend(world: World) -> Person:
    friend = Person.objects.create(case=world.case, full_name="Kerry Lowe", kind=Person.Kind.FRIEND)
    Attendee.objects.create(meeting=world.meeting, person=friend, role="Supporter")
    return friend


def test_the_builder_reads_only_the_facts_it_is_given(world: World) -> None:
    """A covert recording is in the meeting's log, but the builder is given no facts: it sends
    none (it never reads the log itself); given plain facts, it sends exactly those."""
    made = found_recording_in_the_meeting(world, "Marcus Reid")
    assert "circumstances" not in build_scenario(made)
    given = RecordFacts(CovertRecording(FOUND_AFTERWARDS), will_not_stop_ids=("p2", "p1"))
    assert build_scenario(made, given)["circumstances"] == {
        "covert_recording": {"found": "afterwards"},
        "will_not_stop_ids": ["p1", "p2"],
    }


def test_the_register_naming_an_attendee_sends_who(world: World) -> None:
    """Who made the recording, in the incident register (an attendee of this meeting), is the
    covert recording's `by`."""
    made = _request(world)
    incident = found_recording_afterwards(world)
    marcus = Attendee.objects.get(meeting=world.meeting, person__full_name="Marcus Reid")
    Incident.objects.filter(pk=incident.pk).update(
        recorded_by="attendee", recorded_by_attendee=marcus
    )
    assert _from_record(made)["circumstances"] == {
        "covert_recording": {"by": str(marcus.person_id), "found": "afterwards"}
    }


def test_a_meeting_with_none_of_these_sends_none_of_them(world: World) -> None:
    scenario = _from_record(_request(world))
    assert "circumstances" not in scenario
    assert all("parts" not in item for item in scenario["meeting"]["agenda"])


def test_an_items_parts_are_sent(world: World) -> None:
    item = divide(
        LEO,
        "About Jade | Jade Whitfield\nAbout Leo | leo okafor | health",
        ["Jade Whitfield", "Leo Okafor"],
    )
    jade, leo = (str(person(n).child.pk) for n in ("Jade Whitfield", "Leo Okafor"))
    sent = next(i for i in _from_record(_request(world))["meeting"]["agenda"] if i["title"] == LEO)
    assert sent["parts"] == [
        {"id": f"{item.pk}.1", "title": "About Jade", "child_ids": [jade], "sensitive": False},
        {
            "id": f"{item.pk}.2",
            "title": "About Leo",
            "child_ids": [leo],
            "sensitive": True,
            "sensitive_kinds": ["health"],
        },
    ]


def test_a_covert_recording_found_in_the_meeting_is_sent_with_who(world: World) -> None:
    made = found_recording_in_the_meeting(world, "Marcus Reid")
    assert _from_record(made)["circumstances"] == {
        "covert_recording": {"by": str(person("Marcus Reid").pk), "found": "during_meeting"}
    }


def test_a_covert_recording_found_afterwards_is_sent(world: World) -> None:
    made = _request(world)
    found_recording_afterwards(world)
    assert _from_record(made)["circumstances"] == {"covert_recording": {"found": "afterwards"}}


def test_a_covert_recording_of_another_meeting_is_not_sent(world: World) -> None:
    made = _request(world)
    incident = found_recording_afterwards(world)
    Incident.objects.filter(pk=incident.pk).update(meeting=None)
    assert "circumstances" not in _from_record(made)


def test_someone_asked_to_leave_as_they_would_not_stop_is_sent(world: World) -> None:
    friend = _friend(world)
    friend_asked_to_leave(world, friend)
    made = RecordingRequest.objects.get(requester__full_name="Dana Whitfield")
    assert _from_record(made)["circumstances"] == {"will_not_stop_ids": [str(friend.pk)]}


def test_the_scenario_with_all_three_is_one_the_json_schema_and_the_engine_accept(
    world: World,
) -> None:
    divide(LEO, "About Jade | Jade Whitfield\nAbout Leo | Leo Okafor | sensitive", [
        "Jade Whitfield", "Leo Okafor"
    ])  # fmt: skip
    friend = _friend(world)
    friend_asked_to_leave(world, friend)
    made = RecordingRequest.objects.get(requester__full_name="Dana Whitfield")
    found_recording_afterwards(world)
    scenario = _from_record(made)
    assert scenario["circumstances"] == {
        "covert_recording": {"found": "afterwards"},
        "will_not_stop_ids": [str(friend.pk)],
    }
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(scenario)
    policy.parse_scenario(scenario)
