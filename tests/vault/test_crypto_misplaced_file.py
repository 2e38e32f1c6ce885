"""decrypt_bytes, like the reader, refuses a file that names another recording (a blob
restored under the wrong name, or swapped for another recording's)."""

from __future__ import annotations

import uuid

import pytest

from onrecord.vault import crypto


def test_decrypt_bytes_refuses_another_recordings_file() -> None:
    key, rid, other = crypto.new_data_key(), uuid.uuid4(), uuid.uuid4()
    stored = crypto.encrypt_bytes(b"audio", key, rid, chunk_size=4)
    assert crypto.decrypt_bytes(stored, key, expected_recording_id=rid) == b"audio"
    with pytest.raises(crypto.VaultFormatError) as refused:
        crypto.decrypt_bytes(stored, key, expected_recording_id=other)
    assert str(refused.value) == (
        f"the header names recording {rid}, not {other} (the file is misplaced or damaged)"
    )
