"""Incidents: covert recording and publication followed up as the seeds require, tasks with
owners and due dates, overdue ones on the dashboard, and no closing with work left (issue 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from onrecord.incidents import services
from onrecord.incidents.models import Incident, Task
from onrecord.recording_requests.models import TimelineEntry
from tests.support.personas import World


def _when(moment: dt.datetime) -> dict[str, str]:
    local = timezone.localtime(moment)
    return {
        "discovered_at_0": str(local.day),
        "discovered_at_1": str(local.month),
        "discovered_at_2": str(local.year),
        "discovered_at_3": f"{local:%H:%M}",
    }


def test_covert_recording_raised_from_the_meeting_sets_the_follow_up(world: World) -> None:
    client = world.client_for("chair")
    response = client.post(
        reverse("incident_open", args=[world.case.pk]) + f"?meeting={world.meeting.pk}",
        {
            "kind": "covert_recording",
            "discovered_by": "Amira Hassan, school nurse",
            **_when(timezone.now() - dt.timedelta(minutes=10)),
            "description": "A phone was recording in a coat pocket.",
            "chair_action": "asked_to_stop",
            "recorded_by": "unknown",  # asked since who recorded was added (legal escalation)
            "meeting": str(world.meeting.pk),
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.meeting == world.meeting
    tasks = {t.code: t for t in incident.tasks.all()}
    assert set(tasks) == {
        "inform_chair",
        "inform_local_authority",
        "consider_legal_representative",
        "consider_network",
        "consider_risk_of_harm",
    }
    # The chair raised it, so already knows (Leeds e: "the chair of the meeting should be
    # informed by whoever has found this out"): not a task for the social worker.
    assert tasks["inform_chair"].owner == world.users["chair"]
    assert tasks["inform_chair"].is_done
    assert tasks["inform_chair"].outcome == services.CHAIR_RAISED_IT
    assert tasks["consider_legal_representative"].owner == world.users["chair"]
    # Sources in words, naming the case's own council's policy, never a file name.
    for task in tasks.values():
        assert ".txt" not in task.source
        assert "London Borough of Hackney" in task.source
    minutes = TimelineEntry.objects.get(for_minutes=True, summary__startswith="Incident")
    assert "Asked them to stop recording" in minutes.body


def test_publication_is_followed_to_legal_advice_removal_and_closure(world: World) -> None:
    incident = services.open_incident(
        world.case,
        kind="publication",
        opened_by=world.users["social_worker"],
        discovered_by="Tom Bennett",
        discovered_at=timezone.now(),
        description="Audio of the conference posted on a video site.",
        where_found="A video-sharing site",
    )
    assert incident.tasks.get(code="seek_removal").owner == world.users["legal"]
    client = world.client_for("legal")

    def url(action: str) -> str:
        return reverse("incident_act", args=[incident.pk, action])

    early = client.post(url("close"), {"outcome": "Done"})
    assert early.status_code == 400
    assert "tasks still open" in early.content.decode()

    client.post(url("assess"), {
        "child_identifiable": "yes", "risk_of_further_harm": "yes",
        "possible_emotional_abuse": "not_known", "notes": "Names are spoken",
    })  # fmt: skip
    client.post(url("ask_legal"), {"question": "Can we seek an injunction?"})
    client.post(url("start_removal"), {"type": "takedown", "target": "The video site"})
    advice = incident.legal_advice.get()
    removal = incident.removals.get()
    blocked = client.post(url("close"), {"outcome": "Done"})
    assert "not yet answered" in blocked.content.decode()
    assert "removal actions still running" in blocked.content.decode()

    forged = client.post(url("legal_answer"), {"advice_id": "x'--", "advice": "y"})
    assert "not part of this incident" in forged.content.decode()
    client.post(url("legal_answer"), {"advice_id": str(advice.pk), "advice": "Ask for removal."})
    client.post(url("end_removal"), {"removal": str(removal.pk), "state": "granted"})
    for task in incident.tasks.all():
        client.post(url("complete_task"), {"task": str(task.pk), "outcome": "Done as required"})
    closed = client.post(url("close"), {"outcome": "Recording removed; family spoken to."})
    assert closed.status_code == 302
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    assert incident.assessments.get().child_identifiable == "yes"

    after = client.post(url("ask_legal"), {"question": "More?"})
    assert after.status_code == 400
    assert "This incident is closed." in after.content.decode()


def test_future_discovery_time_is_refused_and_nothing_is_stored(world: World) -> None:
    response = world.client_for("chair").post(
        reverse("incident_open", args=[world.case.pk]),
        {
            "kind": "covert_recording",
            "discovered_by": "Someone",
            **_when(timezone.now() + dt.timedelta(days=2)),
            "description": "x",
            "chair_action": "none",
        },
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not Incident.objects.exists()


def test_invalid_date_is_named(world: World) -> None:
    response = world.client_for("chair").post(
        reverse("incident_open", args=[world.case.pk]),
        {
            "kind": "covert_recording",
            "discovered_by": "Someone",
            "discovered_at_0": "31",
            "discovered_at_1": "2",
            "discovered_at_2": "2026",
            "discovered_at_3": "10:00",
            "description": "x",
            "chair_action": "none",
        },
    )
    assert response.status_code == 400
    assert "Enter a real date" in response.content.decode()


def test_dashboard_shows_overdue_tasks(world: World) -> None:
    incident = services.open_incident(
        world.case,
        kind="covert_recording",
        opened_by=world.users["social_worker"],
        discovered_by="Tom Bennett",
        discovered_at=timezone.now(),
        description="Found after the meeting.",
    )
    Task.objects.filter(incident=incident, code="inform_chair").update(
        due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    page = world.client_for("chair").get(reverse("incident_dashboard")).content.decode()
    overdue_section = page.split(">Overdue tasks</h2>")[1].split(">Your tasks</h2>")[0]
    assert "Inform the chair of the meeting" in overdue_section
    assert "Overdue" in overdue_section
    outsider = world.client_for("outsider").get(reverse("incident_dashboard")).content.decode()
    assert "Inform the chair of the meeting" not in outsider


@pytest.mark.parametrize(
    ("persona", "status"),
    [("chair", 200), ("legal", 200), ("outsider", 404), ("mother", 404), ("nurse", 404)],
)
def test_who_can_see_an_incident(world: World, persona: str, status: int) -> None:
    incident = services.open_incident(
        world.case,
        kind="covert_recording",
        opened_by=world.users["chair"],
        discovered_by="Priya Shah",
        discovered_at=timezone.now(),
        description="x",
    )
    response = world.client_for(persona).get(reverse("incident_detail", args=[incident.pk]))
    assert response.status_code == status


def test_social_worker_cannot_close(world: World) -> None:
    incident = services.open_incident(
        world.case,
        kind="friend_recording",
        opened_by=world.users["chair"],
        discovered_by="Priya Shah",
        discovered_at=timezone.now(),
        description="The aunt's friend recorded; parents objected.",
        chair_action="asked_to_leave",
    )
    response = world.client_for("social_worker").post(
        reverse("incident_act", args=[incident.pk, "close"]), {"outcome": "x"}
    )
    assert response.status_code == 403


def test_whoever_found_out_informs_the_chair_citing_the_councils_own_clause(
    world: World,
) -> None:
    """Leeds e: the chair "should be informed by whoever has found this out": the task is the
    social worker's when they raised it, and under Leeds's guidance it cites Leeds's clause
    (e) in words; under Hackney's, which does not require it, it says so."""
    authority = world.case.authority
    authority.policy_profile = "leeds"
    authority.save(update_fields=["policy_profile"])
    world.case.refresh_from_db()
    incident = services.open_incident(
        world.case,
        kind="covert_recording",
        opened_by=world.users["social_worker"],
        discovered_by="Tom Bennett",
        discovered_at=timezone.now(),
        description="A parent said they had recorded the last meeting on their phone.",
        meeting=world.meeting,
    )
    tasks = {t.code: t for t in incident.tasks.all()}
    inform = tasks["inform_chair"]
    assert inform.owner == world.users["social_worker"]
    assert not inform.is_done
    assert inform.source == (
        "Required by Leeds City Council (Leeds Safeguarding Children Partnership)'s policy, "
        "When someone has covertly recorded a meeting or conference (e)"
    )
    assert tasks["consider_network"].source.startswith("Good practice")  # Brent's, not Leeds's
