"""Who may read, start, correct and name the speakers of a transcript. Builds on
onrecord/vault/permissions.py: nobody sees a transcript of a recording they may not listen to.

- Read (and export): staff allocated to the case (legal included: disclosure is their work).
  Family members do not: the typed record is the local authority's own (Brent, "Local authority
  recording of meetings/case conferences"); families receive the minutes, and a copy of the
  recording on request to the chair (Hertfordshire 3.3b). A draft machine transcript with
  unchecked words is not something to hand to a parent unreviewed: a family member who was
  at the meeting reads their part of the version the approved minutes name, on their own
  pages (onrecord/family_record).
- Start a transcription: allocated chair, social worker or team manager.
- Correct text and speakers: allocated chair or social worker (the people who were in the
  meeting and write its record; Brent: the chair ensures the typed record "accurately reflects
  the discussion held").
- Confirm who each speaker is: the allocated chair (Brent makes the chair responsible for the
  record; the issue: "the chair confirms or corrects in one step").
"""

from __future__ import annotations

from typing import Any

from onrecord.accounts.roles import Role
from onrecord.cases import permissions as case_permissions
from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_listen

START_ROLES = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
EDIT_ROLES = frozenset({Role.CHAIR, Role.SOCIAL_WORKER})
NAME_SPEAKER_ROLES = frozenset({Role.CHAIR})


def can_read(user: Any, recording: Recording) -> bool:
    return case_permissions.is_case_staff(user) and can_listen(user, recording)


def can_start(user: Any, recording: Recording) -> bool:
    return case_permissions.role_of(user) in START_ROLES and can_read(user, recording)


def can_edit(user: Any, recording: Recording) -> bool:
    return case_permissions.role_of(user) in EDIT_ROLES and can_read(user, recording)


def can_name_speakers(user: Any, recording: Recording) -> bool:
    return case_permissions.role_of(user) in NAME_SPEAKER_ROLES and can_read(user, recording)
