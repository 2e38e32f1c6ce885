"""The figures a service manager wants, read from the record (no separate statistics store to
drift out of date) as one fact per request and per incident, then tabulated by the pure
stats.py: requests, outcomes and reasons per month and per meeting kind, the policy grounds
decisions cited, time from request to decision, incidents open and closed."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from onrecord.cases.models import Authority, Meeting
from onrecord.incidents.models import Incident
from onrecord.recording_requests.models import Purpose, RecordingRequest
from onrecord.reports.stats import IncidentFact, Report, RequestFact, build

# The engine's reasons that weigh against recording (docs/POLICY.md): refuse, or refer to the
# decision-maker; notes and conditions are not grounds.
GROUND_EFFECTS = frozenset({"refuse", "refer"})


def _month(at: Any) -> str:
    return f"{timezone.localtime(at):%Y-%m}"


def _grounds(policy_decision: Any) -> tuple[str, ...]:
    """'CODE (seed section)' for each ground the stored decision cited, once each."""
    seen: dict[str, None] = {}
    reasons = policy_decision.get("reasons", []) if isinstance(policy_decision, dict) else []
    for reason in reasons:
        if not isinstance(reason, dict) or reason.get("effect") not in GROUND_EFFECTS:
            continue
        cites = reason.get("cites") or {}
        where = " ".join(str(cites.get(k, "")) for k in ("seed", "section")).strip()
        code = str(reason.get("code", "unknown"))
        seen[f"{code} ({where})" if where else code] = None
    return tuple(seen)


def request_facts(authorities: QuerySet[Authority]) -> list[RequestFact]:
    kinds = dict(Meeting.Kind.choices)
    facts = []
    for made in (
        RecordingRequest.objects.filter(meeting__case__authority__in=authorities)
        .select_related("meeting", "decision")
        .order_by("made_at")
    ):
        decision = getattr(made, "decision", None)
        if decision is not None:
            outcome = decision.outcome
        elif made.status == RecordingRequest.Status.WITHDRAWN:
            outcome = "withdrawn"
        else:
            outcome = "waiting"
        facts.append(
            RequestFact(
                month=_month(made.made_at),
                meeting_kind=kinds.get(made.meeting.kind, made.meeting.kind),
                outcome=outcome,
                purposes=tuple(str(Purpose(p).label) for p in made.purposes if p in Purpose.values),
                grounds=_grounds(decision.policy_decision) if decision else (),
                days_to_decision=(
                    (decision.decided_at - made.made_at).total_seconds() / 86400
                    if decision is not None
                    else None
                ),
            )
        )
    return facts


def incident_facts(authorities: QuerySet[Authority]) -> list[IncidentFact]:
    today = timezone.localdate()
    overdue = Count("tasks", filter=Q(tasks__done_at__isnull=True, tasks__due_on__lt=today))
    return [
        IncidentFact(
            month=_month(incident.opened_at),
            kind=incident.get_kind_display(),
            status=incident.status,
            overdue_tasks=incident.overdue if incident.status == Incident.Status.OPEN else 0,
            days_to_close=(
                (incident.closed_at - incident.opened_at).total_seconds() / 86400
                if incident.closed_at
                else None
            ),
        )
        for incident in Incident.objects.filter(case__authority__in=authorities).annotate(
            overdue=overdue
        )
    ]


def compute(authorities: QuerySet[Authority]) -> Report:
    labels = [str(label) for label in Purpose.labels]  # staff pages: English
    return build(request_facts(authorities), incident_facts(authorities), labels)
