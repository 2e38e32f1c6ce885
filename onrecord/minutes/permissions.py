"""Who may do what with a meeting's minutes.

- Read (page, print, Word download): local-authority staff allocated to the case, and the
  meeting's chair. Family members and other agencies do not see the draft here: what they
  receive of approved minutes is for the case's own sharing decision (and PR limits what a
  parent may see of each item, Hackney 3), not yet built.
- Draft and edit: the chair, social workers and team managers allocated to the case, and the
  meeting's chair (legal staff read only).
- Approve: the meeting's chair only (Brent: the typed record is the chair's).
"""

from __future__ import annotations

from typing import Any

from onrecord.accounts.roles import CASE_STAFF_ROLES
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Meeting


def _is_meeting_chair(user: Any, meeting: Meeting) -> bool:
    role = case_permissions.role_of(user)
    return role is not None and meeting.chair_id is not None and meeting.chair_id == user.pk


def can_read(user: Any, meeting: Meeting) -> bool:
    if case_permissions.role_of(user) not in CASE_STAFF_ROLES:
        return False
    return _is_meeting_chair(user, meeting) or case_permissions.can_view_case(user, meeting.case)


def can_edit(user: Any, meeting: Meeting) -> bool:
    if _is_meeting_chair(user, meeting):
        return True
    return case_permissions.can_write_case_notes(user, meeting.case)


def can_approve(user: Any, meeting: Meeting) -> bool:
    return _is_meeting_chair(user, meeting) and (case_permissions.role_of(user) in CASE_STAFF_ROLES)
