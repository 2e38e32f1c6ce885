"""Who may read and change an authority's recording policy: its policy owners, and only for
the authorities they work for now (AuthorityMembership in force). No one else, not case staff,
not another council's policy owner, not an administrator: the wall is the same as for cases
(`cases/scoping.py`). A refusal is audited: a policy owner asking for another authority gets
the same 404 as for an authority that does not exist; anyone else signed in gets 403."""

from __future__ import annotations

import uuid
from typing import Any

from onrecord.accounts.roles import Role
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Authority
from onrecord.policy_versions.models import PolicyVersion


def is_policy_owner(user: Any) -> bool:
    return case_permissions.role_of(user) == Role.POLICY_OWNER


def owned_authorities(user: Any) -> list[Authority]:
    """The authorities whose policy this user owns (none unless a policy owner)."""
    if not is_policy_owner(user):
        return []
    return list(scoping.authorities_of(user).order_by("name"))


def authority_for(user: Any, slug: str) -> Authority:
    if not is_policy_owner(user):
        raise ForbiddenAudited("cases.authority", slug, "", "the recording policy is for its owner")
    found = scoping.authorities_of(user).filter(slug=slug).first()
    if found is None:
        raise NotFoundAudited(
            "cases.authority", slug, "", "not an authority this policy owner works for"
        )
    return found


def version_for(user: Any, authority: Authority, version_id: uuid.UUID | str) -> PolicyVersion:
    found = (
        PolicyVersion.objects.filter(authority=authority, pk=version_id)
        .select_related("authority", "created_by", "approved_by", "based_on")
        .first()
    )
    if found is None:
        raise NotFoundAudited(
            "policy_versions.policyversion", str(version_id), "", "not a version of this policy"
        )
    return found
