"""A version of the minutes is never edited or deleted; a change is a new version that names
the one it replaces, and a change based on an older version than the latest is refused."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from onrecord.cases.models import ImmutableRecordError
from onrecord.minutes import services
from onrecord.minutes.models import MinutesDraft, MinutesVersion
from tests.support.personas import World


def test_saving_a_version_again_is_refused(drafted: MinutesVersion) -> None:
    drafted.content = {"tampered": True}
    with pytest.raises(ImmutableRecordError):
        drafted.save()
    with pytest.raises(ImmutableRecordError):
        drafted.delete()
    with pytest.raises(ImmutableRecordError):
        drafted.minutes.delete()
    assert MinutesVersion.objects.get(pk=drafted.pk).content != {"tampered": True}


def test_an_edit_is_a_new_version_and_the_old_one_stays(
    drafted: MinutesVersion, ran: World
) -> None:
    edited = services.save_changes(
        ran.meeting,
        by=ran.users["social_worker"],
        changes={"notes": "Room changed at short notice."},
        based_on=1,
        note="Added a note",
    )
    assert (edited.version, edited.replaces_id, edited.source) == (2, drafted.pk, "edited")
    assert edited.content["notes"] == "Room changed at short notice."
    assert MinutesVersion.objects.get(pk=drafted.pk).content["notes"] == ""
    assert MinutesDraft.objects.count() == 1


def test_a_change_to_an_out_of_date_version_is_refused(drafted: MinutesVersion, ran: World) -> None:
    services.save_changes(ran.meeting, by=ran.users["chair"], changes={"notes": "a"}, based_on=1)
    with pytest.raises(services.MinutesRefused, match="after you opened version 1"):
        services.save_changes(
            ran.meeting, by=ran.users["social_worker"], changes={"notes": "b"}, based_on=1
        )
    assert MinutesVersion.objects.count() == 2


def test_saving_nothing_changed_adds_no_version(drafted: MinutesVersion, ran: World) -> None:
    with pytest.raises(services.MinutesRefused, match="Nothing was changed"):
        services.save_changes(ran.meeting, by=ran.users["chair"], changes={}, based_on=1)
    assert MinutesVersion.objects.count() == 1


@pytest.mark.postgres_only
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_an_update_or_delete_in_sql(drafted: MinutesVersion) -> None:
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        QuerySet(MinutesVersion).filter(pk=drafted.pk).update(approved=True)
    with pytest.raises(DatabaseError, match="never deleted"), transaction.atomic():
        QuerySet(MinutesVersion).filter(pk=drafted.pk).delete()
