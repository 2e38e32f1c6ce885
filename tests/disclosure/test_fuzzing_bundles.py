"""Fuzzing the bundle verifier with hypothesis: arbitrary manifests (any JSON, or a genuine one
with any field replaced), arbitrary bytes written over a genuine zip, and zips built from
arbitrary names, compression methods, flags and contents. The verifier must always return a
report (never raise) and never call a changed bundle verified.

CI runs a short budget (ONRECORD_FUZZ_EXAMPLES, default 200 per test, no deadline). A longer
run, e.g. before a release (docs/VAULT.md, "Fuzzing the verifier"):

    ONRECORD_FUZZ_EXAMPLES=20000 pytest -q tests/disclosure/test_fuzzing_bundles.py

Every crash it finds becomes a case in test_malformed_bundles_are_named.py.
"""

from __future__ import annotations

import io
import os
import struct
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.authority_key import KeySet
from onrecord.disclosure.verify import BundleReport, verify_bundle
from tests.disclosure.synthetic import genuine_members, manifest_of, sign, write_zip

pytestmark = pytest.mark.slow  # hundreds of bundles each (still run in CI)

KEY = Ed25519PrivateKey.generate()
TRUSTED = KeySet.of(KEY.public_key())
GENUINE = genuine_members(KEY)
EXAMPLES = settings(
    max_examples=int(os.environ.get("ONRECORD_FUZZ_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=30,
)


def _check(data: bytes, *, changed: bool = True) -> BundleReport:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.zip"
        path.write_bytes(data)
        report = verify_bundle(path, trusted=TRUSTED)  # must not raise
    assert isinstance(report.problems, list)
    assert report.exit_status in {0, 1, 3}
    if changed:
        assert not report.ok or not report.problems
    return report


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
    return buffer.getvalue()


GENUINE_ZIP = _zip(GENUINE)
# The fields the verifier relies on (custody_head and authority are for people to read).
FIELDS = ["format", "version", "created_at", "signing_key", "recording", "files"]


def test_the_starting_bundle_verifies() -> None:
    report = _check(GENUINE_ZIP, changed=False)
    assert report.ok, report.problems


@EXAMPLES
@given(manifest=json_values)
def test_any_json_as_the_manifest(manifest: Any) -> None:
    members = dict(GENUINE)
    sign(members, KEY, manifest)
    report = _check(_zip(members))
    assert not report.ok


@EXAMPLES
@given(field=st.sampled_from(FIELDS), value=json_values)
def test_any_value_in_a_field_of_the_manifest(field: str, value: Any) -> None:
    members = dict(GENUINE)
    manifest = manifest_of(members)
    if manifest.get(field) == value or (field, value) == ("signing_key", None):
        return  # unchanged, or a manifest from before signing_key was written
    manifest[field] = value
    sign(members, KEY, manifest)
    assert not _check(_zip(members)).ok


@EXAMPLES
@given(
    index=st.integers(min_value=0, max_value=10),
    key=st.sampled_from(["path", "sha256", "size", "extra"]),
    value=json_values,
)
def test_any_value_in_a_listed_file(index: int, key: str, value: Any) -> None:
    members = dict(GENUINE)
    manifest = manifest_of(members)
    files = manifest["files"]
    if index < len(files):
        if files[index].get(key, object()) == value:
            return
        files[index][key] = value
    else:
        files.append(value)
    sign(members, KEY, manifest)
    report = _check(_zip(members))
    if key != "extra" or index >= len(files):
        assert not report.ok


@EXAMPLES
@given(
    writes=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(GENUINE_ZIP) - 1),
            st.binary(min_size=1, max_size=8),
        ),
        min_size=1,
        max_size=6,
    ),
    cut=st.none() | st.integers(min_value=0, max_value=len(GENUINE_ZIP)),
)
def test_bytes_written_over_a_genuine_zip(writes: list[tuple[int, bytes]], cut: int | None) -> None:
    data = bytearray(GENUINE_ZIP)
    for at, chunk in writes:
        data[at : at + len(chunk)] = chunk
    if cut is not None:
        del data[cut:]
    _check(bytes(data), changed=bytes(data) != GENUINE_ZIP)


def _patch_central(data: bytearray, index: int, flags: int, method: int, usize: int) -> None:
    at = -1
    for _ in range(index + 1):
        at = data.find(b"PK\x01\x02", at + 1)
        if at == -1:
            return
    struct.pack_into("<HH", data, at + 8, flags, method)
    struct.pack_into("<I", data, at + 24, usize)


@EXAMPLES
@given(
    members=st.lists(
        st.tuples(
            st.sampled_from(["manifest.json", "manifest.sig", "statement.json", "custody.json"])
            | st.text(min_size=1, max_size=20),
            st.binary(max_size=200),
            st.sampled_from(
                [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
            ),
        ),
        max_size=6,
    ),
    patch=st.none()
    | st.tuples(
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=0, max_value=0xFFFF),
        st.integers(min_value=0, max_value=0xFFFF),
        st.integers(min_value=0, max_value=0xFFFFFFFF),
    ),
)
def test_zips_of_any_members(
    members: list[tuple[str, bytes, int]], patch: tuple[int, int, int, int] | None
) -> None:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as bundle:
        warnings.simplefilter("ignore")
        for name, content, method in members:
            try:
                info = zipfile.ZipInfo(name)
            except ValueError:
                continue  # a name zipfile will not write (a NUL in it)
            info.compress_type = method
            bundle.writestr(info, content)
    data = bytearray(buffer.getvalue())
    if patch is not None:
        _patch_central(data, *patch)
    assert not _check(bytes(data)).ok


def test_manifest_json_signed_wrong_stays_unverified(tmp_path: Path) -> None:
    """A control for the properties above: a genuine bundle whose manifest is re-signed by a key
    that is not trusted is never verified."""
    members = dict(GENUINE)
    sign(members, Ed25519PrivateKey.generate(), manifest_of(members))
    report = verify_bundle(write_zip(tmp_path / "b.zip", members), trusted=TRUSTED)
    assert report.problems == ["manifest.json: signature does not verify"]
