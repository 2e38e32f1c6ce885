"""The facts a profile's rules are written in see the right people: every child when the agenda
names none, a child asking to record as covered for their own items and never among the
"other" children, professionals who hold parental responsibility not among the parents, and a
child with no person record as having given no view. Found by mutation testing (docs/MUTATION.md).
"""

from __future__ import annotations

from typing import Any

from onrecord.policy.facts import Context, RequestFacts
from tests.policy.builders import (
    CHILDREN,
    JADE,
    JADE_PERSON,
    LEO,
    OPENING,
    SOCIAL_WORKER,
    build,
)


def _facts(**given: Any) -> RequestFacts:
    return RequestFacts(Context.of(build(**given)))


def test_an_agenda_naming_no_child_discusses_every_child() -> None:
    facts = _facts(agenda=[OPENING], views={JADE_PERSON: "objects"})
    assert facts["child_objects"] == ("Jade Whitfield",)


def test_a_child_asking_to_record_is_covered_for_items_about_themselves() -> None:
    # Jade asks; the agenda is about Jade and Leo; she holds no PR for Leo.
    assert _facts(requester=JADE_PERSON)["agenda_includes_child_not_covered"] == ("Leo Whitfield",)


def test_a_child_asking_to_record_is_not_counted_among_the_other_children() -> None:
    assert _facts()["child_of_understanding"] == ("Jade Whitfield",)
    assert _facts(requester=JADE_PERSON)["child_of_understanding"] == ()


def test_a_professional_with_parental_responsibility_is_not_a_parent_who_objects() -> None:
    facts = _facts(extra_pr=[(SOCIAL_WORKER, JADE)], views={SOCIAL_WORKER: "objects"})
    assert facts["pr_holder_objects"] == ()
    assert facts["professional_objects"] == ("Tom Bennett",)


def test_a_child_with_no_person_record_has_not_agreed() -> None:
    # Leo is not among the people (he cannot be asked in the scenario): no view is recorded.
    looked_after = {**CHILDREN[LEO], "gillick_competent": True, "looked_after": True}
    facts = _facts(children={**CHILDREN, LEO: looked_after})
    assert facts["looked_after_competent_child_not_agreed"] == ("Leo Whitfield",)
