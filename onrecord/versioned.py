"""Records kept as numbered versions of a parent: the minutes of a meeting, the explanatory
statement of a recording, the words of a transcript. Versions are numbered 1, 2, 3… per
parent and never changed (`AppendOnly`); a change is the next version.

`add_version` is the one way to add one. In one transaction it locks the parent row, so two
people saving at once cannot both build on the same version, takes the latest version, and
adds the next number (naming the one it replaces where the model keeps that link). What the
new version holds, and whether it may be added at all (an edit built on an old version, an
approved statement), is the caller's: its `build` raises the caller's own refusal, and then
nothing is added.

    version = add_version(MinutesVersion, minutes, build)  # build(locked_parent, latest)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar, cast

from django.db import models, transaction

from onrecord.append_only import AppendOnly

# The models' own fields stay on them (their help texts differ), so this base adds no column.


class Versioned(AppendOnly):
    """A numbered, append-only version of `version_of` (the parent's foreign key)."""

    version_of: ClassVar[str]
    number_field: ClassVar[str] = "version"
    # The one-to-one link to the version this one replaces; None where the model has none.
    replaces_field: ClassVar[str | None] = "replaces"

    class Meta:
        abstract = True

    @property
    def number_of_version(self) -> int:
        return int(getattr(self, self.number_field))


V = TypeVar("V", bound=Versioned)
P = TypeVar("P", bound=models.Model)


def latest_version(model: type[V], parent: models.Model) -> V | None:
    """The parent's latest version, or None before version 1."""
    versions = model._default_manager.filter(**{model.version_of: parent})
    return cast(V | None, versions.order_by(f"-{model.number_field}").first())


def add_version(model: type[V], parent: P, build: Callable[[P, V | None], Mapping[str, Any]]) -> V:
    """Lock `parent`, take its latest version and add the next one. `build(locked, latest)`
    gets the parent as locked (read afresh) and the latest version (None for version 1), and
    returns the new version's other fields, or raises to refuse."""
    with transaction.atomic():
        locked = type(parent)._default_manager.select_for_update().get(pk=parent.pk)
        latest = latest_version(model, locked)
        fields = dict(build(locked, latest))
        fields[model.version_of] = locked
        fields[model.number_field] = latest.number_of_version + 1 if latest else 1
        if model.replaces_field is not None:
            fields[model.replaces_field] = latest
        return cast(V, model._default_manager.create(**fields))
