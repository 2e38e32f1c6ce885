"""Refusals that must leave a trace: raised by views, written to the audit trail by
AuditContextMiddleware after the request's transaction has rolled back."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404


class AuditedRefusal:
    object_type: str
    object_id: str
    case_id: str
    reason: str

    def _describe(self, object_type: str, object_id: str, case_id: str, reason: str) -> None:
        self.object_type, self.object_id, self.case_id, self.reason = (
            object_type,
            object_id,
            case_id,
            reason,
        )


class NotFoundAudited(AuditedRefusal, Http404):
    """Not found, or not this user's to see: we never reveal which."""

    def __init__(self, object_type: str, object_id: str, case_id: str = "", reason: str = ""):
        super().__init__("Page not found")
        self._describe(object_type, object_id, case_id, reason)


class ForbiddenAudited(AuditedRefusal, PermissionDenied):
    """The user may see the object but not do this with it."""

    def __init__(self, object_type: str, object_id: str, case_id: str = "", reason: str = ""):
        super().__init__(reason or "You do not have permission to do this.")
        self._describe(object_type, object_id, case_id, reason)
