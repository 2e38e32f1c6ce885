"""Writing an authority's policy versions (issue 14), one transaction each, audited in it: the
shipped profile recorded as version 1, a draft uploaded or derived from the version in force,
a draft edited, a draft approved with the date it takes effect from.

Every draft is checked as the profile files are (the JSON Schema and the fact vocabulary,
`policy.profiles`), and must be a version of the authority's own profile with a label of its
own: anything else is refused with a `PolicyVersionError` naming the field, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from onrecord import policy
from onrecord.audit import services as audit
from onrecord.cases.models import Authority
from onrecord.policy.profile_text import (
    checked_bytes,
    with_effective_from,
    with_reading_confirmed,
    with_version,
)
from onrecord.policy.profiles import load_text
from onrecord.policy_versions import active
from onrecord.policy_versions.models import PolicyVersion


class PolicyVersionError(ValueError):
    """A draft or an approval refused, in words for the policy owner; nothing was changed."""


def _lock(authority: Authority) -> Authority:
    """Serialise version numbers and approvals per authority."""
    return Authority.objects.select_for_update().get(pk=authority.pk)


def _next_number(authority: Authority) -> int:
    top = PolicyVersion.objects.filter(authority=authority).aggregate(top=Max("number"))["top"]
    return int(top or 0) + 1


def record_shipped(authority: Authority) -> None:
    """Record each shipped file version of the authority's profile not yet recorded (the first
    time: version 1, effective from the file's own date), by its fingerprint: a file corrected
    in a release under the same label is recorded again. Idempotent."""
    files = sorted(
        (p for p in policy.all_profiles() if p.name == authority.policy_profile),
        key=lambda p: p.effective_from,
    )
    known = set(
        PolicyVersion.objects.filter(
            authority=authority, source=PolicyVersion.Source.SHIPPED
        ).values_list("fingerprint", flat=True)
    )
    missing = [p for p in files if p.fingerprint not in known]
    if not missing:
        return
    with transaction.atomic():
        _lock(authority)
        for p in missing:
            if PolicyVersion.objects.filter(
                authority=authority, source=PolicyVersion.Source.SHIPPED, fingerprint=p.fingerprint
            ).exists():
                continue
            PolicyVersion.objects.create(
                authority=authority,
                number=_next_number(authority),
                profile_name=p.name,
                label=p.version,
                text=p.path.read_bytes().decode("utf-8"),
                fingerprint=p.fingerprint,
                source=PolicyVersion.Source.SHIPPED,
                status=PolicyVersion.Status.APPROVED,
                effective_from=p.effective_from,
            )


def check_draft(
    authority: Authority, raw: bytes, where: str, *, replacing: PolicyVersion | None = None
) -> policy.Profile:
    """The draft's profile, or PolicyVersionError saying what is wrong with it."""
    try:
        profile = load_text(checked_bytes(raw, where), Path(where))
    except policy.ProfileError as exc:
        raise PolicyVersionError(str(exc)) from None
    if profile.name != authority.policy_profile:
        raise PolicyVersionError(
            f"{where}: profile: this is a version of the {profile.name!r} policy; "
            f"{authority.name} uses {authority.policy_profile!r}"
        )
    taken = PolicyVersion.objects.filter(
        authority=authority, profile_name=profile.name, label=profile.version
    )
    if replacing is not None:
        taken = taken.exclude(pk=replacing.pk)
    if taken.exists():
        raise PolicyVersionError(
            f"{where}: version: {profile.version!r} is already a version of this policy; "
            "give the draft a version label of its own"
        )
    return profile


def _create_draft(
    authority: Authority,
    user: Any,
    text: str,
    profile: policy.Profile,
    source: str,
    based_on: PolicyVersion | None = None,
) -> PolicyVersion:
    _lock(authority)
    draft = PolicyVersion.objects.create(
        authority=authority,
        number=_next_number(authority),
        profile_name=profile.name,
        label=profile.version,
        text=text,
        fingerprint=profile.fingerprint,
        source=source,
        based_on=based_on,
        created_by=user,
    )
    audit.record(
        "policy.draft_added",
        draft,
        detail={"version": profile.version, "fingerprint": profile.fingerprint, "source": source},
    )
    return draft


@transaction.atomic
def upload_draft(authority: Authority, user: Any, raw: bytes, filename: str) -> PolicyVersion:
    _lock(authority)  # the label is checked and taken under the lock
    record_shipped(authority)  # the shipped profile is version 1, and its label is taken
    profile = check_draft(authority, raw, Path(filename).name or "the file")
    return _create_draft(
        authority, user, raw.decode("utf-8"), profile, PolicyVersion.Source.UPLOADED
    )


