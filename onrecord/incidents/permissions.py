from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onrecord.accounts.roles import Role
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Case
from onrecord.incidents.models import Incident

# Staff allocated to the case record and follow up incidents; closing one is for the chair, a
# manager or legal, who can judge that the follow-up is complete.
ACT_ROLES = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.LEGAL})
CLOSE_ROLES = frozenset({Role.CHAIR, Role.TEAM_MANAGER, Role.LEGAL})


def visible_incidents(user: Any) -> QuerySet[Incident]:
    return Incident.objects.filter(case__in=case_permissions.visible_cases(user))


def can_act(user: Any, case: Case) -> bool:
    return case_permissions.role_of(user) in ACT_ROLES and case_permissions.can_view_case(
        user, case
    )


def can_close(user: Any, case: Case) -> bool:
    return case_permissions.role_of(user) in CLOSE_ROLES and case_permissions.can_view_case(
        user, case
    )
