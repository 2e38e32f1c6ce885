"""What the meeting's own record holds that the policy engine's `circumstances` need (issue 14):
a covert recording of the meeting (who, and whether it was found during the meeting or
afterwards) and who would not stop recording. The meeting's log and the incident register sit
above this layer, so they gather these facts themselves (`meetings/record_facts.py`, handed to
this module at start-up by `meetings/apps.py`) and `case_scenario.build_scenario` takes them as
plain data: the scenario builder never reads the meeting's events or incidents.

A service or view that decides calls `build_scenario(request, gather(request.meeting))`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DURING_MEETING",
    "FOUND_AFTERWARDS",
    "CovertRecording",
    "RecordFacts",
    "gather",
    "use_gatherer",
]

DURING_MEETING = "during_meeting"
FOUND_AFTERWARDS = "afterwards"


@dataclass(frozen=True, slots=True)
class CovertRecording:
    """The first covert recording of the meeting the record holds: `found` is DURING_MEETING
    or FOUND_AFTERWARDS; `by` the recorder's person id, where the record names an attendee."""

    found: str
    by: str | None = None


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """Plain facts from the meeting's record; the default holds none of them."""

    covert_recording: CovertRecording | None = None
    will_not_stop_ids: tuple[str, ...] = ()

    def circumstances(self) -> dict[str, Any]:
        """The scenario's `circumstances`, with only what the record holds (a fact it does not
        hold is left out, so the documented default applies)."""
        covert = self.covert_recording
        return {
            **(
                {
                    "covert_recording": {
                        **({"by": covert.by} if covert.by is not None else {}),
                        "found": covert.found,
                    }
                }
                if covert is not None
                else {}
            ),
            **(
                {"will_not_stop_ids": sorted(self.will_not_stop_ids)}
                if self.will_not_stop_ids
                else {}
            ),
        }


# A meeting (cases.models.Meeting) → its facts. Pure: no Django here, so the meeting is Any.
Gatherer = Callable[[Any], RecordFacts]
_gatherer: Gatherer | None = None


def use_gatherer(gatherer: Gatherer) -> None:
    """Called once at start-up by the meetings app, which owns the log it reads."""
    global _gatherer
    _gatherer = gatherer


def gather(meeting: Any) -> RecordFacts:
    """The meeting's facts, from the gatherer the meetings app handed over. Without one the
    engine would silently miss them, so this refuses instead."""
    if _gatherer is None:  # pragma: no cover - the meetings app is always installed
        raise RuntimeError("No gatherer of the meeting's record facts: is the meetings app ready?")
    return _gatherer(meeting)
