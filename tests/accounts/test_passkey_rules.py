"""The pure passkey rules: whose address passkeys belong to, names, keeping one way in."""

from __future__ import annotations

import pytest

from onrecord.accounts.passkeys import RelyingParty, clean_name, may_remove, relying_party


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://onrecord.eastmere.gov.uk", RelyingParty("onrecord.eastmere.gov.uk", "https://onrecord.eastmere.gov.uk")),
        ("https://onrecord.example:443/", RelyingParty("onrecord.example", "https://onrecord.example")),
        ("https://onrecord.example:8443/app", RelyingParty("onrecord.example", "https://onrecord.example:8443")),
        ("http://localhost:8000", RelyingParty("localhost", "http://localhost:8000")),
    ],
)  # fmt: skip
def test_the_relying_party_is_the_base_urls_host_and_origin(
    base_url: str, expected: RelyingParty
) -> None:
    assert relying_party(base_url) == expected


def test_a_relative_base_url_is_refused() -> None:
    with pytest.raises(ValueError, match="absolute"):
        relying_party("/onrecord")


def test_names_are_tidied_and_must_be_given_short_and_new() -> None:
    assert clean_name("  Work   laptop ", set()) == "Work laptop"
    with pytest.raises(ValueError, match="Enter a name"):
        clean_name("   ", set())
    with pytest.raises(ValueError, match="50 characters or fewer"):
        clean_name("x" * 51, set())
    assert clean_name("x" * 50, set()) == "x" * 50
    with pytest.raises(ValueError, match="already have a passkey with that name"):
        clean_name("work LAPTOP", {"Work laptop"})


def test_staff_keep_one_way_in_others_need_not() -> None:
    assert not may_remove("chair", 0, required=True)
    assert may_remove("chair", 1, required=True)
    assert may_remove("chair", 0, required=False)  # a trial with two-step off
    assert may_remove("family", 0, required=True)
    assert not may_remove("no-such-role", 0, required=True)  # unknown roles count as staff
