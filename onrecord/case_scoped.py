"""Records that belong to one case. The audit trail files every entry under its case
(onrecord/audit/services.py reads `audit_case_id`), so each such model says, as a dotted path
of attributes, where its case is: `case_path = "meeting.case_id"`.
"""

from __future__ import annotations

from typing import ClassVar


class CaseScoped:
    """Gives a model `audit_case_id`: the id of its case, as text, from `case_path`."""

    case_path: ClassVar[str]

    @property
    def audit_case_id(self) -> str:
        value: object = self
        for name in self.case_path.split("."):
            value = getattr(value, name)
        return str(value)
