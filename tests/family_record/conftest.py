"""The demo conference held and its notes approved, for the family's own record: the chair's
log (tests/minutes/conftest.py: items 1 introductions, 2 and 3 about Jade, 4 about Leo, 5 about
both; the recorder paused for item 3), the council's recording with a finished transcript, the
minutes drafted from it through the real adapter and approved by the chair. The mother and
Jade's father were there; Leo's father was invited and did not come."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord.cases.models import Attendee
from onrecord.minutes import services as minutes
from onrecord.minutes.models import MinutesVersion
from onrecord.transcripts.models import Transcript, TranscriptVersion
from tests.minutes.conftest import at, run_meeting
from tests.support.personas import World
from tests.support.recordings import store_conference_recording

# Seconds into the recording (from 10:01; the pause 10:40 to 10:50 is skipped) and what was
# said: before item 1, in items 1, 2, 4 and 5, and after the meeting ended (11:10).
SAID = [
    (0, 30, "Hello everyone and welcome"),  # 10:01:30, before the first item
    (0, 120, "We start with who is here"),  # 10:03, item 1
    (1, 1200, "Jade is happy at her new school"),  # 10:21, item 2 (Jade)
    (2, 2460, "Leo has a new teacher he likes"),  # 10:53, item 4 (Leo)
    (0, 3000, "The plan for both children is agreed"),  # 11:01, item 5 (Jade and Leo)
    (1, 3600, "Thank you all goodbye"),  # 11:11, after the last item
]
ABOUT_JADE = "Jade is happy at her new school"
ABOUT_LEO = "Leo has a new teacher he likes"
ABOUT_BOTH = "The plan for both children is agreed"


def _words() -> list[dict[str, Any]]:
    out = []
    for speaker, start, text in SAID:
        for n, token in enumerate(text.split()):
            begin = start + n * 0.5
            out.append(
                {
                    "start": begin,
                    "end": begin + 0.4,
                    "text": f" {token}",
                    "probability": 0.95,
                    "speaker": speaker,
                }
            )
    return out


def hold_the_meeting(world: World) -> None:
    """The meeting held: the chair's log, who was there, the council's transcript."""
    run_meeting(world)
    Attendee.objects.filter(meeting=world.meeting, role__in=["Mother", "Jade's father"]).update(
        attended_from=at(0)
    )
    recording = store_conference_recording(world, seconds=1.0)
    transcript = Transcript.objects.create(
        recording=recording,
        status=Transcript.Status.DONE,
        model="base",
        speakers=3,
        gaps=[{"start": 1300.0, "end": 1310.0}],  # 10:22:40, in item 2: heard, not written
    )
    TranscriptVersion.objects.create(
        transcript=transcript,
        number=1,
        source=TranscriptVersion.Source.MACHINE,
        words=_words(),
        summary="Speech-to-text",
    )


def approve_the_minutes(world: World) -> MinutesVersion:
    version = minutes.generate(world.meeting, by=world.users["social_worker"])
    return minutes.approve(world.meeting, by=world.users["chair"], based_on=version.version)


@pytest.fixture
def held(world: World) -> World:
    hold_the_meeting(world)
    return world


@pytest.fixture
def approved(held: World) -> MinutesVersion:
    return approve_the_minutes(held)
