"""The service manager's figures as tables: pure Python, no Django.

Issue 5 asks for requests, outcomes and reasons per month and per meeting kind, incidents open
and closed, and time from request to decision. `build(requests, incidents, labels)` turns one
fact per request and per incident (read from the record by figures.py) into named tables; the
page draws each as a chart with its table beside it, and each downloads as CSV with the same
numbers. Counts only: no names, so a table says nothing about any one family.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

OUTCOMES: tuple[tuple[str, str], ...] = (
    ("allowed", "Allowed"),
    ("refused", "Refused"),
    ("waiting", "Waiting for a decision"),
    ("withdrawn", "Withdrawn"),
)
INCIDENT_STATES: tuple[tuple[str, str], ...] = (("open", "Open"), ("closed", "Closed"))


@dataclass(frozen=True)
class RequestFact:
    month: str  # "2026-11", in the authority's time zone
    meeting_kind: str  # its label
    outcome: str  # one of OUTCOMES
    purposes: tuple[str, ...]  # labels of the reasons the family gave
    grounds: tuple[str, ...] = ()  # the policy grounds the decision cited (refuse or refer)
    days_to_decision: float | None = None


@dataclass(frozen=True)
class IncidentFact:
    month: str  # when it was opened
    kind: str  # its label
    status: str  # open or closed
    overdue_tasks: int = 0
    days_to_close: float | None = None


@dataclass
class Row:
    label: str
    values: dict[str, float | int | None] = field(default_factory=dict)

    def get(self, key: str) -> float | int | None:
        return self.values.get(key)

    def count(self, key: str) -> int:
        value = self.values.get(key)
        return int(value) if isinstance(value, int | float) else 0


@dataclass
class Table:
    slug: str  # names the CSV download
    title: str
    first_column: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: list[Row]
    stacked: tuple[str, ...] = ()  # the columns the chart stacks; none: no chart
    note: str = ""

    def __post_init__(self) -> None:
        for row in self.rows:
            for key, _ in self.columns:
                row.values.setdefault(key, 0 if key in self.stacked or key == "total" else None)

    def csv_rows(self) -> list[list[str]]:
        def cell(value: float | int | None) -> str:
            return "" if value is None else str(value)

        head = [self.first_column, *(heading for _, heading in self.columns)]
        return [
            head,
            *([row.label, *(cell(row.get(k)) for k, _ in self.columns)] for row in self.rows),
        ]


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie, interpolated between ranks (the
    'inclusive' method: with one value, that value)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _count_table(
    slug: str,
    title: str,
    first: str,
    facts: Iterable[tuple[str, Iterable[str]]],
    series: Sequence[tuple[str, str]],
    order: str = "label",
    note: str = "",
) -> Table:
    rows: dict[str, Row] = {}
    for label, keys in facts:
        row = rows.setdefault(label, Row(label))
        for key in keys:
            row.values[key] = row.count(key) + 1
    for row in rows.values():
        row.values["total"] = sum(row.count(k) for k, _ in series)
    ordered = (
        sorted(rows.values(), key=lambda r: r.label)
        if order == "label"
        else sorted(rows.values(), key=lambda r: (-r.count("total"), r.label))
    )
    return Table(
        slug,
        title,
        first,
        [*series, ("total", "Total")],
        ordered,
        stacked=tuple(k for k, _ in series),
        note=note,
    )


def _waits(label: str, days: list[float]) -> Row:
    if not days:
        return Row(label, {"decided": 0})
    return Row(
        label,
        {
            "decided": len(days),
            "median": round(statistics.median(days), 1),
            "p90": round(percentile(days, 0.9), 1),
            "longest": round(max(days), 1),
        },
    )


@dataclass
class Report:
    tables: list[Table]
    decided: int
    median_days: float | None
    p90_days: float | None
    open_incidents: int
    overdue_tasks: int

    def table(self, slug: str) -> Table | None:
        return next((t for t in self.tables if t.slug == slug), None)


def build(
    requests: Sequence[RequestFact],
    incidents: Sequence[IncidentFact],
    purposes: Sequence[str],
) -> Report:
    """`purposes` are the labels of every reason a family may give, in the form's order."""
    waits = [r.days_to_decision for r in requests if r.days_to_decision is not None]
    tables = [
        *_request_tables(requests, purposes),
        _time_to_decision(requests, waits),
        _incidents_by_kind(incidents),
        _incidents_by_month(incidents),
    ]
    return Report(
        tables=tables,
        decided=len(waits),
        median_days=round(statistics.median(waits), 1) if waits else None,
        p90_days=round(percentile(waits, 0.9), 1) if waits else None,
        open_incidents=sum(1 for i in incidents if i.status == "open"),
        overdue_tasks=sum(i.overdue_tasks for i in incidents if i.status == "open"),
    )


