"""Which version of its recording policy decides for an authority on a given day: the one
every new decision, the chair's screen and the incident register ask for.

The latest version in force on that day, among the profile files shipped with OnRecord (or
named by ONRECORD_POLICY_DIRS) under the authority's `policy_profile` and the versions its
policy owner has approved. On a tie the owner's approved version wins. The rows that record a
shipped file (`Source.SHIPPED`) never decide: the file does, so a file corrected in a release
is used as before. An authority whose owner has approved nothing is decided exactly as before,
from the files. Stored decisions are never re-decided: each keeps the version and
fingerprint it was made under (`Decision.policy_decision["policy"]`).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from onrecord import policy
from onrecord.cases.models import Authority
from onrecord.policy.profiles import load_text
from onrecord.policy_versions.models import PolicyVersion


@lru_cache(maxsize=64)
def _parsed(text: str, where: str) -> policy.Profile:
    return load_text(text.encode("utf-8"), Path(where))


def parsed(version: PolicyVersion) -> policy.Profile:
    """The version's profile, parsed once per text."""
    return _parsed(version.text, str(version.where()))


def approved_in_force(authority: Authority, on: dt.date) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(
            authority=authority,
            profile_name=authority.policy_profile,
            status=PolicyVersion.Status.APPROVED,
            effective_from__lte=on,
        )
        .exclude(source=PolicyVersion.Source.SHIPPED)
        .select_related("authority")
        .order_by("-effective_from", "-number")
        .first()
    )


def profile_for(authority: Authority, on: dt.date) -> policy.Profile:
    """The profile that decides for `authority` on `on`. Raises policy.ProfileError when none
    is in force (an unknown profile name, or a day before the first version)."""
    approved = approved_in_force(authority, on)
    try:
        shipped: policy.Profile | None = policy.load_profile(authority.policy_profile, on=on)
    except policy.ProfileError:
        if approved is None:
            raise
        shipped = None
    if (
        approved is not None
        and approved.effective_from is not None
        and (shipped is None or approved.effective_from >= shipped.effective_from)
    ):
        return parsed(approved)
    assert shipped is not None
    return shipped
