"""Reports are for team managers, chairs and legal officers, and only for the authorities they
work for: every persona, for the page and both kinds of download; refusals are audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from tests.recording_requests.helpers import walk_journey
from tests.support.personas import World

URLS = [
    ("report", []),
    ("report_csv", []),
    ("report_table_csv", ["requests-by-month"]),
]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("team_manager", 200),
        ("chair", 200),
        ("legal", 200),
        ("social_worker", 403),
        ("outsider", 403),
        ("mother", 403),
        ("father_of_jade", 403),
        ("nurse", 403),
        ("other_family", 403),
        ("admin", 403),
    ],
)
def test_who_may_see_reports(world: World, persona: str, status: int) -> None:
    client = world.client_for(persona)
    for name, args in URLS:
        assert client.get(reverse(name, args=args)).status_code == status
    if status == 403:
        refused = AuditEvent.objects.filter(action="access_denied", object_type="reports.report")
        assert refused.count() == len(URLS)


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    from django.test import Client

    response = Client().get(reverse("report"))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_another_authority_sees_only_its_own_figures(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    walk_journey(world.client_for("other_family"), world.other_meeting)
    client = world.client_for("other_authority")
    html = client.get(reverse("report")).content.decode()
    assert "Counts for Westford Council" in html
    assert "Eastmere" not in html
    assert "Child in need meeting" in html
    assert "Child protection conference" not in html
    csv_text = client.get(reverse("report_csv")).content.decode()
    assert "Child in need meeting" in csv_text
    assert "Child protection conference" not in csv_text
    ours = world.client_for("team_manager").get(reverse("report")).content.decode()
    assert "Child in need meeting" not in ours
