"""Who may decide a request to record, as the authority's policy names them (issue 17: the
Hackney policy names the social worker as a decider, but only the chair had a "Decide" button,
with no explanation).

The engine names the decision-maker for the request (the profile's `decision_makers`, e.g.
Hackney §3: "the social worker, with the chair of the meeting"; Hertfordshire 2.12: the chair
of a child protection conference; Leeds (c): the chair); the profile's `roles` say which staff
may record that decision in OnRecord. A profile that names no roles, or a request the engine
cannot decide on yet (the case record is incomplete), falls back to a chair or team manager on
the case, who can then see what to put right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from onrecord import policy
from onrecord.accounts.roles import ROLE_LABELS, Role
from onrecord.cases import permissions as case_permissions
from onrecord.policy_versions import active
from onrecord.recording_requests.case_scenario import build_scenario
from onrecord.recording_requests.models import RecordingRequest
from onrecord.recording_requests.record_facts import gather

# Without roles in the profile: the chair (Leeds c; Hertfordshire 2.12) or a team manager
# (Brent: "consult with the Chair/Team Manager").
DEFAULT_ROLES = ("chair", "team_manager")
MEETING_ORGANISER = "meeting_organiser"
_ROLE_WORDS = {
    **{r.value: label.lower() for r, label in ROLE_LABELS.items()},
    MEETING_ORGANISER: "the meeting's organiser",
}


@dataclass(frozen=True)
class WhoDecides:
    """Who the policy names for this request, its clause, and who may record the decision."""

    who: str  # in the policy's words
    cites: str  # e.g. "London Borough of Hackney, 3 Practice"
    roles: tuple[str, ...]
    from_policy: bool  # False: the fallback (no roles named, or no decision possible yet)

    @property
    def several(self) -> bool:
        return len(self.roles) > 1

    @property
    def explanation(self) -> str:
        """For the request and decide pages: who may decide and why."""
        people = " or ".join(_words(role) for role in self.roles)
        if not self.from_policy:
            return (
                f"The policy names {self.who or 'the decision-maker'}. In OnRecord, {people} "
                "allocated to the case records the decision."
            )
        joint = " They decide together; either of them records the decision here." * (
            self.several and ("with" in self.who or "jointly" in self.who)
        )
        return (
            f"{self.cites}: the decision is for {self.who}. So {people} allocated to the case "
            f"may decide on this request.{joint}"
        )


def _words(role: str) -> str:
    words = _ROLE_WORDS.get(role, role.replace("_", " "))
    return words if words.startswith("the ") else f"a {words}"


def who_decides(made: RecordingRequest) -> WhoDecides:
    """The decision-maker the policy names for this request, and who may record it."""
    authority = made.meeting.case.authority
    try:
        profile = active.profile_for(authority, timezone.localdate())
        decision = policy.decide(
            profile, policy.parse_scenario(build_scenario(made, gather(made.meeting)))
        )
    except (policy.ProfileError, policy.ScenarioError):
        return WhoDecides("", "", DEFAULT_ROLES, from_policy=False)
    maker = next((m for m in profile.decision_makers if m.who == decision.decided_by), None)
    cites = f"{profile.authority}, {decision.decided_by_cites.section}"
    if maker is None or not maker.roles:
        return WhoDecides(decision.decided_by, cites, DEFAULT_ROLES, from_policy=False)
    return WhoDecides(decision.decided_by, cites, maker.roles, from_policy=True)


def may_decide(user: Any, made: RecordingRequest, named: WhoDecides | None = None) -> bool:
    """Whether `user` may decide `made`: staff on the case in a role the policy names for
    this request (or the meeting's organiser, where it names them)."""
    if not case_permissions.can_view_case(user, made.meeting.case):
        return False
    role = case_permissions.role_of(user)
    if role not in {Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}:
        return False
    named = named or who_decides(made)
    if role.value in named.roles:
        return True
    organiser = made.meeting.organiser_id
    return MEETING_ORGANISER in named.roles and organiser is not None and organiser == user.pk
