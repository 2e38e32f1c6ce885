"""Who may manage an authority's webhook subscribers: an administrator of that authority only.

A subscriber's address receives events about that authority's children, and its secret signs
them: an administrator of another authority, staff of the same authority, and anyone else may
neither see nor change it. "Of that authority" is a membership in force (cases/scoping.py).
"""

from __future__ import annotations

from onrecord.cases.admin_walls import manageable_authorities, may_manage

__all__ = ["manageable_authorities", "may_manage"]
