"""Every create and change of case data, and every sign-in, appended to the audit trail.

Model changes are recorded from signals so no code path can forget them; views of case data
are recorded explicitly by the views (onrecord.cases.views), which know what was shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from onrecord.audit import services
from onrecord.audit.context import acting_as
from onrecord.audit.middleware import actor_for

# Every OnRecord app holds case data or accounts, except the audit trail itself.
NOT_AUDITED_APPS = frozenset({"audit"})
# Changes that are bookkeeping, not case data: recorded by their own events instead.
IGNORED_FIELDS = frozenset({"last_login"})


def _audited(sender: type[models.Model]) -> bool:
    meta = sender._meta
    return (
        meta.app_config is not None
        and meta.app_config.name.startswith("onrecord.")
        and meta.app_label not in NOT_AUDITED_APPS
    )


@receiver(pre_save)
def _remember_changes(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _audited(sender) or instance._state.adding or kwargs.get("raw"):
        return
    fields = [f for f in sender._meta.concrete_fields if not f.primary_key]
    stored = sender._default_manager.filter(pk=instance.pk).values(*[f.attname for f in fields])
    before = stored.first()
    if before is None:
        return
    changed = [f.name for f in fields if before[f.attname] != getattr(instance, f.attname)]
    instance._audit_changed = changed  # type: ignore[attr-defined]


@receiver(post_save)
def _record_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if not _audited(sender) or kwargs.get("raw"):
        return
    if created:
        services.record("create", instance)
        return
    changed = [f for f in getattr(instance, "_audit_changed", []) if f not in IGNORED_FIELDS]
    if changed:
        # Field names only: the trail says what changed, never copies the sensitive values.
        services.record("change", instance, detail={"fields": sorted(changed)})


@receiver(post_delete)
def _record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _audited(sender):
        services.record("delete", instance)


@receiver(user_logged_in)
def _record_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    request.user = user
    # Set by accounts/sso_views.py for a sign-in through the identity provider.
    detail = getattr(request, "onrecord_sign_in_detail", None)
    with acting_as(actor_for(request)):
        services.record("sign_in", user, detail=detail if isinstance(detail, dict) else None)


@receiver(user_logged_out)
def _record_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or user is None:
        return
    # Set by accounts.middleware when the sign-out was for inactivity, not the person's choice.
    detail = getattr(request, "onrecord_sign_out_detail", None)
    services.record("sign_out", user, detail=detail if isinstance(detail, dict) else None)


@receiver(user_login_failed)
def _record_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    services.record("sign_in_failed", object_type="accounts.user", detail={"username": username})