def in_force(authority: Authority, on: dt.date) -> PolicyVersion:
    """The recorded version that decides on `on` (after `record_shipped`)."""
    profile = active.profile_for(authority, on)
    found = (
        PolicyVersion.objects.filter(authority=authority, fingerprint=profile.fingerprint)
        .exclude(status=PolicyVersion.Status.DRAFT)
        .order_by("-number")
        .first()
    )
    if found is None:
        raise PolicyVersionError(
            f"The version in force ({profile.name} {profile.version}) is not recorded yet."
        )
    return found


@transaction.atomic
def draft_from_active(authority: Authority, user: Any, label: str) -> PolicyVersion:
    """A new draft: the version in force today, under a new version label."""
    _lock(authority)
    record_shipped(authority)
    base = in_force(authority, timezone.localdate())
    try:
        text = with_version(base.text, label)
    except policy.ProfileError as exc:
        raise PolicyVersionError(str(exc)) from None
    profile = check_draft(authority, text.encode("utf-8"), f"version {label.strip()}")
    return _create_draft(authority, user, text, profile, PolicyVersion.Source.EDITED, base)


@transaction.atomic
def edit_draft(version: PolicyVersion, user: Any, text: str) -> PolicyVersion:
    _lock(version.authority)  # the same order as approve: the authority, then the version
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise PolicyVersionError("This version is approved: it cannot be changed.")
    profile = check_draft(
        version.authority, text.encode("utf-8"), f"version {version.number}", replacing=version
    )
    version.text = text
    version.label = profile.version
    version.fingerprint = profile.fingerprint
    version.save()
    audit.record(
        "policy.draft_edited",
        version,
        detail={"version": profile.version, "fingerprint": profile.fingerprint},
    )
    return version


@transaction.atomic
def confirm_reading(version: PolicyVersion, user: Any, code: str) -> PolicyVersion:
    """In a draft, mark rule `code`'s interpretation confirmed by this policy owner today: the
    reading then shows as confirmed in every decision made under the version once approved."""
    _lock(version.authority)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise PolicyVersionError("This version is approved: it cannot be changed.")
    by = (user.get_full_name() or user.get_username()).strip()
    on = timezone.localdate()
    try:
        text = with_reading_confirmed(version.text, code, by, on)
    except policy.ProfileError as exc:
        raise PolicyVersionError(str(exc)) from None
    profile = check_draft(
        version.authority, text.encode("utf-8"), f"version {version.number}", replacing=version
    )
    confirmed = next((r.interpretation for r in profile.interpretations() if r.code == code), None)
    if confirmed is None or confirmed.status != "confirmed" or confirmed.confirmed_by != by:
        raise PolicyVersionError(
            f"{code}: the reading could not be confirmed on the page; edit the draft instead"
        )
    version.text = text
    version.fingerprint = profile.fingerprint
    version.save()
    audit.record(
        "policy.reading_confirmed",
        version,
        detail={"rule": code, "fingerprint": profile.fingerprint},
    )
    return version


@transaction.atomic
def approve(
    version: PolicyVersion, user: Any, effective_from: dt.date, *, today: dt.date | None = None
) -> PolicyVersion:
    """Make a draft a version that decides from `effective_from` (today or later). New
    decisions from that day use it; decisions already made keep the version they were made
    under."""
    today = today or timezone.localdate()
    authority = _lock(version.authority)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise PolicyVersionError("This version is already approved.")
    if version.profile_name != authority.policy_profile:
        raise PolicyVersionError(
            f"This draft is a version of the {version.profile_name!r} policy; "
            f"{authority.name} now uses {authority.policy_profile!r}."
        )
    if effective_from < today:
        raise PolicyVersionError(
            "The date it takes effect from must be today or later: decisions already made "
            "were made under the version then in force."
        )
    record_shipped(authority)
    same_day = PolicyVersion.objects.filter(
        authority=authority,
        profile_name=version.profile_name,
        status=PolicyVersion.Status.APPROVED,
        effective_from=effective_from,
    ).first()
    if same_day is not None:
        raise PolicyVersionError(
            f"{same_day} already takes effect on {effective_from:%-d %B %Y}: choose another day."
        )
    try:
        text = with_effective_from(version.text, effective_from)
    except policy.ProfileError as exc:
        raise PolicyVersionError(str(exc)) from None
    profile = check_draft(
        authority, text.encode("utf-8"), f"version {version.number}", replacing=version
    )
    version.text = text
    version.fingerprint = profile.fingerprint
    version.status = PolicyVersion.Status.APPROVED
    version.effective_from = effective_from
    version.approved_by = user
    version.approved_at = timezone.now()
    version.save()  # the draft becomes approved: the last change it will ever have
    audit.record(
        "policy.approved",
        version,
        detail={
            "authority": authority.slug,
            "version": profile.version,
            "fingerprint": profile.fingerprint,
            "effective_from": effective_from.isoformat(),
        },
    )
    return version
