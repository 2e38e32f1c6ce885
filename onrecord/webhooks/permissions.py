"""Who may manage an authority's webhook subscribers: an administrator of that authority only.

A subscriber's address receives events about that authority's children, and its secret signs
them: an administrator of another authority, staff of the same authority, and anyone else may
neither see nor change it. "Of that authority" is a membership in force (cases/scoping.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onrecord.accounts.roles import Role
from onrecord.cases.models import Authority
from onrecord.cases.scoping import authorities_of


def manageable_authorities(user: Any) -> QuerySet[Authority]:
    """The authorities whose subscribers this user may manage (none unless an administrator)."""
    if getattr(user, "role", None) != Role.ADMIN:
        return Authority.objects.none()
    return authorities_of(user)


def may_manage(user: Any, authority_id: Any) -> bool:
    return manageable_authorities(user).filter(pk=authority_id).exists()
