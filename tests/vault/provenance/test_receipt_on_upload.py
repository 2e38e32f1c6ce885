"""When a family's recording is received (their own, uploaded by them or by staff; or a covert
one handed over), its receipt is kept with it: who gave it, how it was obtained (a validated
choice), who received it, its SHA-256 on receipt and what the file says about itself; reading
the file for that is audited, and the comparison with the council's recording is queued. A bad
answer is refused with a specific message and nothing is stored."""

from __future__ import annotations

import hashlib

from onrecord.audit.models import AuditEvent
from onrecord.jobs.models import Job
from onrecord.vault.models import Recording
from onrecord.vault.models.provenance import Receipt
from tests.support.parent_copies import person_of, upload_url, wav_upload
from tests.support.personas import World
from tests.vault import audio


def test_a_covert_recording_handed_over_is_received_with_its_provenance(world: World) -> None:
    data = audio.wav(seconds=2.0)
    mother = person_of(world, "mother")
    response = world.client_for("social_worker").post(
        upload_url(world),
        {
            "recording": wav_upload(data, name="phone-recording.wav"),
            "family_member": str(mother.pk),
            "obtained": "covert_found",
            "obtained_details": "  Found on her phone at the end of the meeting; she sent it.  ",
            "given_by": "Sam  Solicitor",
        },
    )
    assert response.status_code == 302

    recording = Recording.objects.get()
    receipt = Receipt.objects.get(recording=recording)
    assert receipt.obtained == Receipt.Obtained.COVERT_FOUND
    assert receipt.obtained_details == "Found on her phone at the end of the meeting; she sent it."
    assert receipt.given_by == "Sam Solicitor"
    assert receipt.received_by == world.users["social_worker"]
    assert recording.sha256 == hashlib.sha256(data).hexdigest()
    assert receipt.metadata["container"] == "wav"
    assert receipt.metadata["codec"] == "pcm_s16le"
    assert receipt.metadata["sample_rate"] == 16_000
    assert receipt.metadata["channels"] == 1
    assert receipt.metadata["duration_seconds"] == 2.0
    assert receipt.metadata["tool"].startswith("PyAV ")

    received = AuditEvent.objects.get(action="vault.provenance_received")
    assert received.object_id == str(recording.pk)
    assert received.actor_username == "tom.bennett"
    assert received.detail["obtained"] == "covert_found"
    assert received.detail["sha256"] == recording.sha256
    opened = AuditEvent.objects.get(action="vault.open", object_id=str(recording.pk))
    assert opened.detail["purpose"] == "provenance"

    job = Job.objects.get(kind="align_recording")
    assert job.payload == {
        "recording_id": str(recording.pk),
        "user_id": world.users["social_worker"].pk,
    }
    queued = AuditEvent.objects.get(action="vault.provenance_queued")
    assert queued.detail["job"] == job.pk


def test_a_parents_own_upload_is_her_own_recording_given_by_her(world: World) -> None:
    response = world.client_for("mother").post(upload_url(world), {"recording": wav_upload()})
    assert response.status_code == 302
    receipt = Receipt.objects.get()
    assert receipt.obtained == Receipt.Obtained.OWN_DEVICE
    assert receipt.given_by == person_of(world, "mother").full_name
    assert receipt.received_by == world.users["mother"]


def _refused(world: World, answers: dict[str, str], message: str) -> None:
    marcus = person_of(world, "father_of_jade")
    response = world.client_for("social_worker").post(
        upload_url(world), {"recording": wav_upload(), "family_member": str(marcus.pk), **answers}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Recording.objects.exists()
    assert not Receipt.objects.exists()
    assert not Job.objects.filter(kind="align_recording").exists()


def test_staff_must_say_how_it_was_obtained(world: World) -> None:
    _refused(world, {}, "Select how the recording was obtained")
    _refused(world, {"obtained": "found_it_online"}, "Select how the recording was obtained")


def test_another_way_must_be_described(world: World) -> None:
    _refused(world, {"obtained": "other", "obtained_details": "   "}, "Say how the recording")


def test_overlong_answers_are_refused(world: World) -> None:
    _refused(world, {"obtained": "own_device", "given_by": "x" * 201}, "200 characters or fewer")
    _refused(
        world,
        {"obtained": "other", "obtained_details": "x" * 2001},
        "2,000 characters or fewer",
    )


def test_from_an_incident_the_form_starts_at_a_covert_recording_handed_over(
    world: World,
) -> None:
    page = world.client_for("social_worker").get(upload_url(world) + "?obtained=covert_found")
    assert page.status_code == 200
    assert 'value="covert_found" checked' in page.content.decode()
