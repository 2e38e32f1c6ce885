"""Who may do what with a meeting's minutes.

- Read (page, print, Word download): local-authority staff allocated to the case (the
  meeting's chair too, while allocated: an ended allocation ends access). Family members and
  other agencies do not see the draft here: a family member who was at the meeting reads their
  part of the approved minutes on their own pages (onrecord/family_record: PR limits what a
  parent may see of each item, Hackney 3).
- Draft and edit: the chair, social workers and team managers allocated to the case, the
  meeting's chair among them (legal staff read only).
- Approve: the meeting's chair only (Brent: the typed record is the chair's).
"""

from __future__ import annotations

from typing import Any

from onrecord.accounts.roles import CASE_STAFF_ROLES
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Meeting


def _is_meeting_chair(user: Any, meeting: Meeting) -> bool:
    """The meeting's chair while allocated to its case (cases/permissions.py: an ended
    allocation ends access everywhere)."""
    return case_permissions.is_meeting_chair(user, meeting)


def can_read(user: Any, meeting: Meeting) -> bool:
    if case_permissions.role_of(user) not in CASE_STAFF_ROLES:
        return False
    return case_permissions.can_view_case(user, meeting.case)


def can_edit(user: Any, meeting: Meeting) -> bool:
    if _is_meeting_chair(user, meeting):
        return True
    return case_permissions.can_write_case_notes(user, meeting.case)


def can_approve(user: Any, meeting: Meeting) -> bool:
    return _is_meeting_chair(user, meeting) and (case_permissions.role_of(user) in CASE_STAFF_ROLES)
