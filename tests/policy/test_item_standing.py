"""Each agenda item's standing from a decision (onrecord.policy.item_standing): the one answer
the decision page, meeting mode and the minutes give, from real decisions under the profiles."""

from __future__ import annotations

from onrecord.policy import decide, load_profile, parse_scenario
from onrecord.policy.item_standing import (
    NOT_BY_REQUESTER,
    NOT_RECORDED,
    PAUSE,
    RECORD,
    UNDECIDED,
    item_standings,
)
from tests.policy.builders import LEO_MEDICAL, OPENING, scenario


def _standings(profile: str, outcome: str | None = None) -> dict[str, str]:
    data = scenario(agenda=(OPENING, LEO_MEDICAL))
    decision = decide(load_profile(profile), parse_scenario(data)).to_dict()
    return {s.title: s.standing for s in item_standings(decision, outcome)}


def test_leeds_pauses_the_sensitive_item_hackney_does_not() -> None:
    leeds = _standings("leeds", "allowed")
    hackney = _standings("hackney")
    sensitive = [t for t in leeds if leeds[t] == PAUSE]
    assert sensitive == ["Leo: health visitor report"], leeds
    assert hackney["Leo: health visitor report"] in {RECORD, NOT_RECORDED}
    assert leeds["Introductions"] == RECORD


def test_an_unknown_status_is_never_taken_as_recordable() -> None:
    decision = {
        "outcome": "allowed",
        "requester": "Dana",
        "items": [
            {"id": "1", "title": "A", "status": "partial", "reasons": []},
            {"id": "2", "title": "B", "status": "excluded", "reasons": []},
            {"id": "3", "title": "C", "status": "may_record", "reasons": []},
        ],
    }
    got = {s.title: (s.standing, s.words) for s in item_standings(decision)}
    assert got == {
        "A": (UNDECIDED, "Decision-maker decides"),
        "B": (NOT_BY_REQUESTER, "Not by Dana"),
        "C": (RECORD, "May be recorded"),
    }
    refused = item_standings({**decision, "outcome": "refused"})
    assert [s.standing for s in refused] == [NOT_RECORDED, NOT_BY_REQUESTER, NOT_RECORDED]
