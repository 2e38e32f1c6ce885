"""Who may use meeting mode: the meeting's chair, and local-authority staff allocated to the
case. Family members and other agencies attending the meeting may see its page, not run it."""

from __future__ import annotations

from typing import Any

from onrecord.accounts.roles import CASE_STAFF_ROLES
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Meeting


def can_run_meeting(user: Any, meeting: Meeting) -> bool:
    if case_permissions.role_of(user) not in CASE_STAFF_ROLES:
        return False
    return meeting.chair_id == user.pk or case_permissions.can_view_case(user, meeting.case)
