"""The wall between authorities, in one place: every record a view or command looks up by id is
found through `get_for_user` (or listed through `for_user`), which keeps only records whose case
belongs to an authority the user works for. Role and case rules (cases/permissions.py and each
feature's permissions.py) then decide what the user may do with what is left.

Every model that belongs to a case says where its case is (`case_path`, onrecord/case_scoped.py);
`case_lookup` turns that path into the ORM lookup, so the rule is written once for every model:

    hold = scoping.get_for_user(LegalHold.objects.select_related("case"), user, pk=hold_id)
    due = scoping.for_user(Recording.objects.filter(disposed_at__isnull=True), user)

A record outside the user's authorities, and one that does not exist, answer the same audited
404 (NotFoundAudited): another council's records are not even confirmed to exist.

Cases imports no feature: the models come to it as querysets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from onrecord.audit.exceptions import NotFoundAudited
from onrecord.cases.models import Authority, Case

M = TypeVar("M", bound=Model)


def _today() -> dt.date:
    return timezone.localdate()


def active_on(prefix: str, start: str, end: str, day: dt.date) -> Q:
    """`prefix__start <= day` and (`prefix__end` unset or after `day`): a period in force on day
    (an allocation or membership ending today has ended)."""
    return Q(**{f"{prefix}{start}__lte": day}) & (
        Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gt": day})
    )


def authorities_of(user: Any) -> QuerySet[Authority]:
    """The authorities this user works for now (AuthorityMembership in force today). Nobody
    signed out or inactive works for any."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Authority.objects.none()
    return Authority.objects.filter(
        Q(members__user=user) & active_on("members__", "joined_on", "left_on", _today())
    ).distinct()


def reachable_cases(user: Any) -> QuerySet[Case]:
    """Every case of the authorities the user works for, and for family members and other
    agencies the cases they take part in (they belong to no authority; permissions.py decides
    which meetings of them they see)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Case.objects.none()
    return Case.objects.filter(
        Q(authority__in=authorities_of(user)) | Q(people__user=user)
    ).distinct()


def case_lookup(model: type[Model]) -> str:
    """The ORM path from a case-scoped model to its case: "meeting.case_id" -> "meeting__case";
    "" for Case itself."""
    path = getattr(model, "case_path", None)
    if not isinstance(path, str):
        raise TypeError(f"{model.__name__} has no case_path: it cannot be scoped to a case.")
    if path in {"id", "pk"}:
        return ""
    parts = path.split(".")
    if not parts[-1].endswith("_id"):
        raise TypeError(f"{model.__name__}.case_path must end in a case id: {path!r}")
    parts[-1] = parts[-1].removesuffix("_id")
    return "__".join(parts)


def in_cases(queryset: QuerySet[M], cases: QuerySet[Case]) -> QuerySet[M]:
    """Records of `queryset` whose case is one of `cases`, following the model's case_path."""
    lookup = case_lookup(queryset.model)
    return queryset.filter(**{f"{lookup}__in" if lookup else "pk__in": cases.values("pk")})


def for_user(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """The records of `queryset` on the side of the wall this user is on."""
    return in_cases(queryset, reachable_cases(user))


def case_id_of(obj: Model) -> str:
    value = getattr(obj, "audit_case_id", "")
    return str(value) if value else ""


def get_for_user(queryset: QuerySet[M], user: Any, **lookup: Any) -> M:
    """The one record `lookup` names, if it is on this user's side of the wall; otherwise an
    audited 404, the same as for a record that does not exist."""
    found = queryset.filter(**lookup).first()
    if (
        found is None
        or not for_user(queryset.model._default_manager.all(), user).filter(pk=found.pk).exists()
    ):
        label = queryset.model._meta.label_lower
        wanted = ",".join(str(v) for v in lookup.values())
        raise NotFoundAudited(
            label,
            wanted,
            case_id_of(found) if found is not None else "",
            "outside the user's authority, or not found",
        )
    return found


def within(user: Any, obj: Model) -> bool:
    """Whether one record already found is on this user's side of the wall."""
    model = type(obj)
    return for_user(model._default_manager.filter(pk=obj.pk), user).exists()
