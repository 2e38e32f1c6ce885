"""Every field of an audit entry is covered by its hash: editing any one of them in the database
(the client's address included) is detected and the entry named (issue 16, failure 7). A field
added to the model but left out of the hash fails here, before it can hide an edit."""

from __future__ import annotations

import pytest

from onrecord.audit import services
from onrecord.audit.chain import HASHED_FIELDS
from onrecord.audit.context import Actor, acting_as
from onrecord.audit.models import AuditEvent
from tests.audit.tamper import execute

pytestmark = pytest.mark.django_db

# A different value for each column, as raw SQL would write it.
EDITS = {
    "occurred_at": "2001-01-01 00:00:00",
    "actor_id": 424242,
    "actor_username": "someone.else",
    "actor_role": "legal",
    "action": "forged",
    "object_type": "cases.person",
    "object_id": "another",
    "case_id": "00000000-0000-0000-0000-000000000000",
    "ip_address": "203.0.113.99",
    "detail": '{"i": 999}',
    "prev_hash": "f" * 64,
}


def test_every_column_but_the_hash_itself_is_hashed() -> None:
    columns = {f.attname for f in AuditEvent._meta.concrete_fields} - {"hash"}
    assert columns == set(HASHED_FIELDS)
    assert set(EDITS) | {"seq"} == columns


@pytest.mark.parametrize("column", sorted(EDITS))
def test_editing_any_one_field_is_detected(column: str) -> None:
    with acting_as(Actor(7, "priya.shah", "chair", "198.51.100.7")):
        events = [
            services.record("view", object_type="cases.case", object_id="x", detail={"i": i})
            for i in range(3)
        ]
    target = events[1]
    assert services.verify().ok
    execute(
        f"UPDATE audit_auditevent SET {column} = %s WHERE seq = %s",  # noqa: S608 (a column name)
        [EDITS[column], target.seq],
    )
    report = services.verify()
    assert not report.ok
    assert report.broken_seq == target.seq
