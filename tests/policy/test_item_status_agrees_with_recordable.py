"""An agenda item's status and `recordable` never contradict each other (issue 14: items used
to say `may_record` with `recordable: false`), under any profile, for arbitrary scenarios,
divided items and the new media included."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from onrecord.policy.decision import ITEM_RECORDABLE, ItemDecision
from tests.policy.builders import AGENDA, JADE, MAYA, scenario
from tests.policy.test_properties import EXAMPLES, QUIET, decisions, scenarios

DIVIDED = {
    "id": "a-both",
    "title": "Jade and Maya",
    "child_ids": [JADE, MAYA],
    "parts": [
        {"id": "p-j", "title": "Jade", "child_ids": [JADE]},
        {"id": "p-m", "title": "Maya", "child_ids": [MAYA], "sensitive_kinds": ["health"]},
    ],
}


def _agrees(item: ItemDecision) -> None:
    assert ITEM_RECORDABLE[item.status] is item.recordable, item
    if item.parts:
        assert item.reasons == ()
        statuses = {p.status for p in item.parts}
        assert item.status == (statuses.pop() if len(statuses) == 1 else "in_part")
    for part in item.parts:
        assert part.parts == ()
        _agrees(part)


@EXAMPLES
@given(kw=scenarios(), divided=st.booleans(), medium=st.sampled_from(["audio", "photography"]))
@example(kw=QUIET, divided=True, medium="audio")
def test_status_and_recordable_agree(kw: dict[str, Any], divided: bool, medium: str) -> None:
    kw = {**kw, "medium": medium}
    if divided:
        kw["agenda"] = [*kw.get("agenda", AGENDA), DIVIDED]
    for decision in decisions(scenario(**kw)).values():
        for item in decision.items:
            _agrees(item)
