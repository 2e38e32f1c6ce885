"""Charts drawn on the server as SVG: pure Python, no Django, no JavaScript (the
Content-Security-Policy forbids inline script, and a chart needs none).

A chart is a picture of the table printed under it, so it is hidden from screen readers
(`aria-hidden`): the table is the accessible version. Colours are GOV.UK palette colours set as
SVG presentation attributes (not inline styles, which the policy also forbids), each series also
has a legend, and every bar is labelled with its number so colour is never the only cue.
"""

from __future__ import annotations

from html import escape

from onrecord.reports.stats import Table

# GOV.UK Frontend palette (govuk-colour): outcomes first, then enough for six reasons.
PALETTE = {
    "allowed": "#00703c",  # green
    "refused": "#d4351c",  # red
    "waiting": "#505a5f",  # dark grey
    "withdrawn": "#b1b4b6",  # mid grey
    "open": "#f47738",  # orange
    "closed": "#1d70b8",  # blue
}
SERIES = ("#1d70b8", "#4c2c92", "#00703c", "#f47738", "#d53880", "#505a5f", "#85994b")

# Fills light enough that a number on them is written in black, not white.
LIGHT = frozenset({"#b1b4b6", "#f47738", "#85994b", "#d53880"})

WIDTH = 720
LABEL_WIDTH = 230
BAR_WIDTH = 400
ROW_HEIGHT = 30
BAR_HEIGHT = 20
LEGEND_ROW = 24


def colour(key: str, index: int) -> str:
    return PALETTE.get(key) or SERIES[index % len(SERIES)]


def _shorten(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stacked_bars(table: Table) -> str:
    """One horizontal bar per row of the table, stacked by its `stacked` columns, with the
    row's total at the end; a legend above. Empty string when there is nothing to draw."""
    keys = table.stacked
    if not keys or not table.rows:
        return ""
    headings = dict(table.columns)
    scale = max((sum(row.count(k) for k in keys) for row in table.rows), default=0) or 1
    legend_items = [(k, headings.get(k, k), colour(k, i)) for i, k in enumerate(keys)]
    per_line = 3
    legend_lines = (len(legend_items) + per_line - 1) // per_line
    top = legend_lines * LEGEND_ROW + 8
    height = top + len(table.rows) * ROW_HEIGHT + 4
    parts = [
        f'<svg class="onrecord-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-hidden="true" focusable="false" '
        f'font-size="14" font-family="inherit">'
    ]
    for n, (_, label, fill) in enumerate(legend_items):
        x = (n % per_line) * (WIDTH // per_line)
        y = (n // per_line) * LEGEND_ROW
        parts.append(f'<rect x="{x}" y="{y + 4}" width="14" height="14" fill="{fill}"></rect>')
        parts.append(
            f'<text x="{x + 20}" y="{y + 16}" fill="#0b0c0c">{escape(_shorten(label))}</text>'
        )
    for r, row in enumerate(table.rows):
        y = top + r * ROW_HEIGHT
        parts.append(
            f'<text x="0" y="{y + 15}" fill="#0b0c0c">{escape(_shorten(row.label))}</text>'
        )
        left = float(LABEL_WIDTH)
        for i, key in enumerate(keys):
            count = row.count(key)
            if not count:
                continue
            width = BAR_WIDTH * count / scale
            parts.append(
                f'<rect x="{left:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{colour(key, i)}"></rect>'
            )
            if width >= 18:
                ink = "#0b0c0c" if colour(key, i) in LIGHT else "#ffffff"
                parts.append(
                    f'<text x="{left + width / 2:.1f}" y="{y + 15}" fill="{ink}" '
                    f'text-anchor="middle">{count}</text>'
                )
            left += width
        total = sum(row.count(k) for k in keys)
        parts.append(f'<text x="{left + 6:.1f}" y="{y + 15}" fill="#0b0c0c">{total}</text>')
    parts.append("</svg>")
    return "".join(parts)
