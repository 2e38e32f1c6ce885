"""The record owner (the case's allocated social worker and team manager) is emailed before
anything is disposed of, once per recording; disposal waits for the warning period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import CaseAllocation
from onrecord.jobs import queue
from onrecord.jobs.worker import PERIODIC, queue_periodic
from onrecord.retention.disposal import DisposalRefused, dispose
from onrecord.vault.models import Recording, RetentionWarning
from tests.retention.conftest import warn
from tests.support.personas import World


def test_the_owner_is_warned_once(
    world: World, old_recording: Recording, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert warn(days_ago=0) == 1
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == ["grace.owusu@eastmere.example", "tom.bennett@eastmere.example"]
    message = mail.outbox[0]
    assert "CF-2026-0147" in message.subject
    assert "Due for disposal on" in message.body
    assert "legal hold" in message.body
    assert AuditEvent.objects.filter(action="vault.retention_warning").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert warn(days_ago=0) == 0
        assert warn(days_ago=0) == 0
    assert len(mail.outbox) == 2
    assert RetentionWarning.objects.filter(recording=old_recording).count() == 1


def test_disposal_waits_for_the_warning_period(
    old_recording: Recording, records_manager: Any
) -> None:
    with pytest.raises(DisposalRefused, match="has not been warned yet"):
        dispose(old_recording, by=records_manager)
    warn(days_ago=30)
    with pytest.raises(DisposalRefused, match=r"warned on .* may be disposed of from"):
        dispose(old_recording, by=records_manager)
    # Ninety days after that warning, it may go.
    later = timezone.localdate() + dt.timedelta(days=61)
    assert dispose(old_recording, by=records_manager, today=later).number


def test_a_case_with_nobody_to_warn_is_never_warned_nor_disposed_of(
    world: World, old_recording: Recording, records_manager: Any
) -> None:
    CaseAllocation.objects.filter(case=world.case).update(ended_on=dt.date.today())
    assert warn() == 0
    with pytest.raises(DisposalRefused, match="has not been warned yet"):
        dispose(old_recording, by=records_manager)


def test_recordings_not_yet_within_the_warning_period_are_not_warned(world: World) -> None:
    from tests.retention.conftest import ingest_for

    ingest_for(world)  # today's conference: due in many years under the default schedule
    assert warn(days_ago=0) == 0


def test_the_daily_job_warns(
    world: World, old_recording: Recording, django_capture_on_commit_callbacks: Any
) -> None:
    assert PERIODIC["retention_warnings"] == "%Y-%m-%d"
    queue_periodic()
    with django_capture_on_commit_callbacks(execute=True):
        while (job := queue.run_one("test", kinds=["retention_warnings"])) is not None:
            assert job.error == ""
    assert RetentionWarning.objects.filter(recording=old_recording).count() == 1
    assert len(mail.outbox) == 2
