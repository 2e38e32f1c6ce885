"""The report's tables from plain facts (no Django): outcomes, reasons and grounds per month
and per meeting kind, time to decision as median and 90th percentile, incidents open and
closed with overdue tasks and time to close."""

from __future__ import annotations

import pytest

from onrecord.reports.stats import IncidentFact, RequestFact, build, percentile

CPC, LAC = "Child protection conference", "Looked-after child review"
PURPOSES = ["To remember", "For court", "To publish"]

REQUESTS = [
    RequestFact("2026-09", CPC, "allowed", ("To remember",), ("HK-A (000 3)",), 1.0),
    RequestFact("2026-09", CPC, "refused", ("To publish", "For court"), ("LD-RISK (001 f)",), 5.0),
    RequestFact("2026-10", LAC, "allowed", ("To remember",), ("LD-RISK (001 f)",), 2.0),
    RequestFact("2026-10", LAC, "waiting", ("For court",)),
    RequestFact("2026-10", CPC, "withdrawn", ("To remember",)),
    RequestFact("2026-11", CPC, "refused", ("To publish",), ("LD-RISK (001 f)",), 10.0),
]
INCIDENTS = [
    IncidentFact("2026-10", "Covert recording discovered", "open", overdue_tasks=2),
    IncidentFact("2026-10", "Covert recording discovered", "closed", days_to_close=6.0),
    IncidentFact("2026-11", "Recording published online", "open", overdue_tasks=1),
]


def rows(slug: str) -> dict[str, dict[str, float | int | None]]:
    table = build(REQUESTS, INCIDENTS, PURPOSES).table(slug)
    assert table is not None
    return {row.label: row.values for row in table.rows}


def test_outcomes_by_month_count_withdrawn_and_waiting_apart() -> None:
    by_month = rows("requests-by-month")
    assert list(by_month) == ["2026-09", "2026-10", "2026-11"]
    assert by_month["2026-10"] == {
        "allowed": 1,
        "refused": 0,
        "waiting": 1,
        "withdrawn": 1,
        "total": 3,
    }


def test_outcomes_by_meeting_kind_busiest_first() -> None:
    by_kind = rows("requests-by-meeting-kind")
    assert list(by_kind) == [CPC, LAC]
    assert by_kind[CPC]["refused"] == 2
    assert by_kind[CPC]["total"] == 4


def test_reasons_per_month_and_per_kind() -> None:
    assert rows("reasons-by-month")["2026-09"] == {
        "To remember": 1,
        "For court": 1,
        "To publish": 1,
        "total": 3,
    }
    assert rows("reasons-by-meeting-kind")[LAC]["For court"] == 1
    assert rows("reasons-by-meeting-kind")[CPC]["To publish"] == 2


def test_grounds_counted_by_the_decision_made() -> None:
    grounds = rows("grounds")
    assert next(iter(grounds)) == "LD-RISK (001 f)"
    assert grounds["LD-RISK (001 f)"] == {"allowed": 1, "refused": 2, "total": 3}
    assert grounds["HK-A (000 3)"]["allowed"] == 1


def test_time_to_decision_median_and_90th_percentile() -> None:
    report = build(REQUESTS, INCIDENTS, PURPOSES)
    waits = rows("time-to-decision")
    assert waits["All meetings"] == {"decided": 4, "median": 3.5, "p90": 8.5, "longest": 10.0}
    assert waits[LAC] == {"decided": 1, "median": 2.0, "p90": 2.0, "longest": 2.0}
    assert (report.decided, report.median_days, report.p90_days) == (4, 3.5, 8.5)


def test_incidents_open_closed_overdue_and_time_to_close() -> None:
    report = build(REQUESTS, INCIDENTS, PURPOSES)
    kinds = rows("incidents-by-kind")
    assert kinds["Covert recording discovered"] == {
        "open": 1,
        "closed": 1,
        "total": 2,
        "overdue": 2,
        "days_to_close": 6.0,
    }
    assert kinds["Recording published online"]["days_to_close"] is None
    assert rows("incidents-by-month")["2026-11"]["open"] == 1
    assert (report.open_incidents, report.overdue_tasks) == (2, 3)


def test_nothing_yet_gives_empty_tables_not_errors() -> None:
    report = build([], [], PURPOSES)
    assert report.median_days is None
    assert report.p90_days is None
    waits = report.table("time-to-decision")
    assert waits is not None
    assert waits.csv_rows()[1] == ["All meetings", "0", "", "", ""]
    assert all(not t.rows for t in report.tables if t.slug != "time-to-decision")


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0], 0.9) == 10.0
    assert percentile([0.0, 10.0], 0.5) == 5.0
    with pytest.raises(ValueError, match="no values"):
        percentile([], 0.5)