def _request_tables(requests: Sequence[RequestFact], purposes: Sequence[str]) -> list[Table]:
    """Requests and their reasons by month and by kind of meeting; the grounds cited."""
    reasons = [(p, p) for p in purposes]
    return [
        _count_table(
            "requests-by-month",
            "Requests to record, by month",
            "Month",
            ((r.month, [r.outcome]) for r in requests),
            OUTCOMES,
            note="By the month the request was made.",
        ),
        _count_table(
            "requests-by-meeting-kind",
            "Requests to record, by kind of meeting",
            "Kind of meeting",
            ((r.meeting_kind, [r.outcome]) for r in requests),
            OUTCOMES,
            order="total",
        ),
        _count_table(
            "reasons-by-month",
            "Why families asked to record, by month",
            "Month",
            ((r.month, r.purposes) for r in requests),
            reasons,
            note="A request can give more than one reason, so the totals count reasons.",
        ),
        _count_table(
            "reasons-by-meeting-kind",
            "Why families asked to record, by kind of meeting",
            "Kind of meeting",
            ((r.meeting_kind, r.purposes) for r in requests),
            reasons,
            order="total",
            note="A request can give more than one reason, so the totals count reasons.",
        ),
        _count_table(
            "grounds",
            "Policy grounds cited in decisions",
            "Ground (policy clause)",
            (
                (ground, [r.outcome])
                for r in requests
                if r.outcome in {"allowed", "refused"}
                for ground in r.grounds
            ),
            OUTCOMES[:2],
            order="total",
            note="The grounds for refusal or for the decision-maker to weigh that the policy "
            "cited, counted by the decision finally made.",
        ),
    ]


def _time_to_decision(requests: Sequence[RequestFact], waits: list[float]) -> Table:
    """Days from request to decision for all meetings (`waits`), then per kind of meeting."""
    by_kind: dict[str, list[float]] = {}
    for r in requests:
        if r.days_to_decision is not None:
            by_kind.setdefault(r.meeting_kind, []).append(r.days_to_decision)
    return Table(
        "time-to-decision",
        "Days from request to decision",
        "Kind of meeting",
        [
            ("decided", "Decided"),
            ("median", "Median days"),
            ("p90", "90% decided within (days)"),
            ("longest", "Longest (days)"),
        ],
        [_waits("All meetings", waits)]
        + [_waits(kind, days) for kind, days in sorted(by_kind.items())],
    )


def _incidents_by_kind(incidents: Sequence[IncidentFact]) -> Table:
    """Open and closed per kind, with each kind's overdue tasks and median days to close."""
    kinds = _count_table(
        "incidents-by-kind",
        "Incidents, open and closed, by kind",
        "Kind of incident",
        ((i.kind, [i.status]) for i in incidents),
        INCIDENT_STATES,
    )
    overdue: dict[str, int] = {}
    closing: dict[str, list[float]] = {}
    for i in incidents:
        overdue[i.kind] = overdue.get(i.kind, 0) + i.overdue_tasks
        if i.days_to_close is not None:
            closing.setdefault(i.kind, []).append(i.days_to_close)
    kinds.columns += [("overdue", "Overdue tasks"), ("days_to_close", "Median days to close")]
    for row in kinds.rows:
        row.values["overdue"] = overdue.get(row.label, 0)
        days = closing.get(row.label)
        row.values["days_to_close"] = round(statistics.median(days), 1) if days else None
    return kinds


def _incidents_by_month(incidents: Sequence[IncidentFact]) -> Table:
    return _count_table(
        "incidents-by-month",
        "Incidents by the month they were opened, and whether they are closed",
        "Month",
        ((i.month, [i.status]) for i in incidents),
        INCIDENT_STATES,
    )


def labels_of(mapping: Mapping[str, str], keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(mapping.get(k, k) for k in keys)
