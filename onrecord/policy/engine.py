"""Deciding a request under a profile. Pure and deterministic: the same scenario and profile
give the same decision whatever the order of attendees, views or agenda items.

Mandatory rules decide: any `refuse` gives refused. Discretionary grounds ("may be refused")
are `refer` rules: they route the request to the decision-maker the profile names, with the
grounds listed. With neither, the request is allowed on the profile's conditions.
"""

from __future__ import annotations

from collections.abc import Mapping

from onrecord.policy.decision import (
    ALLOWED,
    EXCLUDED,
    FOR_DECISION_MAKER,
    ITEM_FOR_DECISION_MAKER,
    MAY_RECORD,
    PAUSED,
    REFUSED,
    Decision,
    ItemDecision,
    Reason,
    SplitAttendance,
)
from onrecord.policy.facts import Context, Fact, ItemFacts, RequestFacts
from onrecord.policy.profiles import Profile, Rule
from onrecord.policy.scenario import Scenario

_ITEM_STATUS = {"exclude": EXCLUDED, "pause": PAUSED, "refer": ITEM_FOR_DECISION_MAKER}
_ITEM_PRECEDENCE = (EXCLUDED, PAUSED, ITEM_FOR_DECISION_MAKER)


def _reason(rule: Rule, facts: Mapping[str, Fact], requester: str) -> Reason:
    who = rule.when.who(facts) if rule.when.subjects else ()
    text = rule.text
    if "{" in text:
        text = text.replace("{who}", " and ".join(who) if who else "someone")
        text = text.replace("{requester}", requester)
    return Reason(rule.code, rule.effect, text, rule.cites, who)


def decide(profile: Profile, scenario: Scenario) -> Decision:
    ctx = Context.of(scenario)
    facts = RequestFacts(ctx)
    name = ctx.requester.name
    fired_rules = [rule for rule in profile.rules if rule.when.test(facts)]
    fired = [_reason(rule, facts, name) for rule in fired_rules]
    effects = {r.effect for r in fired}
    outcome = (
        REFUSED if "refuse" in effects else FOR_DECISION_MAKER if "refer" in effects else ALLOWED
    )

    maker = next(m for m in profile.decision_makers if m.when.holds(facts))
    plan = next((r for r in fired_rules if r.plan == "split_attendance"), None)
    if outcome == REFUSED:
        plan = None
    split = None
    if plan is not None:
        objectors = facts["pr_holder_objects"]
        assert isinstance(objectors, tuple)
        split = SplitAttendance(ctx.requester.name, objectors, plan.cites)

    items = []
    item_rules = profile.item_rules
    for item in scenario.meeting.agenda:  # each item is decided on its own: order cannot matter
        merged = ItemFacts(facts, item)
        reasons = tuple(_reason(r, merged, name) for r in item_rules if r.when.test(merged))
        statuses = {_ITEM_STATUS[r.effect] for r in reasons}
        status = next((s for s in _ITEM_PRECEDENCE if s in statuses), MAY_RECORD)
        recordable: bool | None
        if outcome == REFUSED or status in (EXCLUDED, PAUSED):
            recordable = False
        elif outcome == ALLOWED and status == MAY_RECORD:
            recordable = True
        else:
            recordable = None
        items.append(ItemDecision(item.id, item.title, status, recordable, reasons))

    return Decision(
        policy=profile.name,
        authority=profile.authority,
        version=profile.version,
        fingerprint=profile.fingerprint,
        outcome=outcome,
        decided_by=maker.who,
        decided_by_cites=maker.cites,
        requester=ctx.requester.name,
        reasons=tuple(r for r in fired if r.effect in ("refuse", "refer", "note")),
        conditions=() if outcome == REFUSED else tuple(r for r in fired if r.effect == "condition"),
        actions=tuple(r for r in fired if r.effect == "action"),
        items=tuple(items),
        split_attendance=split,
    )
