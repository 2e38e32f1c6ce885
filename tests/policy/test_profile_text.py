"""A profile's text as a policy owner hands it in (issue 14): refused when empty, too large, not
UTF-8, not YAML, or using anchors and aliases; a new label and effective date set without
losing the council's comments."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.policy.profile_text import (
    MAX_BYTES,
    check_label,
    checked_bytes,
    with_effective_from,
    with_reading_confirmed,
    with_version,
)
from onrecord.policy.profiles import BUILTIN_DIR, ProfileError, load_text

HACKNEY = (BUILTIN_DIR / "hackney" / "2023-01.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "is empty"),
        (b"a: 1\n" * (MAX_BYTES // 5 + 1), "the limit is"),
        (b"\xff", "is not UTF-8"),
        (b"a: [", "is not valid YAML"),
        (b"a: &x 1\nb: *x\n", "anchor or alias"),
        (b"lol: &a [1, 2]\n", "anchor or alias"),
    ],
)
def test_bad_bytes_are_refused(raw: bytes, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        checked_bytes(raw, "draft.yaml")


def test_a_shipped_profile_passes() -> None:
    assert checked_bytes(HACKNEY.encode(), "x") == HACKNEY.encode()


def test_label_and_date_are_set_and_comments_kept() -> None:
    text = with_effective_from(with_version(HACKNEY, "2027-04"), dt.date(2027, 4, 1))
    profile = load_text(text.encode(), BUILTIN_DIR / "x.yaml")
    assert (profile.version, profile.effective_from) == ("2027-04", dt.date(2027, 4, 1))
    assert text.splitlines()[0] == HACKNEY.splitlines()[0]  # the council's comment survives
    assert len(text.splitlines()) == len(HACKNEY.splitlines())


@pytest.mark.parametrize("label", ["", "a b", "x/y", "-1", "a" * 41, '1"'])
def test_bad_labels_are_refused(label: str) -> None:
    with pytest.raises(ProfileError, match="version:"):
        check_label(label)


def test_a_text_without_exactly_one_version_line_is_refused() -> None:
    with pytest.raises(ProfileError, match="exactly one top-level `version:`"):
        with_version("profile: x\n", "2")


def test_every_shipped_reading_can_be_confirmed_alone_and_again() -> None:
    for path in sorted(BUILTIN_DIR.glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        profile = load_text(text.encode(), path)
        before = {r.code: r.interpretation for r in profile.interpretations()}
        for code in before:
            once = with_reading_confirmed(text, code, 'Nadia "N" O’Neil', dt.date(2027, 1, 2))
            twice = with_reading_confirmed(once, code, "Sam Other", dt.date(2027, 2, 3))
            after = {
                r.code: r.interpretation for r in load_text(twice.encode(), path).interpretations()
            }
            reading = after.pop(code)
            assert reading is not None
            assert (reading.status, reading.confirmed_by) == ("confirmed", "Sam Other")
            assert reading.confirmed_on == dt.date(2027, 2, 3)
            assert after == {c: i for c, i in before.items() if c != code}, (path, code)
            assert len(twice.splitlines()) == len(text.splitlines()) + 3 - _confirmed_lines(
                before[code]
            )


def _confirmed_lines(reading: object) -> int:
    return 3 if getattr(reading, "status", "") == "confirmed" else 0


def test_a_rule_without_a_reading_cannot_be_confirmed() -> None:
    with pytest.raises(ProfileError, match="no interpretation to confirm"):
        with_reading_confirmed(HACKNEY, "HX-FRIEND-NOT-COVERED", "N", dt.date(2027, 1, 1))
    with pytest.raises(ProfileError, match="no single rule"):
        with_reading_confirmed(HACKNEY, "HX-NOPE", "N", dt.date(2027, 1, 1))
