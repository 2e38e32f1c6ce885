"""The keys check a node makes before it starts (issue 15; onrecord/key_fingerprints)."""

from __future__ import annotations

# The exit status of a node refused for its keys (1 is a port that cannot be bound).
KEYS_REFUSED = 3


def refusal_before_django() -> str:
    """On a shared database, before Django makes any key: the keys this node lacks."""
    from onrecord.key_fingerprints.supply import refusal_before_django as problems_before
    from onrecord.key_fingerprints.supply import refusal_text

    problems = problems_before()
    return refusal_text(problems) if problems else ""


def refusal() -> str:
    """Empty when this node's keys are the installation's (the first node records its own);
    else the message to stop with. Sets Django up."""
    early = refusal_before_django()
    if early:
        return early
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.key_fingerprints.startup import check_keys
    from onrecord.key_fingerprints.supply import refusal_text

    problems = check_keys()
    return refusal_text(problems) if problems else ""
