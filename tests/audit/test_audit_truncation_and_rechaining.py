"""Deleting the newest audit entries, or rewriting one and recomputing every later hash, leaves
a chain that verifies on its own; the signed checkpoints kept outside the database catch both,
and `verify-audit` names which and exits 1 (issue 16, failure 2), on SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from onrecord.audit import checkpoints, services
from onrecord.audit.models import AuditEvent
from tests.audit.tamper import delete_newest, rechain_from
from tests.support.processes import env_for_test_database, run_child

Capture = Callable[..., Any]


def _append(n: int) -> list[AuditEvent]:
    return [
        services.record("view", object_type="cases.case", object_id=f"c{i}", detail={"i": i})
        for i in range(n)
    ]


def _checkpoint(capture: Capture) -> None:
    with capture(execute=True):
        assert services.write_checkpoint() is not None


def test_deleting_the_newest_entries_is_named_as_truncation(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    _append(6)
    _checkpoint(django_capture_on_commit_callbacks)
    total = AuditEvent.objects.count()
    deleted = delete_newest(2)
    report = services.verify()
    assert report.chain.ok  # the chain alone cannot tell
    assert not report.ok
    assert len(report.problems) == 1
    assert report.problems[0].startswith("TRUNCATED: checkpoint ")
    assert f"entries {deleted[0]} to {total} were deleted" in report.problems[0]
    assert "TRUNCATED" in report.describe()


def test_rewriting_an_entry_and_recomputing_the_chain_is_named(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    events = _append(6)
    _checkpoint(django_capture_on_commit_callbacks)
    rechain_from(events[2].seq, detail={"i": 999})
    report = services.verify()
    assert report.chain.ok
    assert not report.ok
    assert report.problems[0].startswith("REWRITTEN: the first ")
    assert "the later hashes recomputed" in report.problems[0]


def test_rechaining_the_whole_table_is_named(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    _append(3)
    _checkpoint(django_capture_on_commit_callbacks)
    rechain_from(1, actor_username="nobody")
    report = services.verify()
    assert report.chain.ok
    assert [p.split(":")[0] for p in report.problems] == ["REWRITTEN"]
    assert "an entry from 1 to" in report.problems[0]


def test_an_earlier_checkpoint_narrows_where_the_rewrite_is(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    _append(3)
    _checkpoint(django_capture_on_commit_callbacks)
    first = AuditEvent.objects.count()
    late = _append(3)
    _checkpoint(django_capture_on_commit_callbacks)
    rechain_from(late[1].seq, action="forged")
    report = services.verify()
    assert f"an entry from {first + 1} to {first + 3}" in report.problems[0]


def test_a_new_checkpoint_is_refused_once_the_trail_was_cut_short(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    _append(4)
    _checkpoint(django_capture_on_commit_callbacks)
    delete_newest(1)
    with pytest.raises(checkpoints.CheckpointRefused, match="TRUNCATED"):
        services.write_checkpoint()


# Transactional: the command runs in a child process, which sees only what was committed.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tamper", ["delete the newest", "rechain the whole table"])
def test_verify_audit_exits_1_and_says_which(tamper: str) -> None:
    _append(5)
    assert services.write_checkpoint() is not None  # autocommit: stored at once
    env = env_for_test_database()
    ok = run_child([sys.executable, "-m", "onrecord", "verify-audit"], env=env)
    assert ok.returncode == 0, ok.stderr
    assert "matches its 1 signed checkpoint(s)" in ok.stdout
    if tamper == "delete the newest":
        delete_newest(1)
        named = "TRUNCATED"
    else:
        rechain_from(1, object_id="forged")
        named = "REWRITTEN"
    broken = run_child([sys.executable, "-m", "onrecord", "verify-audit"], env=env)
    assert broken.returncode == 1, broken.stdout
    assert named in broken.stderr
    assert "Traceback" not in broken.stderr
