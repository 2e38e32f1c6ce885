"""A recording whose children's dates of birth are not on the case is never due by itself: the
records manager's page lists it for a person to decide, and disposal is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from onrecord.cases.models import Case, CaseAllocation, Meeting
from onrecord.retention.disposal import DisposalRefused, dispose
from tests.retention.conftest import ingest_for, warn
from tests.support.personas import World


def test_no_child_on_the_case_is_flagged_not_due(world: World, records_manager: Any) -> None:
    case = Case.objects.create(
        authority=world.case.authority, reference="CF-PRE-1", family_name="Pre-birth"
    )
    CaseAllocation.objects.create(case=case, user=world.users["social_worker"])
    meeting = Meeting.objects.create(
        case=case,
        kind=Meeting.Kind.CHILD_PROTECTION_CONFERENCE,
        mode=Meeting.Mode.ONLINE,
        scheduled_start=timezone.now() - dt.timedelta(days=40 * 365),
    )
    recording = ingest_for(world, meeting)
    assert warn() == 0

    page = world.client_for("records_manager").get(reverse("retention_due"))
    text = page.content.decode()
    assert "Recordings a person must decide about" in text
    assert "CF-PRE-1" in text
    assert "no child is recorded on the case" in text
    with pytest.raises(DisposalRefused, match="It has no due date: no child is recorded"):
        dispose(recording, by=records_manager)
