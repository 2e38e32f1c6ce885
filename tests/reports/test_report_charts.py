"""Charts drawn on the server: SVG with no script and no inline style (the CSP forbids both),
hidden from screen readers because the table under it holds the same figures, labels escaped,
bars in proportion, a number on every bar and a legend, so colour is never the only cue."""

from __future__ import annotations

import re

from onrecord.reports.charts import stacked_bars
from onrecord.reports.stats import Row, Table


def table(*rows: Row) -> Table:
    return Table(
        "t",
        "T",
        "Month",
        [("allowed", "Allowed"), ("refused", "Refused"), ("total", "Total")],
        list(rows),
        stacked=("allowed", "refused"),
    )


def test_bars_are_in_proportion_and_labelled() -> None:
    svg = stacked_bars(
        table(Row("2026-10", {"allowed": 3, "refused": 1}), Row("2026-11", {"allowed": 2}))
    )
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert 'aria-hidden="true"' in svg
    widths = [
        float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="20"', svg)
    ]
    assert widths == [300.0, 100.0, 200.0]  # the longest bar (4) is the full 400
    assert 'fill="#00703c"' in svg
    assert 'fill="#d4351c"' in svg
    assert ">Allowed</text>" in svg
    assert ">Refused</text>" in svg
    assert ">4</text>" in svg
    assert ">2</text>" in svg


def test_no_script_no_inline_style_and_labels_escaped() -> None:
    svg = stacked_bars(table(Row('<script>alert("x")</script>', {"allowed": 1})))
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert "style=" not in svg


def test_long_labels_are_shortened_and_empty_tables_draw_nothing() -> None:
    svg = stacked_bars(
        table(Row("A very long kind of meeting that goes on and on", {"refused": 1}))
    )
    assert "A very long kind of meeting that …" in svg
    assert stacked_bars(table()) == ""
    plain = Table("w", "W", "Kind", [("median", "Median")], [Row("All", {"median": 2.0})])
    assert stacked_bars(plain) == ""
