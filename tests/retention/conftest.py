"""Fixtures for retention: the demo conference, moved three years into the past, recorded
through the real vault (real AES-GCM, real files under the test data directory), under a
schedule where a child protection recording is kept one year after the meeting; and a records
manager (legal role, with the disposal and legal-hold permissions)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.audit.context import Actor, acting_as
from onrecord.cases.models import AuthorityMembership, Meeting
from onrecord.retention import schedule as retention
from onrecord.retention.owner_warnings import send_retention_warnings
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from tests.support.personas import PASSWORD, World
from tests.vault import audio


def short_schedule(**overrides: object) -> dict[str, object]:
    """The defaults, but child protection recordings kept 1 year after the meeting and no
    looked-after rule on top (so the demo's recording is already due)."""
    data: dict[str, Any] = json.loads(json.dumps(retention.DEFAULT_SCHEDULE))
    data["record_types"]["child_protection"] = {
        "label": "Local authority recording of a child protection meeting",
        "years_after_meeting": 1,
        "source": "Test schedule",
    }
    data["looked_after_record_type"] = None
    data.update(overrides)
    return data


@pytest.fixture
def schedule_file(tmp_path: Path) -> Path:
    path = tmp_path / "retention.json"
    path.write_text(json.dumps(short_schedule()))
    return path


@pytest.fixture
def short_retention(schedule_file: Path) -> Iterator[Path]:
    with override_settings(ONRECORD_RETENTION_SCHEDULE=str(schedule_file)):
        yield schedule_file


def ingest_for(world: World, meeting: Meeting | None = None, seconds: float = 1.0) -> Recording:
    chair = world.users["chair"]
    with acting_as(Actor(chair.pk, chair.username, chair.role, "10.0.0.7")):
        return ingest(
            io.BytesIO(audio.wav(seconds)),
            meeting=meeting or world.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=chair,
            original_filename="conference.wav",
        )


@pytest.fixture
def old_recording(world: World, short_retention: Path) -> Recording:
    """The demo conference, held three years ago and recorded: due for disposal two years ago."""
    Meeting.objects.filter(pk=world.meeting.pk).update(
        scheduled_start=timezone.now() - dt.timedelta(days=3 * 365)
    )
    world.meeting.refresh_from_db()
    return ingest_for(world)


def warn(days_ago: int = 91) -> int:
    """Run the warning job as it ran `days_ago` days ago."""
    with acting_as(Actor(None, "worker test", "")):
        return send_retention_warnings(now=timezone.now() - dt.timedelta(days=days_ago))


@pytest.fixture
def warned_recording(old_recording: Recording) -> Recording:
    """Due, and its owner warned 91 days ago: the records manager may dispose of it."""
    assert warn() == 1
    return old_recording


@pytest.fixture
def records_manager(world: World) -> User:
    user = User(username="rita.records", role="legal", first_name="Rita", last_name="Records")
    user.set_password(PASSWORD)
    user.save()
    user.user_permissions.add(
        Permission.objects.get(codename="dispose_recording"),
        Permission.objects.get(codename="manage_legal_holds"),
    )
    # The records manager works for the demo authority (cases/scoping.py: the wall).
    AuthorityMembership.objects.create(user=user, authority=world.case.authority)
    world.users["records_manager"] = user
    return User.objects.get(pk=user.pk)  # fresh: permissions are cached per instance
