"""A profile's interpretations, listed for the council's policy owner to review (issue 14):
each rule that reads its clause by analogy, by a chosen reading or by a default, with the
clause, the reading, the alternatives and whether the owner has confirmed it. Pure Python;
`onrecord policies --interpretations` prints it.
"""

from __future__ import annotations

from onrecord.policy.profiles import Interpretation, Profile


def status(i: Interpretation) -> str:
    """Where an interpretation stands with the policy owner, in words."""
    if i.status == "confirmed":
        on = i.confirmed_on.isoformat() if i.confirmed_on else "an unknown date"
        return f"confirmed by {i.confirmed_by} on {on}"
    return "awaiting the policy owner"


def interpretations_text(p: Profile) -> str:
    rules = p.interpretations()
    awaiting = sum(1 for r in rules if r.interpretation and r.interpretation.status != "confirmed")
    out = [
        f"{p.name} {p.version} (in force from {p.effective_from.isoformat()}), {p.authority}: "
        f"{len(rules)} interpretations, {awaiting} awaiting the policy owner",
    ]
    for r in rules:
        i = r.interpretation
        assert i is not None  # interpretations() returns only rules that have one
        out += [
            "",
            f"{r.code} ({i.kind}): {status(i)}",
            f"  Clause: {r.cites.seed} {r.cites.section}: “{r.cites.clause}”",
            f"  Reading: {i.reading}",
        ]
        out += [f"  Alternative: {a}" for a in i.alternatives] or ["  Alternatives: none given"]
    return "\n".join(out) + "\n"
