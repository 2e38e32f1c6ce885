"""The figures a service manager wants, computed from the record (no separate statistics store
to drift out of date): requests and outcomes per month and per meeting kind, the reasons given,
incidents open and closed, and time from request to decision."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from onrecord.cases.models import Authority, Meeting
from onrecord.incidents.models import Incident
from onrecord.recording_requests.models import Purpose, RecordingRequest


@dataclass
class Row:
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def segments(self, keys: tuple[str, ...], scale: int) -> list[tuple[str, int, float, float]]:
        """(key, count, x, width) in percent of the chart, for a stacked bar drawn in SVG."""
        out, x = [], 0.0
        for key in keys:
            count = self.counts.get(key, 0)
            width = 100.0 * count / scale if scale else 0.0
            out.append((key, count, round(x, 2), round(width, 2)))
            x += width
        return out


@dataclass
class Figures:
    by_month: list[Row]
    by_kind: list[Row]
    purposes: list[tuple[str, int]]
    incidents: list[Row]
    days_to_decision_median: float | None
    days_to_decision_max: float | None
    decided: int

    OUTCOMES = ("allowed", "refused", "waiting")


def _outcome(request: RecordingRequest) -> str:
    decision = getattr(request, "decision", None)
    return decision.outcome if decision is not None else "waiting"


def compute(authorities: QuerySet[Authority]) -> Figures:
    requests = list(
        RecordingRequest.objects.filter(meeting__case__authority__in=authorities)
        .select_related("meeting", "decision")
        .order_by("made_at")
    )
    by_month: dict[str, Row] = {}
    by_kind: dict[str, Row] = {}
    purposes: Counter[str] = Counter()
    waits: list[float] = []
    kind_labels = dict(Meeting.Kind.choices)
    for made in requests:
        outcome = _outcome(made)
        month = f"{timezone.localtime(made.made_at):%Y-%m}"
        row = by_month.setdefault(month, Row(month))
        row.counts[outcome] = row.counts.get(outcome, 0) + 1
        kind = kind_labels.get(made.meeting.kind, made.meeting.kind)
        row = by_kind.setdefault(kind, Row(kind))
        row.counts[outcome] = row.counts.get(outcome, 0) + 1
        purposes.update(Purpose(p).label for p in made.purposes)
        decision = getattr(made, "decision", None)
        if decision is not None:
            waits.append((decision.decided_at - made.made_at).total_seconds() / 86400)
    incidents: dict[str, Row] = {}
    for incident in Incident.objects.filter(case__authority__in=authorities):
        label = incident.get_kind_display()
        row = incidents.setdefault(label, Row(label))
        row.counts[incident.status] = row.counts.get(incident.status, 0) + 1
    return Figures(
        by_month=list(by_month.values()),
        by_kind=sorted(by_kind.values(), key=lambda r: -r.total),
        purposes=purposes.most_common(),
        incidents=sorted(incidents.values(), key=lambda r: r.label),
        days_to_decision_median=round(statistics.median(waits), 1) if waits else None,
        days_to_decision_max=round(max(waits), 1) if waits else None,
        decided=len(waits),
    )
