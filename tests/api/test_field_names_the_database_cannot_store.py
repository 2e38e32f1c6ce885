"""Found by the schemathesis run on PostgreSQL: an API body whose field name held NUL was a 500
(the refusal's audit entry named the field, and PostgreSQL cannot store NUL). It is a 422 naming
the field, audited with U+FFFD in its place (onrecord/audit/storable.py), and changes nothing."""

from __future__ import annotations

import json

import pytest

from onrecord.audit.models import AuditEvent
from tests.api.test_case_system_journey import API, build_case, counts
from tests.support.api_clients import ApiPersonas

pytestmark = pytest.mark.django_db


def test_an_api_body_with_nul_in_a_field_name_is_refused_and_audited(
    api_personas: ApiPersonas,
) -> None:
    http = api_personas.http("own_system")
    build_case(http)
    state = counts()
    body = {
        "title": "Review",
        "attendees": [{"external_id": "p4", "person": "P-1", "\x00Q\ud969\udebb": None}],
    }
    answer = http.put(
        f"{API}/cases/MOS-100/meetings/M-1", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 422
    assert counts() == state
    rejected = AuditEvent.objects.filter(action="api_rejected").latest("seq")
    assert any("\ufffdQ" in field for field in rejected.detail["fields"])
