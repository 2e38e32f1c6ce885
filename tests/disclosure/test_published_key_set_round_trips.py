"""The published form of the authority's keys is what `onrecord signing-key` prints, and it
round-trips: a court passes that output to `verify-bundle --trusted-keys` (or `--public-key`)
and the bundle verifies, with no warning that the key "differs" from itself. A key set file
that is wrong in any way is refused with the line it is on, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onrecord.authority_key import (
    KeySet,
    PublishedKey,
    format_key_set,
    parse_key_set,
    public_pem,
)
from onrecord.commands import main
from onrecord.secret_files import KeyConfigError

T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
T1 = dt.datetime(2025, 6, 30, 12, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("option", ["--trusted-keys", "--public-key"])
def test_what_signing_key_prints_verifies_the_bundle(
    bundle: Path, tmp_path: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["signing-key"]) == 0
    keys = tmp_path / "keys.txt"
    keys.write_text(capsys.readouterr().out)
    assert main(["verify-bundle", str(bundle), option, str(keys)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip().endswith("verified")
    assert "differs" not in captured.out + captured.err
    assert "note:" not in captured.out


def test_format_and_parse_round_trip() -> None:
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keys = KeySet(
        (
            PublishedKey(old.public_key(), not_before=T0, not_after=T1),
            PublishedKey(new.public_key(), not_before=T1),
        )
    )
    text = format_key_set(keys)
    again = parse_key_set(text, "keys.txt")
    assert [(k.key_id, k.not_before, k.not_after) for k in again] == [
        (k.key_id, k.not_before, k.not_after) for k in keys
    ]
    assert format_key_set(again) == text
    assert "not-after: 2025-06-30T12:30:00Z" in text


def test_a_bare_pem_is_trusted_for_any_time() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    (published,) = parse_key_set(public_pem(key).decode(), "council.pem")
    assert (published.not_before, published.not_after) == (None, None)
    assert published.valid_at(T0)


def test_the_older_signing_key_output_is_read() -> None:
    """Before key sets, `signing-key` printed a PEM and then its fingerprint."""
    key = Ed25519PrivateKey.generate().public_key()
    (published,) = parse_key_set(
        public_pem(key).decode() + f"fingerprint (SHA-256): {PublishedKey(key).key_id}\n", "old"
    )
    assert published.raw == PublishedKey(key).raw


def _text(key: PublishedKey) -> str:
    return format_key_set(KeySet((key,)))


EC_PEM = (
    ec.generate_private_key(ec.SECP256R1())
    .public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)
KEY = PublishedKey(Ed25519PrivateKey.generate().public_key(), T0, T1)
OTHER = PublishedKey(Ed25519PrivateKey.generate().public_key())

BROKEN = [
    ("another key's fingerprint", _text(KEY).replace(KEY.key_id, OTHER.key_id), "fingerprint"),
    ("a time with no zone", _text(KEY).replace("2024-01-01T00:00:00Z", "2024-01-01"), "zone"),
    ("not a time", _text(KEY).replace("2024-01-01T00:00:00Z", "soon"), "ISO 8601"),
    ("ends before it starts", _text(KEY).replace("2025-06-30", "2023-06-30"), "not later"),
    ("a stray line", _text(KEY) + "trust: everything\n", "not part of a published key set"),
    ("a key twice", _text(KEY) + _text(KEY), "listed twice"),
    ("an unended key", _text(KEY).replace("-----END PUBLIC KEY-----", ""), "not ended"),
    ("no key at all", "# nothing here\n", "no public key"),
    ("not Ed25519", EC_PEM, "not an Ed25519 public key"),
    ("a broken PEM", EC_PEM.replace("M", "!", 1), "not a PEM public key"),
]


@pytest.mark.parametrize(("what", "text", "named"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_wrong_key_set_is_refused_and_named(
    what: str,
    text: str,
    named: str,
    bundle: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(KeyConfigError, match=named):
        parse_key_set(text, "keys.txt")
    keys = tmp_path / "keys.txt"
    keys.write_text(text)
    assert main(["verify-bundle", str(bundle), "--trusted-keys", str(keys)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("trusted keys: ")
    assert "Traceback" not in err
