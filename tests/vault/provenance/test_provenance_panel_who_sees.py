"""The provenance panel and the "compare again" action are for staff who may make a court
bundle of the recording (allocated to its case); the family member who brought it can listen
to it but does not see the panel, and is refused the action (audited); another authority's
staff cannot tell the recording exists."""

from __future__ import annotations

from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.jobs import queue
from onrecord.jobs.models import Job
from tests.support.parent_copies import Stored
from tests.support.personas import World

PANEL = "Where this recording came from"


def test_staff_on_the_case_see_the_receipt(world: World, mothers_recording: Stored) -> None:
    player = reverse("recording_player", args=[mothers_recording.recording.pk])
    for persona in ("social_worker", "chair", "legal"):
        page = world.client_for(persona).get(player).content.decode()
        assert PANEL in page, persona
        assert "Recorded by the family member on their own phone or recorder" in page
        assert "It is being compared with the council" in page  # queued on receipt


def test_the_family_member_listens_without_the_panel(
    world: World, mothers_recording: Stored
) -> None:
    player = reverse("recording_player", args=[mothers_recording.recording.pk])
    response = world.client_for("mother").get(player)
    assert response.status_code == 200
    assert PANEL not in response.content.decode()


def test_staff_may_ask_to_compare_again(world: World, mothers_recording: Stored) -> None:
    recording = mothers_recording.recording
    queue.run_one("test-worker", kinds=["align_recording"])  # the comparison made on receipt
    client = world.client_for("social_worker")
    response = client.post(reverse("recording_compare", args=[recording.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("#provenance")
    job = Job.objects.filter(kind="align_recording", status=Job.Status.QUEUED).get()
    assert job.payload["user_id"] == world.users["social_worker"].pk
    queued = AuditEvent.objects.filter(action="vault.provenance_queued").latest("seq")
    assert queued.actor_username == "tom.bennett"
    # Asked twice while one is on its way: still one job.
    client.post(reverse("recording_compare", args=[recording.pk]))
    assert Job.objects.filter(kind="align_recording", status=Job.Status.QUEUED).count() == 1


def test_others_are_refused_the_comparison_and_it_is_audited(
    world: World, mothers_recording: Stored
) -> None:
    url = reverse("recording_compare", args=[mothers_recording.recording.pk])
    queued = Job.objects.filter(kind="align_recording").count()
    for persona, status in (("mother", 403), ("other_authority", 404), ("other_family", 404)):
        before = AuditEvent.objects.filter(action="access_denied").count()
        response = world.client_for(persona).post(url)
        assert response.status_code == status, persona
        assert AuditEvent.objects.filter(action="access_denied").count() == before + 1
    assert Job.objects.filter(kind="align_recording").count() == queued
