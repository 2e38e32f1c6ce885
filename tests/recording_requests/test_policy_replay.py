"""`onrecord replay-policy DRAFT --authority SLUG`: every stored decision of the authority
re-decided under a draft profile; the ones whose outcome, items or reasons would change are
listed (exit 1), none (exit 0), a bad draft or unknown authority (exit 2). Each decision read
is audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from onrecord.audit.models import AuditEvent
from onrecord.commands import main
from onrecord.policy.profiles import BUILTIN_DIR, load_file
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.models import Decision
from onrecord.recording_requests.policy_replay import compare, replay
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import World

HACKNEY = BUILTIN_DIR / "hackney" / "2023-01.yaml"


def draft(tmp_path: Path, drop: str = "") -> Path:
    """Hackney's profile as a draft next version, without rule `drop`."""
    data: dict[str, Any] = yaml.safe_load(HACKNEY.read_text(encoding="utf-8"))
    data["version"] = "2099-01"
    data["effective_from"] = "2099-01-01"
    data["rules"] = [r for r in data["rules"] if r["code"] != drop]
    path = tmp_path / "hackney" / "2099-01.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def decided(world: World, django_capture_on_commit_callbacks: Any) -> Decision:
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    engine = policy_decision(made)
    return record_decision(
        made,
        world.users["chair"],
        outcome="refused" if engine["outcome"] == "refused" else "allowed",
        reason="As the policy says.",
        engine=engine,
    )


def test_the_same_rules_change_nothing(decided: Decision, tmp_path: Path) -> None:
    slug = decided.request.meeting.case.authority.slug
    total, changed = replay(slug, load_file(draft(tmp_path)))
    assert (total, changed) == (1, [])
    assert AuditEvent.objects.filter(action="policy.replay_read", object_id=str(decided.pk))


def test_a_rule_dropped_from_the_draft_is_listed(
    decided: Decision, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = decided.policy_decision
    fired = [r["code"] for key in ("reasons", "actions", "conditions") for r in stored[key]]
    request_codes = {r["code"] for r in yaml.safe_load(HACKNEY.read_text())["rules"]}
    code = next(c for c in fired if c in request_codes)
    slug = decided.request.meeting.case.authority.slug
    total, changed = replay(slug, load_file(draft(tmp_path, drop=code)))
    assert total == 1
    [one] = changed
    assert one.decision_id == str(decided.pk)
    assert any(line.endswith(f"no longer given: {code}") for line in one.changes)

    exit_code = main(["replay-policy", str(draft(tmp_path, drop=code)), "--authority", slug])
    out = capsys.readouterr().out
    assert exit_code == 1
    assert f"1 decision of {slug} replayed under hackney 2099-01: 1 would change" in out
    assert code in out


def test_no_change_exits_0_and_bad_input_exits_2(
    decided: Decision, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = decided.request.meeting.case.authority.slug
    assert main(["replay-policy", str(draft(tmp_path)), "--authority", slug]) == 0
    assert "0 would change" in capsys.readouterr().out
    assert main(["replay-policy", str(draft(tmp_path)), "--authority", "nowhere"]) == 2
    assert "no authority 'nowhere'" in capsys.readouterr().err
    assert main(["replay-policy", str(tmp_path / "x" / "1.yaml"), "--authority", slug]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_compare_names_outcome_and_item_changes() -> None:
    item = {"id": "i1", "status": "recordable", "recordable": True, "reasons": []}
    stored = {"outcome": "allowed", "reasons": [], "items": [item]}
    paused = {**item, "status": "paused", "recordable": False, "reasons": [{"code": "X-PAUSE"}]}
    fresh = {"outcome": "for_decision_maker", "reasons": [{"code": "X-REFER"}], "items": [paused]}
    assert compare(stored, fresh) == [
        "Outcome: now for_decision_maker (was allowed)",
        "Reasons added: X-REFER",
        "Agenda item i1: now paused, recordable False, reasons X-PAUSE "
        "(was recordable, recordable True, reasons none)",
    ]
    assert compare(stored, stored) == []
