"""How long a signed-in person may do nothing before they are signed out.

Pure rules, no Django: the middleware (accounts/middleware.py) applies them to requests.
ASVS 5.0 V7.3.1 asks for an inactivity timeout; staff see children's records, so theirs is
short (30 minutes by default). Family members and other agencies' professionals often read
slowly, on a phone, with someone helping them: they get longer, but not for ever.
"""

from __future__ import annotations

from dataclasses import dataclass

from onrecord.accounts.roles import Role

# Staff roles include administrators: they can change accounts and read the audit trail.
STAFF_TIMEOUT_ROLES = frozenset(
    {Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.LEGAL, Role.ADMIN, Role.POLICY_OWNER}
)
# Writing the session on every request would cost a database write per page and per media
# range; once a minute is precise enough for a limit counted in minutes.
TOUCH_EVERY_SECONDS = 60


@dataclass(frozen=True)
class IdleTimeouts:
    staff_seconds: int
    others_seconds: int
    warn_before_seconds: int

    def __post_init__(self) -> None:
        for name in ("staff_seconds", "others_seconds"):
            if getattr(self, name) < 120:
                raise ValueError(f"{name} must be at least 120 seconds")
        shortest = min(self.staff_seconds, self.others_seconds)
        if not 0 < self.warn_before_seconds < shortest:
            raise ValueError("warn_before_seconds must be more than 0 and less than the timeouts")

    def limit_for(self, role: str) -> int:
        """Seconds of inactivity allowed for this role (unknown roles get the staff limit)."""
        try:
            known = Role(role)
        except ValueError:
            return self.staff_seconds
        return self.staff_seconds if known in STAFF_TIMEOUT_ROLES else self.others_seconds


def has_expired(last_activity: float | None, now: float, limit_seconds: int) -> bool:
    """True when the last activity is more than the limit ago.

    A session with no recorded activity has not expired: it was signed in before this rule
    existed or just now, and the first request records the time.
    """
    if last_activity is None:
        return False
    return now - last_activity > limit_seconds


def needs_touch(last_activity: float | None, now: float) -> bool:
    return last_activity is None or now - last_activity >= TOUCH_EVERY_SECONDS
