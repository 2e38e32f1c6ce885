"""Fuzzing HTTP Range (hypothesis): whatever the header, parse_range answers the whole file
(None), one range inside the file, or RangeNotSatisfiable (416); never anything else."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from onrecord.vault.ranges import ByteRange, RangeNotSatisfiable, parse_range
from tests.support.fuzzing import FUZZ

_POSITION = st.one_of(
    st.just(""),
    st.integers(min_value=0, max_value=10**6).map(str),
    st.text(alphabet="0123456789", min_size=1, max_size=6000),
    st.text(alphabet="0123456789\u0660\u0661\u0966\uff10 +-_.", max_size=30),
)
_SHAPED = st.builds(
    lambda unit, first, last, tail: f"{unit}{first}-{last}{tail}",
    st.sampled_from(["bytes=", "BYTES=", " bytes = ", "bytes=", "items=", "bytes"]),
    _POSITION,
    _POSITION,
    st.sampled_from(["", ",0-1", " ", "\n", "-", "=", ";q=1"]),
)
HEADERS = st.one_of(st.none(), st.text(max_size=300), _SHAPED)


def _check(header: str | None, size: int) -> None:
    try:
        wanted = parse_range(header, size)
    except RangeNotSatisfiable:
        return
    if wanted is None:
        return
    assert isinstance(wanted, ByteRange)
    assert 0 <= wanted.start <= wanted.end < size
    assert wanted.length == wanted.end - wanted.start + 1
    assert wanted.content_range(size) == f"bytes {wanted.start}-{wanted.end}/{size}"


@FUZZ
@given(header=HEADERS, size=st.integers(min_value=0, max_value=2**42))
@example(header="bytes=" + "9" * 5000 + "-", size=1000)
@example(header="bytes=0-" + "9" * 5000, size=1000)
@example(header="bytes=-" + "9" * 5000, size=1000)
@example(header="bytes=\u0661-\u0662", size=1000)
@example(header="bytes=0-0", size=0)
def test_fuzz_any_range_header_is_a_range_a_416_or_ignored(header: str | None, size: int) -> None:
    _check(header, size)
