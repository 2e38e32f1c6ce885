from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from onrecord.accounts.roles import ROLE_LABELS, Role


class User(AbstractUser):
    """A person who signs in. The role says what kind of work they do; allocation to cases
    (cases.CaseAllocation) or a link to a Person (family members, other agencies) says where."""

    role = models.CharField(
        max_length=20,
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
    )

    class Meta:
        ordering = ["username"]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def __str__(self) -> str:
        return self.get_full_name() or self.username
