"""What-if replay for the policy owner (issue 14): re-decide every stored decision of one
authority under a draft profile, and list those whose outcome, items or reasons would change.

A stored decision keeps the engine's output (`Decision.policy_decision`), not its input, so the
scenario is rebuilt from the case record as it stands now (`case_scenario.build_scenario`): a
case changed since its decision is replayed as it is today. Nothing is written but one audit
event per decision read (`policy.replay_read`), so the owner's look at case data is on record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from onrecord import policy
from onrecord.audit import services as audit
from onrecord.recording_requests.case_scenario import build_scenario
from onrecord.recording_requests.models import Decision
from onrecord.recording_requests.record_facts import gather


@dataclass(frozen=True, slots=True)
class Replayed:
    """One stored decision that the draft would decide differently (or could not decide)."""

    decision_id: str
    case_reference: str
    meeting: str
    decided_at: dt.datetime
    changes: tuple[str, ...]


def _codes(engine: Mapping[str, Any], key: str) -> set[str]:
    return {r.get("code", "") for r in engine.get(key, ()) if isinstance(r, Mapping)}


def _items(engine: Mapping[str, Any]) -> dict[str, tuple[Any, Any, frozenset[str]]]:
    out = {}
    for item in engine.get("items", ()):
        if isinstance(item, Mapping):
            codes = frozenset(r.get("code", "") for r in item.get("reasons", ()))
            out[str(item.get("id"))] = (item.get("status"), item.get("recordable"), codes)
    return out


def compare(stored: Mapping[str, Any], fresh: Mapping[str, Any]) -> list[str]:
    """What differs between a stored engine decision and a fresh one, in plain English."""
    lines: list[str] = []
    if stored.get("outcome") != fresh.get("outcome"):
        lines.append(f"Outcome: now {fresh.get('outcome')} (was {stored.get('outcome')})")
    for key, label in (
        ("reasons", "Reasons"),
        ("conditions", "Conditions"),
        ("actions", "Actions"),
    ):
        was, now = _codes(stored, key), _codes(fresh, key)
        if now - was:
            lines.append(f"{label} added: {', '.join(sorted(now - was))}")
        if was - now:
            lines.append(f"{label} no longer given: {', '.join(sorted(was - now))}")
    was_items, now_items = _items(stored), _items(fresh)
    for item_id in sorted(was_items.keys() | now_items.keys()):
        before, after = was_items.get(item_id), now_items.get(item_id)
        if before is None or after is None:
            lines.append(f"Agenda item {item_id}: {'new' if before is None else 'gone'}")
        elif before != after:
            lines.append(
                f"Agenda item {item_id}: now {after[0]}, recordable {after[1]}, reasons "
                f"{', '.join(sorted(after[2])) or 'none'} (was {before[0]}, recordable "
                f"{before[1]}, reasons {', '.join(sorted(before[2])) or 'none'})"
            )
    return lines


def replay(authority_slug: str, draft: policy.Profile) -> tuple[int, list[Replayed]]:
    """(how many decisions were replayed, those that would change) for one authority."""
    decisions = list(
        Decision.objects.filter(request__meeting__case__authority__slug=authority_slug)
        .select_related("request__meeting__case")
        .order_by("decided_at", "pk")
    )
    changed: list[Replayed] = []
    for d in decisions:
        meeting = d.request.meeting
        audit.record(
            "policy.replay_read",
            d,
            detail={"draft": f"{draft.name} {draft.version}", "fingerprint": draft.fingerprint},
        )
        try:
            scenario = policy.parse_scenario(build_scenario(d.request, gather(d.request.meeting)))
        except policy.ScenarioError as exc:
            lines = [f"Cannot be replayed: the case record does not make a scenario ({exc})"]
        else:
            lines = compare(d.policy_decision, policy.decide(draft, scenario).to_dict())
        if lines:
            changed.append(
                Replayed(
                    str(d.pk), meeting.case.reference, str(meeting), d.decided_at, tuple(lines)
                )
            )
    return len(decisions), changed
