"""Two-step verification for local accounts: who must use it, and the recovery codes.

Pure rules, no Django. ASVS 5.0 V6.3.3 asks for multi-factor authentication at level 2; staff
and administrators see children's records, so they must use it. Family members and other
agencies' professionals are not required to (many have no smartphone; a parent with a learning
disability must not be shut out of their own case), but may.
Staff who sign in through the council's identity provider get their second step there.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from onrecord.accounts.roles import Role

# The policy owner changes how every request of the council is decided: staff like the rest.
TWO_STEP_ROLES = frozenset(
    {Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.LEGAL, Role.ADMIN, Role.POLICY_OWNER}
)
RECOVERY_CODE_COUNT = 10
# 10 characters from 31 that cannot be misread (no i, l, o, 0, 1): about 50 random bits,
# shown as two groups of five.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10


def requires_two_step(role: str) -> bool:
    """Unknown roles are treated as staff: the safe side."""
    try:
        return Role(role) in TWO_STEP_ROLES
    except ValueError:
        return True


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Codes as shown to the person: 'abcde-fghjk'."""
    codes: set[str] = set()
    while len(codes) < count:
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        codes.add(f"{raw[:5]}-{raw[5:]}")
    return sorted(codes)


def normalise_recovery_code(text: str) -> str:
    """What the person typed, without spaces, dashes or capitals: 'ABCDE FGHJK' == 'abcde-fghjk'."""
    return "".join(ch for ch in text.lower() if ch.isalnum())[:64]


def hash_recovery_code(code: str, key: bytes) -> str:
    """Keyed hash of a normalised code: a database copy alone cannot be used to sign in. The
    codes carry about 50 random bits, so a slow password hash would add nothing."""
    return hmac.new(key, normalise_recovery_code(code).encode(), hashlib.sha256).hexdigest()


def group_secret(base32_secret: str) -> str:
    """An authenticator key in groups of four, for typing into an app by hand."""
    clean = base32_secret.replace(" ", "").upper()
    return " ".join(clean[i : i + 4] for i in range(0, len(clean), 4))
