"""An audit entry keeps what came from outside even where the database could not store it as
sent: NUL (PostgreSQL refuses it in text and JSON) and lone surrogates (not UTF-8) become U+FFFD,
in keys and values, before the entry is hashed, so the chain still verifies. Found by the
schemathesis run on PostgreSQL: a field name with NUL in an API body was a 500, not a 422."""

from __future__ import annotations

import pytest

from onrecord.audit import services as audit
from onrecord.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_nul_and_lone_surrogates_are_stored_as_the_replacement_character() -> None:
    event = audit.record(
        "api_rejected",
        object_type="api.call",
        object_id="M-\x001",
        detail={"fields": ["attendees.0.\x00Q", "x\ud800y"], "k\x00": {"n\udfff": "v"}},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.object_id == "M-\ufffd1"
    assert stored.detail == {
        "fields": ["attendees.0.\ufffdQ", "x\ufffdy"],
        "k\ufffd": {"n\ufffd": "v"},
    }
    assert audit.verify().ok


def test_text_that_can_be_stored_is_unchanged() -> None:
    detail = {"fields": ["family_name"], "note": "Ŵyn café — “quoted” 𝄞", "n": [1, 2.5, None]}
    event = audit.record("api_rejected", object_type="api.call", detail=detail)
    assert AuditEvent.objects.get(pk=event.pk).detail == detail
