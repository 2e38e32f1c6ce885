"""The Standard Webhooks signature: what a receiver checks."""

from __future__ import annotations

import pytest

from onrecord.webhooks import signing

BODY = b'{"type":"decision.made"}'


def test_a_signed_delivery_verifies_and_any_change_does_not() -> None:
    secret = signing.new_secret()
    headers = signing.headers(secret, "msg_1", 1_700_000_000, BODY)
    signing.verify(secret, headers, BODY, now=1_700_000_010)
    with pytest.raises(signing.SignatureError):
        signing.verify(secret, headers, BODY + b" ", now=1_700_000_010)
    with pytest.raises(signing.SignatureError):
        signing.verify(signing.new_secret(), headers, BODY, now=1_700_000_010)
    with pytest.raises(signing.SignatureError):
        signing.verify(secret, {**headers, "webhook-id": "msg_2"}, BODY, now=1_700_000_010)


def test_an_old_or_future_timestamp_is_refused() -> None:
    secret = signing.new_secret()
    headers = signing.headers(secret, "msg_1", 1_700_000_000, BODY)
    for now in (1_700_000_000 + 301, 1_700_000_000 - 301):
        with pytest.raises(signing.SignatureError):
            signing.verify(secret, headers, BODY, now=now)


def test_the_signature_matches_the_standard_webhooks_example() -> None:
    # The specification's published test vector (standard-webhooks, "Verifying webhooks").
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert signing.signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == expected


def test_missing_headers_are_refused() -> None:
    with pytest.raises(signing.SignatureError):
        signing.verify(signing.new_secret(), {}, BODY, now=0)
