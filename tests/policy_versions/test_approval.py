"""Approving a draft (issue 14): only a draft, only from today or later, never on a day another
version already takes effect; audited in the same transaction; an approved version is never
changed or deleted; the version in force is the latest approved one whose day has come."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from onrecord import policy
from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Authority
from onrecord.policy_versions import active, services
from onrecord.policy_versions.models import ApprovedVersionError, PolicyVersion
from tests.support.personas import World


def _draft(world: World, label: str = "2099-01") -> PolicyVersion:
    return services.draft_from_active(world.case.authority, world.users["policy_owner"], label)


def test_without_approved_versions_the_shipped_file_decides(world: World) -> None:
    authority = world.case.authority
    assert active.profile_for(authority, timezone.localdate()) == policy.load_profile("hackney")
    _draft(world)  # a draft changes nothing
    assert active.profile_for(authority, timezone.localdate()).version == "2023-01"


def test_an_approved_version_decides_from_its_day_and_not_before(world: World) -> None:
    authority = world.case.authority
    today = timezone.localdate()
    later = today + dt.timedelta(days=10)
    approved = services.approve(_draft(world), world.users["policy_owner"], later)
    assert approved.effective_from == later
    assert f'effective_from: "{later.isoformat()}"' in approved.text
    assert active.profile_for(authority, today).version == "2023-01"
    assert active.profile_for(authority, later).version == "2099-01"
    assert active.profile_for(authority, later).fingerprint == approved.fingerprint
    # Another authority on the same profile is not affected.
    other = Authority.objects.create(name="Northam", slug="northam", policy_profile="hackney")
    assert active.profile_for(other, later).version == "2023-01"


def test_approval_is_audited_in_its_transaction(world: World) -> None:
    draft = _draft(world)
    today = timezone.localdate()

    def approve_then_fail() -> None:
        with transaction.atomic():
            services.approve(draft, world.users["policy_owner"], today)
            assert AuditEvent.objects.filter(action="policy.approved", object_id=str(draft.pk))
            raise RuntimeError("the transaction fails after the approval")

    with pytest.raises(RuntimeError):
        approve_then_fail()
    assert PolicyVersion.objects.get(pk=draft.pk).is_draft
    assert not AuditEvent.objects.filter(action="policy.approved", object_id=str(draft.pk))
    services.approve(draft, world.users["policy_owner"], today)
    event = AuditEvent.objects.get(action="policy.approved", object_id=str(draft.pk))
    assert event.detail["version"] == "2099-01"
    assert event.detail["authority"] == world.case.authority.slug


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "today or later"), (None, "already takes effect")],
)
def test_a_day_in_the_past_or_already_taken_is_refused(
    world: World, days: int | None, message: str
) -> None:
    owner = world.users["policy_owner"]
    today = timezone.localdate()
    if days is None:
        services.approve(_draft(world, "2099-01"), owner, today + dt.timedelta(days=5))
        when = today + dt.timedelta(days=5)
    else:
        when = today + dt.timedelta(days=days)
    draft = _draft(world, "2099-02")
    with pytest.raises(services.PolicyVersionError, match=message):
        services.approve(draft, owner, when)
    assert PolicyVersion.objects.get(pk=draft.pk).is_draft


def test_an_approved_version_is_never_changed_or_deleted(world: World) -> None:
    owner = world.users["policy_owner"]
    approved = services.approve(_draft(world), owner, timezone.localdate())
    with pytest.raises(services.PolicyVersionError, match="already approved"):
        services.approve(approved, owner, timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(services.PolicyVersionError, match="cannot be changed"):
        services.edit_draft(approved, owner, approved.text)
    approved.text = "changed"
    with pytest.raises(ApprovedVersionError):
        approved.save()
    with pytest.raises(ApprovedVersionError):
        PolicyVersion.objects.get(pk=approved.pk).delete()
    assert PolicyVersion.objects.get(pk=approved.pk).text != "changed"


def test_a_shipped_file_corrected_under_its_label_still_decides(world: World) -> None:
    """The rows recording shipped files never decide: the file does. A file corrected in a
    release under the same label is recorded again, and is the version in force."""
    authority = world.case.authority
    file_profile = policy.load_profile("hackney")
    PolicyVersion.objects.create(
        authority=authority,
        number=1,
        profile_name="hackney",
        label=file_profile.version,
        text="an earlier text of the same label",
        fingerprint="sha256:earlier",
        source=PolicyVersion.Source.SHIPPED,
        status=PolicyVersion.Status.APPROVED,
        effective_from=file_profile.effective_from,
    )
    assert active.profile_for(authority, timezone.localdate()) == file_profile
    services.record_shipped(authority)
    current = services.in_force(authority, timezone.localdate())
    assert (current.number, current.fingerprint) == (2, file_profile.fingerprint)
