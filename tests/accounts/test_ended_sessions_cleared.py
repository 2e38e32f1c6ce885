"""Ended sessions are cleared daily, and the identity provider's session ids kept with them go
too (accounts/sessions_cleanup.py, the `clear_sessions` periodic job): a session signed in
through the provider that simply expired, or was removed without a sign-out here, no longer
leaves its `SsoSession` row (the provider's `sid`) behind for ever. Live sessions keep theirs,
so back-channel logout still finds them."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from onrecord.accounts.models import SsoLogoutToken, SsoSession
from onrecord.accounts.sessions_cleanup import clear_sessions
from onrecord.accounts.sso import CLOCK_LEEWAY_SECONDS
from onrecord.accounts.sso_logout import MAX_AGE_SECONDS
from onrecord.jobs import queue
from onrecord.jobs.worker import PERIODIC, queue_periodic
from tests.support.personas import World

ISSUER = "https://login.eastmere.example"


def _session(world: World, sid: str, *, expires_in: dt.timedelta) -> str:
    store = SessionStore()
    store["_auth_user_id"] = str(world.users["chair"].pk)
    store.create()
    key = store.session_key
    assert key is not None
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + expires_in)
    SsoSession.objects.create(session_key=key, user=world.users["chair"], issuer=ISSUER, sid=sid)
    return key


def test_expired_and_vanished_sessions_lose_their_provider_ids(world: World) -> None:
    live = _session(world, "sid-live", expires_in=dt.timedelta(hours=1))
    expired = _session(world, "sid-expired", expires_in=-dt.timedelta(minutes=1))
    vanished = _session(world, "sid-vanished", expires_in=dt.timedelta(hours=1))
    Session.objects.filter(session_key=vanished).delete()  # removed without a sign-out here

    cleared = clear_sessions()

    assert cleared.sso_sessions_removed == 2
    assert set(SsoSession.objects.values_list("sid", flat=True)) == {"sid-live"}
    # Django's own expired session is cleared as `clearsessions` does; the live one stays.
    assert set(Session.objects.values_list("session_key", flat=True)) == {live}
    assert not Session.objects.filter(session_key=expired).exists()
    # Nothing left to do the second time.
    assert clear_sessions().sso_sessions_removed == 0


def test_the_daily_job_clears_them(world: World) -> None:
    _session(world, "sid-live", expires_in=dt.timedelta(hours=1))
    _session(world, "sid-expired", expires_in=-dt.timedelta(seconds=1))
    assert PERIODIC["clear_sessions"] == "%Y-%m-%d"
    queue_periodic()
    job = queue.run_one("test", kinds=["clear_sessions"])
    assert job is not None
    job.refresh_from_db()
    assert job.error == ""
    assert job.result == {"sso_sessions_removed": 1, "logout_tokens_removed": 0}
    assert list(SsoSession.objects.values_list("sid", flat=True)) == ["sid-live"]
    assert queue.run_one("test", kinds=["clear_sessions"]) is None  # once per day


def test_logout_tokens_past_any_accepted_age_go_without_a_logout(world: World) -> None:
    """The back-channel logout tokens kept against replay: a logout removes the old ones, but
    after the last logout of a quiet spell they stayed until the next; the daily clearing
    removes them too. One still young enough to be replayed is kept."""
    kept_for = dt.timedelta(seconds=2 * (MAX_AGE_SECONDS + CLOCK_LEEWAY_SECONDS))
    old = SsoLogoutToken.objects.create(issuer=ISSUER, jti="old")
    young = SsoLogoutToken.objects.create(issuer=ISSUER, jti="young")
    SsoLogoutToken.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - kept_for - dt.timedelta(minutes=1)
    )
    SsoLogoutToken.objects.filter(pk=young.pk).update(
        received_at=timezone.now() - kept_for + dt.timedelta(minutes=1)
    )

    assert clear_sessions().logout_tokens_removed == 1
    assert list(SsoLogoutToken.objects.values_list("jti", flat=True)) == ["young"]
