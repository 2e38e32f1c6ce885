"""The easy-read pictures (issue 12): one shipped SVG for each idea, with alt text, drawn in
colours that meet WCAG 2.2 non-text contrast (1.4.11: at least 3:1 against the white page)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from onrecord.recording_requests.declaration_text import EASY_READ, EasyReadPoint

PICTURES = (
    Path(__file__).resolve().parents[2]
    / "onrecord/recording_requests/static/recording_requests/easy-read"
)
WHITE = "#ffffff"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _colours(svg: Path) -> set[str]:
    # The project's own shipped pictures, not outside input.
    root = ElementTree.parse(svg).getroot()  # noqa: S314
    assert root.tag == "{http://www.w3.org/2000/svg}svg", svg.name
    found = {
        value.lower()
        for element in root.iter()
        for name in ("fill", "stroke")
        if (value := element.get(name)) and value != "none"
    }
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in found), (svg.name, found)
    return found


@pytest.mark.parametrize("point", EASY_READ, ids=lambda p: p.picture)
def test_each_idea_has_a_picture_and_alt_text(point: EasyReadPoint) -> None:
    assert (PICTURES / f"{point.picture}.svg").is_file()
    assert point.alt.strip()
    assert len(point.alt) <= 60


@pytest.mark.parametrize("svg", sorted(PICTURES.glob("*.svg")), ids=lambda p: p.name)
def test_pictures_meet_non_text_contrast(svg: Path) -> None:
    for colour in _colours(svg) - {WHITE}:
        assert contrast(colour, WHITE) >= 3, (svg.name, colour)


def test_the_contrast_measure() -> None:
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#dddddd", WHITE) < 3
