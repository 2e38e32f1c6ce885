"""The policy owner's whole cycle on the pages (issue 14): a draft started from the version in
force, one rule changed, the what-if replay listing the stored decision it would change, the
approval (audited), and the next decision made under the approved version, while the stored
decision keeps the version it was made under."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.urls import reverse
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.policy_versions.models import PolicyVersion
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.models import Decision, RecordingRequest
from tests.recording_requests.helpers import walk_journey
from tests.support.personas import World


@pytest.fixture
def decided(world: World, django_capture_on_commit_callbacks: Any) -> Decision:
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    made = RecordingRequest.objects.get()
    engine = policy_decision(made)
    return record_decision(
        made,
        world.users["chair"],
        outcome="refused" if engine["outcome"] == "refused" else "allowed",
        reason="As the policy says.",
        engine=engine,
    )


def _refused_by(engine: dict[str, Any]) -> set[str]:
    return {r["code"] for r in engine["reasons"]}


def test_a_changed_rule_shows_in_the_replay_and_decides_once_approved(
    world: World, decided: Decision, django_capture_on_commit_callbacks: Any
) -> None:
    owner = world.client_for("policy_owner")
    slug = world.case.authority.slug
    stored = decided.policy_decision
    # The demo conference is refused: a Gillick-competent looked-after child has not agreed.
    assert stored["outcome"] == "refused"
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(world.client_for("father_of_jade"), world.meeting)
    nxt = RecordingRequest.objects.get(status=RecordingRequest.Status.GATHERING_VIEWS)
    before = policy_decision(nxt)
    assert before["policy"]["version"] == "2023-01"
    assert before["outcome"] == "refused"
    refusing = {r.code for r in _profile_rules() if r.effect == "refuse"}
    shared = sorted(_refused_by(stored) & _refused_by(before) & refusing)
    assert len(shared) == 1, "one request rule refuses both requests"
    code = shared[0]

    # A draft from the version in force, with that rule now leaving it to the decision-maker.
    response = owner.post(reverse("policy_new_draft", args=[slug]), {"label": "2099-01"})
    assert response.status_code == 302
    draft = PolicyVersion.objects.get(label="2099-01")
    assert draft.is_draft
    assert draft.based_on is not None
    assert draft.based_on.number == 1
    data = yaml.safe_load(draft.text)
    for rule in data["rules"]:
        if rule["code"] == code:
            rule["effect"] = "refer"
    edited = owner.post(
        reverse("policy_edit", args=[slug, draft.pk]),
        {"text": yaml.safe_dump(data, sort_keys=False, allow_unicode=True)},
    )
    assert edited.status_code == 302

    # The draft decides nothing yet.
    assert policy_decision(nxt)["policy"]["version"] == "2023-01"

    # The what-if lists the stored decision and what would change.
    page = owner.get(reverse("policy_what_if", args=[slug, draft.pk])).content.decode()
    assert "1 decision replayed: 1 would change." in page
    assert decided.request.meeting.case.reference in page
    assert "Outcome: now for_decision_maker (was refused)" in page
    assert AuditEvent.objects.filter(action="policy.replay_read", object_id=str(decided.pk))

    # The diff on the page names the changed rule.
    diff = owner.get(
        reverse("policy_compare", args=[slug]), {"a": str(draft.based_on.pk), "b": str(draft.pk)}
    ).content.decode()
    assert f"{code}:" in diff
    assert "Effect: now “refer” (was “refuse”)" in diff

    # Approved from today: the next decision is made under it; the stored one keeps its version.
    today = timezone.localdate()
    approved = owner.post(
        reverse("policy_approve", args=[slug, draft.pk]),
        {"day": today.day, "month": today.month, "year": today.year, "confirm": "on"},
    )
    assert approved.status_code == 302
    draft = PolicyVersion.objects.get(pk=draft.pk)
    assert draft.status == PolicyVersion.Status.APPROVED
    assert draft.effective_from == today
    assert draft.approved_by == world.users["policy_owner"]
    event = AuditEvent.objects.get(action="policy.approved", object_id=str(draft.pk))
    assert event.detail["effective_from"] == today.isoformat()
    after = policy_decision(nxt)
    assert after["policy"]["version"] == "2099-01"
    assert after["policy"]["fingerprint"] == draft.fingerprint
    assert after["outcome"] == "for_decision_maker"
    assert code in {r["code"] for r in after["reasons"]}
    decided.refresh_from_db()
    assert decided.policy_decision["policy"]["version"] == "2023-01"
    history = owner.get(reverse("policy_history", args=[slug])).content.decode()
    assert "In force" in history
    assert f"Replaced on {today:%-d %B %Y}" in history


def _profile_rules() -> tuple[Any, ...]:
    from onrecord.policy import load_profile

    return load_profile("hackney").rules
