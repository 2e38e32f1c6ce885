"""Deciding a request under a profile. Pure and deterministic: the same scenario and profile
give the same decision whatever the order of attendees, views or agenda items.

A request outside the profile's scope (a medium or an occasion the policy does not cover) is
answered by the scope's own rule alone. Otherwise mandatory rules decide: any `refuse` gives
refused. Discretionary grounds ("may be refused") are `refer` rules: they route the request to
the decision-maker the profile names, with the grounds listed. With neither, the request is
allowed on the profile's conditions.
"""

from __future__ import annotations

from collections.abc import Mapping

from onrecord.policy.decision import (
    ALLOWED,
    EXCLUDED,
    FOR_DECISION_MAKER,
    IN_PART,
    ITEM_FOR_DECISION_MAKER,
    ITEM_RECORDABLE,
    MAY_RECORD,
    NOT_RECORDED,
    PAUSED,
    REFUSED,
    Decision,
    ItemDecision,
    Reason,
    SplitAttendance,
)
from onrecord.policy.facts import Context, Fact, ItemFacts, RequestFacts
from onrecord.policy.profiles import Profile, Rule
from onrecord.policy.scenario import AgendaItem, Scenario
from onrecord.policy.wording import fill

_ITEM_STATUS = {"exclude": EXCLUDED, "pause": PAUSED, "refer": ITEM_FOR_DECISION_MAKER}
_ITEM_PRECEDENCE = (EXCLUDED, PAUSED, ITEM_FOR_DECISION_MAKER)
MEDIUM_WORDS = {"audio": "an audio recording", "video": "a video", "photography": "photographs"}
OCCASION_WORDS = {"home_visit": "a home visit", "phone_call": "a phone call"}


def _reason(rule: Rule, facts: Mapping[str, Fact], ctx: Context) -> Reason:
    who = rule.when.who(facts) if rule.when.subjects else ()
    text = rule.text
    if "{" in text:
        text = fill(text, who, requester=ctx.requester.name)
        if "{medium}" in text or "{occasion}" in text:  # only a scope's answer says these
            text = text.replace("{medium}", MEDIUM_WORDS[ctx.scenario.request.medium])
            text = text.replace(
                "{occasion}", OCCASION_WORDS.get(ctx.scenario.meeting.kind, "a meeting")
            )
    return Reason(rule.code, rule.effect, text, rule.cites, who, rule.interpretation)


def _item(
    item: AgendaItem, outcome: str, rules: tuple[Rule, ...], facts: RequestFacts
) -> ItemDecision:
    """One agenda item (or part of one), decided on its own: order cannot matter. Its status
    and `recordable` agree (see decision.ITEM_RECORDABLE)."""
    if item.parts:  # the parts are decided; the item is theirs
        parts = tuple(_item(part, outcome, rules, facts) for part in item.parts)
        statuses = {p.status for p in parts}
        status = statuses.pop() if len(statuses) == 1 else IN_PART
        return ItemDecision(item.id, item.title, status, ITEM_RECORDABLE[status], (), parts)
    reasons: tuple[Reason, ...] = ()
    if rules:  # a profile without item rules (Brent) pays nothing per item
        merged = ItemFacts(facts, item)
        reasons = tuple(_reason(r, merged, facts.ctx) for r in rules if r.when.test(merged))
    own = {_ITEM_STATUS[r.effect] for r in reasons}
    status = next((s for s in _ITEM_PRECEDENCE if s in own), MAY_RECORD)
    if status not in (EXCLUDED, PAUSED):
        if outcome == REFUSED:
            status = NOT_RECORDED
        elif outcome == FOR_DECISION_MAKER:
            status = ITEM_FOR_DECISION_MAKER
    return ItemDecision(item.id, item.title, status, ITEM_RECORDABLE[status], reasons)


def decide(profile: Profile, scenario: Scenario) -> Decision:
    ctx = Context.of(scenario)
    facts = RequestFacts(ctx)
    name = ctx.requester.name
    maker = next(m for m in profile.decision_makers if m.when.holds(facts))
    scope = profile.scope
    in_scope = scope is None or not scope.outside.when.holds(facts)
    if in_scope:
        fired_rules = [rule for rule in profile.rules if rule.when.test(facts)]
        item_rules = profile.item_rules
    else:  # the policy's rules are about what it covers; this is not that
        assert scope is not None
        fired_rules = [scope.outside]
        item_rules = ()
    fired = [_reason(rule, facts, ctx) for rule in fired_rules]
    effects = {r.effect for r in fired}
    outcome = (
        REFUSED if "refuse" in effects else FOR_DECISION_MAKER if "refer" in effects else ALLOWED
    )

    plan = next((r for r in fired_rules if r.plan == "split_attendance"), None)
    if outcome == REFUSED:
        plan = None
    split = None
    if plan is not None:  # those who object and would, or may, stay away from a recorded meeting
        away = plan.when.who(facts)
        split = SplitAttendance(name, away, plan.cites)

    items = tuple(_item(item, outcome, item_rules, facts) for item in scenario.meeting.agenda)

    return Decision(
        policy=profile.name,
        authority=profile.authority,
        version=profile.version,
        fingerprint=profile.fingerprint,
        outcome=outcome,
        decided_by=maker.who,
        decided_by_cites=maker.cites,
        requester=name,
        reasons=tuple(r for r in fired if r.effect in ("refuse", "refer", "note")),
        conditions=() if outcome == REFUSED else tuple(r for r in fired if r.effect == "condition"),
        actions=tuple(r for r in fired if r.effect == "action"),
        items=items,
        split_attendance=split,
        in_scope=in_scope,
    )
