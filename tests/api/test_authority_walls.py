"""The API's walls, by named persona: a second authority's case system sees nothing of the
first (404, the same as for nothing at all, and audited), a revoked or expired token is refused
(401), a client lacking a scope is refused (403), and every refusal changes nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Case, Meeting
from tests.api.test_case_system_journey import API, build_case, counts
from tests.support.api_clients import ApiPersonas
from tests.support.personas import World

READS = [
    "/cases/MOS-100",
    "/meetings/M-1",
    "/meetings/M-1/requests",
    "/cases/MOS-100/declarations",
    "/meetings/M-1/minutes",
    "/meetings/M-1/recordings",
]


def denied() -> int:
    return AuditEvent.objects.filter(action="access_denied").count()


@pytest.fixture
def built(api_personas: ApiPersonas) -> dict[str, str]:
    answers = build_case(api_personas.http("own_system"))
    return {name: answer.json()["id"] for name, answer in answers.items()}


def test_the_own_authority_reads_its_record_and_each_read_is_audited(
    api_personas: ApiPersonas, built: dict[str, str]
) -> None:
    http = api_personas.http("own_system")
    for path in READS[:4] + READS[5:]:
        before = AuditEvent.objects.filter(action="view", actor_username="api:eastmere-mosaic")
        count = before.count()
        answer = http.get(f"{API}{path}")
        assert answer.status_code == 200, (path, answer.content)
        assert before.count() == count + 1, path
    # Minutes not yet approved: 404 with a reason.
    assert http.get(f"{API}/meetings/M-1/minutes").status_code == 404


def test_another_authoritys_system_sees_nothing_of_the_first(
    api_personas: ApiPersonas, built: dict[str, str]
) -> None:
    other = api_personas.http("other_system")  # same system name (mosaic), other authority
    for path in READS:
        before = denied()
        answer = other.get(f"{API}{path}")
        assert answer.status_code == 404, path
        assert "MOS-100" not in answer.content.decode()
        assert "Lark" not in answer.content.decode()
        assert denied() == before + 1, path
    # OnRecord's own ids do not get through the wall either.
    assert other.get(f"{API}/requests/{built['meeting']}").status_code == 404


def test_another_authoritys_system_cannot_write_into_the_first(
    api_personas: ApiPersonas, built: dict[str, str]
) -> None:
    other = api_personas.http("other_system")
    before = counts()
    answer = other.put(
        f"{API}/cases/MOS-100/meetings/M-9",
        json.dumps(
            {"kind": "core_group", "mode": "online", "scheduled_start": "2031-01-01T09:00Z"}
        ),
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert counts() == before
    # Its own case of the same external id is its own: a different record, in its authority.
    own = other.put(
        f"{API}/cases/MOS-100",
        json.dumps({"reference": "WF-MOS-100", "family_name": "Other"}),
        content_type="application/json",
    )
    assert own.status_code == 201
    made = Case.objects.get(pk=own.json()["id"])
    assert str(made.pk) != built["case"]
    assert made.authority == api_personas.clients["other_system"].authority


@pytest.mark.parametrize("persona", ["revoked", "expired"])
def test_revoked_and_expired_tokens_are_refused(
    api_personas: ApiPersonas, built: dict[str, str], persona: str
) -> None:
    http = api_personas.http(persona)
    before = denied()
    assert http.get(f"{API}/cases/MOS-100").status_code == 401
    assert denied() == before + 1
    answer = http.put(
        f"{API}/cases/MOS-200",
        json.dumps({"reference": "MOS-200", "family_name": "X"}),
        content_type="application/json",
    )
    assert answer.status_code == 401
    assert not Case.objects.filter(reference="MOS-200").exists()


def test_no_token_and_a_made_up_token_are_refused(built: dict[str, str]) -> None:
    assert Client().get(f"{API}/cases/MOS-100").status_code == 401
    forged = Client(HTTP_AUTHORIZATION="Bearer onr_deadbeef_not-a-token")
    assert forged.get(f"{API}/cases/MOS-100").status_code == 401


def test_a_client_lacking_a_scope_is_refused(
    api_personas: ApiPersonas, built: dict[str, str]
) -> None:
    reader = api_personas.http("read_only")  # cases:read only
    assert reader.get(f"{API}/cases/MOS-100").status_code == 200
    before, state = denied(), counts()
    assert reader.get(f"{API}/meetings/M-1/requests").status_code == 403
    answer = reader.put(
        f"{API}/cases/MOS-100",
        json.dumps({"reference": "CHANGED", "family_name": "Changed"}),
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert denied() == before + 2
    assert counts() == state
    assert Case.objects.get(pk=built["case"]).reference == "MOS-100"


def test_a_bad_body_gets_field_errors_and_changes_nothing(
    api_personas: ApiPersonas, built: dict[str, str]
) -> None:
    http = api_personas.http("own_system")
    state = counts()
    # Schema errors: the field is named, the value is not echoed back.
    answer = http.put(
        f"{API}/cases/MOS-100/meetings/M-2",
        json.dumps({"kind": "tea_party", "scheduled_start": "not a date", "mode": "online"}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    locs = [tuple(e["loc"]) for e in answer.json()["detail"]]
    assert ("body", "body", "kind") in locs or ("body", "kind") in locs, locs
    assert "tea_party" not in answer.content.decode()
    rejected = AuditEvent.objects.filter(action="api_rejected").latest("seq")
    assert "tea_party" not in str(rejected.detail)
    assert any("kind" in field for field in rejected.detail["fields"])
    # Domain errors, found part-way through: nothing of the meeting is kept.
    bad_attendee = {
        "kind": "core_group",
        "mode": "in_person",
        "place": "Office",
        "scheduled_start": "2031-01-01T09:00:00Z",
        "attendees": [{"external_id": "A-9", "person": "P-NOBODY", "role": "Uncle"}],
    }
    answer = http.put(
        f"{API}/cases/MOS-100/meetings/M-2",
        json.dumps(bad_attendee),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "attendees", 0, "person"]
    # A model rule (an in-person meeting needs a place) names its field too.
    answer = http.put(
        f"{API}/cases/MOS-100/meetings/M-2",
        json.dumps({**bad_attendee, "place": "", "attendees": []}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "place"]
    assert counts() == state
    assert not Meeting.objects.filter(title="", kind="core_group", case_id=built["case"]).exists()


def test_control_characters_get_a_field_error_not_a_server_error(
    api_personas: ApiPersonas, built: dict[str, str]
) -> None:
    """Found by the schemathesis run on PostgreSQL, which cannot store NUL: a 500 before."""
    http = api_personas.http("own_system")
    state = counts()
    for bad in ("Whit\u0000field", "Whit\u0007field"):
        answer = http.put(
            f"{API}/cases/MOS-200",
            json.dumps({"reference": "MOS-200", "family_name": bad}),
            content_type="application/json",
        )
        assert answer.status_code == 422
        locs = [tuple(e["loc"])[-1] for e in answer.json()["detail"]]
        assert locs == ["family_name"]
    assert counts() == state


def test_a_signed_in_member_of_staff_is_not_an_api_client(world: World) -> None:
    # The API answers tokens only: a browser's session (and so a forged cross-site request
    # riding on it) gets nothing.
    chair = world.client_for("chair")
    assert chair.get(f"{API}/cases/{world.case.reference}").status_code == 401
