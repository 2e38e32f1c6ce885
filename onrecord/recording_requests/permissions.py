"""Who may act on requests to record. Builds on onrecord.cases.permissions (allocation)."""

from __future__ import annotations

import uuid
from typing import Any

from onrecord.accounts.roles import Role
from onrecord.audit.exceptions import NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Person
from onrecord.recording_requests import deciders
from onrecord.recording_requests.models import Declaration, RecordingRequest

# Staff who run the process on an allocated case: organise, record views, prepare declarations.
PROCESS_ROLES = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
# Who may make the decision where the policy names no roles: the chair (Leeds c; Hertfordshire
# 2.12), a team manager (Brent: "consult with the Chair/Team Manager"). See deciders.py.
DECIDER_ROLES = frozenset(Role(r) for r in deciders.DEFAULT_ROLES)


def can_see_request(user: Any, request: RecordingRequest) -> bool:
    if case_permissions.can_view_case(user, request.meeting.case):
        return True
    return request.requester.user_id is not None and request.requester.user_id == getattr(
        user, "pk", None
    )


def request_visible_to(user: Any, request_id: uuid.UUID) -> RecordingRequest:
    """The request, with its meeting, case and requester, if `user` may see it; otherwise the
    not-found page, audited (whether it does not exist, is another authority's, or is not
    theirs to see: the three look the same)."""
    made: RecordingRequest | None = scoping.get_for_user(
        RecordingRequest.objects.select_related("meeting__case", "requester"), user, pk=request_id
    )
    if made is None or not can_see_request(user, made):
        raise NotFoundAudited(
            "recording_requests.recordingrequest",
            str(request_id),
            str(made.meeting.case_id) if made else "",
            "not allocated or not the requester",
        )
    return made


def can_run_process(user: Any, request: RecordingRequest) -> bool:
    return case_permissions.role_of(user) in PROCESS_ROLES and case_permissions.can_view_case(
        user, request.meeting.case
    )


def can_decide(user: Any, request: RecordingRequest) -> bool:
    """Staff on the case in a role the authority's policy names as deciding this request
    (deciders.py: e.g. Hackney §3 names the social worker with the chair); where the policy
    names no roles, a chair or team manager (DECIDER_ROLES)."""
    return deciders.may_decide(user, request)


def family_person(user: Any, declaration: Declaration) -> Person | None:
    if case_permissions.role_of(user) != Role.FAMILY:
        return None
    if declaration.family_member.user_id == user.pk:
        return declaration.family_member
    return None
