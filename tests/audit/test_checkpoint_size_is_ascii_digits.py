"""A checkpoint's tree size is ASCII decimal digits (C2SP tlog-checkpoint): a size written with
other Unicode digits ('²', Arabic-Indic '٣'), or longer than a 64-bit number (thousands of
digits, which int() refuses), is refused as a CheckpointError, never a crash and never read as
a number. Found by test_checkpoint_note.py's hypothesis test."""

from __future__ import annotations

import base64

import pytest

from onrecord.audit.tree_head import CheckpointError, parse

ROOT = base64.b64encode(bytes(32)).decode()


@pytest.mark.parametrize(
    "size",
    ["\u00b2821", "\u0663", "58\u00b2", "\uff15", "9" * 21, "9" * 5000],
    ids=[
        "superscript",
        "arabic-indic",
        "superscript-last",
        "fullwidth",
        "21-digits",
        "5000-digits",
    ],
)
def test_a_size_in_non_ascii_digits_is_refused_with_a_reason(size: str) -> None:
    note = f"example/audit\n{size}\n{ROOT}\n\n\u2014 example/audit AAAAAAA=\n"
    with pytest.raises(CheckpointError, match="tree size"):
        parse(note)


def test_ascii_digits_still_read() -> None:
    note = f"example/audit\n5821\n{ROOT}\n\n\u2014 example/audit AAAAAAA=\n"
    assert parse(note).size == 5821
