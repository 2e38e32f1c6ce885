"""Template values every page needs about the signed-in person's session."""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest

from onrecord.accounts.middleware import SESSION_KEY, idle_timeouts
from onrecord.accounts.sso import sso_enabled


def idle_timeout(request: HttpRequest) -> dict[str, Any]:
    """What the "you'll be signed out soon" warning needs, for signed-in people only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    timeouts = idle_timeouts()
    limit = timeouts.limit_for(str(getattr(user, "role", "")))
    # The server's own clock, not the page's: the session is touched at most once a minute, so
    # its limit can fall up to a minute before the page load plus the limit.
    last = request.session.get(SESSION_KEY)
    idle = max(0.0, time.time() - float(last)) if isinstance(last, int | float) else 0.0
    return {
        "idle_timeout": {
            "limit_seconds": limit,
            "remaining_seconds": max(0, int(limit - idle)),
            "warn_before_seconds": timeouts.warn_before_seconds,
            "warn_before_minutes": timeouts.warn_before_seconds // 60,
        }
    }


def single_sign_on(request: HttpRequest) -> dict[str, Any]:
    """Whether the sign-in page offers "Sign in with your council account"."""
    return {"single_sign_on": sso_enabled()}
