"""Every persona against every page: who may see and do what (issue 2).

A refused attempt on case data is answered 404 (we never reveal whether another family's case
exists) or 403 (the person may see part of the case, not this), and is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from tests.support.personas import World

PERSONAS = [
    "chair",
    "social_worker",
    "team_manager",
    "legal",
    "outsider",
    "other_authority",
    "mother",
    "father_of_jade",
    "other_family",
    "nurse",
    "admin",
]

Page = Callable[[World], tuple[str, str, dict[str, str] | None]]

PAGES: dict[str, Page] = {
    "home": lambda w: ("get", reverse("home"), None),
    "case page": lambda w: ("get", reverse("case_detail", args=[w.case.pk]), None),
    "meeting page": lambda w: ("get", reverse("meeting_detail", args=[w.meeting.pk]), None),
    "write a case note": lambda w: (
        "post",
        reverse("case_note_create", args=[w.case.pk]),
        {"title": "Visit", "body": "Saw both children at home."},
    ),
    "other authority's case page": lambda w: (
        "get",
        reverse("case_detail", args=[w.other_case.pk]),
        None,
    ),
    "other family's meeting": lambda w: (
        "get",
        reverse("meeting_detail", args=[w.other_meeting.pk]),
        None,
    ),
    "administration": lambda w: ("get", reverse("admin:index"), None),
}

# Expected status for persona × page. 302 from a POST is a success (redirect after save);
# 302 from the admin is Django's "sign in as staff" redirect, i.e. a refusal.
EXPECTED: dict[str, dict[str, int]] = {
    "chair": {"home": 200, "case page": 200, "meeting page": 200, "write a case note": 302,
              "other authority's case page": 404, "other family's meeting": 404,
              "administration": 302},
    "social_worker": {"home": 200, "case page": 200, "meeting page": 200,
                      "write a case note": 302, "other authority's case page": 404,
                      "other family's meeting": 404, "administration": 302},
    "team_manager": {"home": 200, "case page": 200, "meeting page": 200,
                     "write a case note": 302, "other authority's case page": 404,
                     "other family's meeting": 404, "administration": 302},
    "legal": {"home": 200, "case page": 200, "meeting page": 200, "write a case note": 403,
              "other authority's case page": 404, "other family's meeting": 404,
              "administration": 302},
    "outsider": {"home": 200, "case page": 404, "meeting page": 404, "write a case note": 404,
                 "other authority's case page": 404, "other family's meeting": 404,
                 "administration": 302},
    "other_authority": {"home": 200, "case page": 404, "meeting page": 404,
                        "write a case note": 404, "other authority's case page": 200,
                        "other family's meeting": 200, "administration": 302},
    "mother": {"home": 200, "case page": 403, "meeting page": 200, "write a case note": 403,
               "other authority's case page": 404, "other family's meeting": 404,
               "administration": 302},
    "father_of_jade": {"home": 200, "case page": 403, "meeting page": 200,
                       "write a case note": 403, "other authority's case page": 404,
                       "other family's meeting": 404, "administration": 302},
    "other_family": {"home": 200, "case page": 404, "meeting page": 404,
                     "write a case note": 404, "other authority's case page": 403,
                     "other family's meeting": 200, "administration": 302},
    "nurse": {"home": 200, "case page": 403, "meeting page": 200, "write a case note": 403,
              "other authority's case page": 404, "other family's meeting": 404,
              "administration": 302},
    "admin": {"home": 200, "case page": 404, "meeting page": 404, "write a case note": 404,
              "other authority's case page": 404, "other family's meeting": 404,
              "administration": 200},
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_matrix(world: World, persona: str, page: str) -> None:
    method, url, data = PAGES[page](world)
    client = world.client_for(persona)
    before = AuditEvent.objects.filter(action="access_denied").count()
    response = getattr(client, method)(url, data or {})
    expected = EXPECTED[persona][page]
    assert response.status_code == expected, f"{persona} → {page}"
    denied = AuditEvent.objects.filter(action="access_denied").count() - before
    if expected in (403, 404):
        assert denied == 1, "a refused attempt on case data must be audited"
        event = AuditEvent.objects.filter(action="access_denied").latest("seq")
        assert event.actor_username == world.users[persona].username
    else:
        assert denied == 0


@pytest.mark.parametrize("page", ["home", "case page", "meeting page", "administration"])
def test_signed_out_visitors_are_sent_to_sign_in(world: World, page: str) -> None:
    from django.test import Client

    _, url, _ = PAGES[page](world)
    response = Client().get(url)
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_family_member_trying_another_familys_case_by_url_is_refused_and_audited(
    world: World,
) -> None:
    client = world.client_for("other_family")
    response = client.get(reverse("meeting_detail", args=[world.meeting.pk]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    event = AuditEvent.objects.filter(action="access_denied").latest("seq")
    assert event.object_id == str(world.meeting.pk)
    assert event.case_id == str(world.case.pk)
    assert event.actor_username == "olive.other"


def test_ended_allocation_removes_access(world: World) -> None:
    allocation = world.case.allocations.get(user=world.users["social_worker"])
    allocation.ended_on = allocation.allocated_on
    allocation.save()
    response = world.client_for("social_worker").get(reverse("case_detail", args=[world.case.pk]))
    assert response.status_code == 404


def test_father_sees_only_his_own_childs_agenda_items(world: World) -> None:
    page = world.client_for("father_of_jade").get(
        reverse("meeting_detail", args=[world.meeting.pk])
    )
    html = page.content.decode()
    assert "Jade: reports and discussion" in html
    assert "Leo: reports and discussion" not in html
    assert "An item about a child you do not have parental responsibility for" in html
    mother_html = (
        world.client_for("mother")
        .get(reverse("meeting_detail", args=[world.meeting.pk]))
        .content.decode()
    )
    assert "Leo: reports and discussion" in mother_html
    assert "Jade: reports and discussion" in mother_html


def test_every_view_of_case_data_is_audited(world: World) -> None:
    client = world.client_for("chair")
    client.get(reverse("case_detail", args=[world.case.pk]))
    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.object_type, event.object_id) == (
        "view",
        "cases.case",
        str(world.case.pk),
    )
    assert event.actor_username == "priya.shah"
    assert event.ip_address == "127.0.0.1"
