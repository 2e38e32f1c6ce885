"""Fixtures for court bundles: the demo conference, run in meeting mode and recorded, and a
bundle exported from it with the command line."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from onrecord.cases.models import Attendee
from onrecord.commands import main
from onrecord.meetings.models import MeetingEvent
from onrecord.recording_requests.models import TimelineEntry
from onrecord.vault.models import Recording
from tests.support.personas import World

START = dt.datetime(2025, 3, 4, 10, 2, tzinfo=dt.UTC)
END = dt.datetime(2025, 3, 4, 11, 47, tzinfo=dt.UTC)
PRESENT = ("Chair", "Social worker", "Mother")


def run_meeting(world: World) -> None:
    """The meeting's log as the chair's meeting mode writes it: started, arrivals, ended."""
    meeting = world.meeting
    chair = world.users["chair"]
    events: list[tuple[dt.datetime, str, Attendee | None]] = [(START, "meeting_started", None)]
    for minute, role in enumerate(PRESENT, start=1):
        arrival = Attendee.objects.get(meeting=meeting, role=role)
        events.append((START + dt.timedelta(minutes=minute), "arrived", arrival))
    events.append((END, "meeting_ended", None))
    for seq, (at, kind, attendee) in enumerate(events, start=1):
        MeetingEvent.objects.create(
            meeting=meeting, seq=seq, kind=kind, at=at, by=chair, attendee=attendee
        )


@pytest.fixture
def bundle(world: World, recording: Recording, tmp_path: Path) -> Path:
    """A bundle of the recorded, minuted conference, exported by the team manager."""
    run_meeting(world)
    TimelineEntry.objects.create(
        case=world.case,
        meeting=world.meeting,
        kind=TimelineEntry.Kind.MINUTES,
        summary="Recording paused for item 3 (sensitive)",
        body="The chair paused the recording at 10:41.",
        for_minutes=True,
    )
    out = tmp_path / "bundle.zip"
    code = main(
        [
            "export",
            str(recording.pk),
            "--out",
            str(out),
            "--reason",
            "Directions of 3 March: disclose the conference audio",
            "--by",
            world.users["team_manager"].username,
        ]
    )
    assert code == 0
    return out


Mutation = Callable[[dict[str, bytes]], None]


def rewritten(source: Path, target: Path, mutate: Mutation) -> Path:
    """A copy of the bundle with its members changed by `mutate` (a valid zip: the change is
    in the content, not a broken CRC)."""
    with zipfile.ZipFile(source) as bundle:
        members = {name: bundle.read(name) for name in bundle.namelist()}
    mutate(members)
    with zipfile.ZipFile(target, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    return target


def flip(members: dict[str, bytes], name: str, at: int) -> None:
    data = bytearray(members[name])
    data[at] ^= 0x01
    members[name] = bytes(data)
