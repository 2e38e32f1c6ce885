"""The roles people hold in OnRecord, and which of them are local-authority staff.

Pure data: permissions.py in each domain package decides what a role may do with an object.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CHAIR = "chair"
    SOCIAL_WORKER = "social_worker"
    TEAM_MANAGER = "team_manager"
    PROFESSIONAL = "professional"
    FAMILY = "family"
    LEGAL = "legal"
    ADMIN = "admin"
    # The council's owner of its recording policy (issue 14): reads and changes the policy of
    # the authorities they work for, and nothing of any case.
    POLICY_OWNER = "policy_owner"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.CHAIR: "Chair or Independent Reviewing Officer",
    Role.SOCIAL_WORKER: "Social worker",
    Role.TEAM_MANAGER: "Team manager",
    Role.PROFESSIONAL: "Professional from another agency",
    Role.FAMILY: "Family member",
    Role.LEGAL: "Legal or data protection officer",
    Role.ADMIN: "Administrator",
    Role.POLICY_OWNER: "Recording policy owner",
}

# Local-authority staff who work on cases they are allocated to.
CASE_STAFF_ROLES = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.LEGAL})
