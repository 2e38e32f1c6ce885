"""A checkpoint is a C2SP signed note: its text and key id are the specification's, it opens
only with the authority's key, and any change to its text or signature is refused."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.audit.tree_head import (
    Checkpoint,
    CheckpointError,
    key_id,
    open_signed,
    parse,
    sign,
    verifier_key,
)

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
HEAD = Checkpoint("example.gov.uk/onrecord/audit", 5821, hashlib.sha256(b"root").digest(),
                  "2026-03-04T10:00:00Z")  # fmt: skip


def test_the_note_has_the_checkpoint_lines_a_blank_line_and_a_signature_line() -> None:
    note = sign(HEAD, KEY)
    lines = note.split("\n")
    assert lines[:4] == [
        "example.gov.uk/onrecord/audit",
        "5821",
        base64.b64encode(HEAD.root).decode(),
        "timestamp 2026-03-04T10:00:00Z",
    ]
    assert lines[4] == ""
    assert lines[5].startswith("\u2014 example.gov.uk/onrecord/audit ")
    blob = base64.b64decode(lines[5].split(" ")[2])
    raw = KEY.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    # C2SP signed-note: key id = SHA-256(name || "\n" || 0x01 || public key)[:4]
    expected_id = hashlib.sha256(HEAD.origin.encode() + b"\n\x01" + raw).digest()[:4]
    assert blob[:4] == expected_id == key_id(HEAD.origin, KEY.public_key())
    KEY.public_key().verify(blob[4:], "\n".join(lines[:4]).encode() + b"\n")
    assert verifier_key(HEAD.origin, KEY.public_key()).split("+")[1] == expected_id.hex()
    assert lines[6] == ""  # the note ends with a newline


def test_it_opens_with_the_authority_key_and_says_what_it_vouches_for() -> None:
    opened = open_signed(sign(HEAD, KEY), [KEY.public_key()], HEAD.origin)
    assert opened == HEAD
    assert opened.describe() == "checkpoint of 5821 entries, signed 2026-03-04T10:00:00Z"


def test_another_key_another_log_or_no_signature_is_refused() -> None:
    other = Ed25519PrivateKey.generate()
    with pytest.raises(CheckpointError, match="not signed by the authority's key"):
        open_signed(sign(HEAD, other), [KEY.public_key()])
    with pytest.raises(CheckpointError, match="another log"):
        open_signed(sign(HEAD, KEY), [KEY.public_key()], "someone-else/audit")
    with pytest.raises(CheckpointError, match="no blank line"):
        open_signed(HEAD.body(), [KEY.public_key()])


def test_a_signature_by_the_right_key_id_over_other_text_fails() -> None:
    note = sign(HEAD, KEY)
    forged = note.replace("\n5821\n", "\n5820\n")
    with pytest.raises(CheckpointError, match="does not verify"):
        open_signed(forged, [KEY.public_key()])


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_changed_character_is_refused_and_never_crashes(data: st.DataObject) -> None:
    note = sign(HEAD, KEY)
    at = data.draw(st.integers(0, len(note) - 1))
    replacement = data.draw(st.characters(codec="utf-8").filter(lambda c: c != note[at]))
    changed = note[:at] + replacement + note[at + 1 :]
    try:
        opened = open_signed(changed, [KEY.public_key()])
    except CheckpointError:
        return
    # Only a change that leaves the signed text and signature as they were may open.
    assert opened == HEAD


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(CheckpointError):
        open_signed(text, [KEY.public_key()])


def test_parse_reads_without_checking_and_refuses_malformed_heads() -> None:
    assert parse(sign(HEAD, KEY)).size == 5821
    for bad, reason in [
        ("a b\n1\n" + base64.b64encode(bytes(32)).decode() + "\n\n\u2014 x AAAAAAA=\n", "origin"),
        ("o\n01\n" + base64.b64encode(bytes(32)).decode() + "\n\n\u2014 o AAAAAAA=\n", "size"),
        ("o\n1\n" + base64.b64encode(bytes(31)).decode() + "\n\n\u2014 o AAAAAAA=\n", "32 bytes"),
        ("o\n1\n!!\n\n\u2014 o AAAAAAA=\n", "base64"),
    ]:
        with pytest.raises(CheckpointError, match=reason):
            parse(bad)
