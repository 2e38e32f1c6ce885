"""A citation of a council's own clause: the seed document, its section and the verbatim text.
Its own module so that profiles.py and meeting_rules.py both use it without a cycle."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Citation:
    seed: str
    section: str
    clause: str

    def to_dict(self) -> dict[str, str]:
        return {"seed": self.seed, "section": self.section, "clause": self.clause}
