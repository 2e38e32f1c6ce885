"""Only the records manager (a legal or administrator account given vault.dispose_recording)
sees the due list and confirms disposal; everyone else is refused, and the refusal audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.retention.disposal import DisposalRefused, dispose
from onrecord.vault.models import Recording
from tests.support.personas import CORE_PERSONAS as PERSONAS
from tests.support.personas import World

ALLOWED = {"admin"}  # the administrator is a superuser; the rest need the permission


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_confirm_a_disposal(
    world: World, warned_recording: Recording, persona: str
) -> None:
    client = world.client_for(persona)
    denied_before = AuditEvent.objects.filter(action="access_denied").count()
    listing = client.get(reverse("retention_due"))
    response = client.post(
        reverse("disposal_review", args=[warned_recording.pk]), {"confirm": "on"}
    )
    disposed = Recording.objects.get(pk=warned_recording.pk).disposed_at is not None
    if persona in ALLOWED:
        assert listing.status_code == 200
        assert response.status_code == 302
        assert disposed
    else:
        assert listing.status_code == 403
        assert response.status_code == 403
        assert not disposed
        assert AuditEvent.objects.filter(action="access_denied").count() - denied_before == 2


def test_the_owner_is_refused_even_with_the_permission(
    world: World, warned_recording: Recording
) -> None:
    owner = world.users["social_worker"]
    owner.user_permissions.add(Permission.objects.get(codename="dispose_recording"))
    with pytest.raises(DisposalRefused, match="may not dispose of recordings"):
        dispose(warned_recording, by=type(owner).objects.get(pk=owner.pk))
    assert Recording.objects.get(pk=warned_recording.pk).disposed_at is None


def test_two_steps_review_then_confirm(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    client = world.client_for("records_manager")
    listing = client.get(reverse("retention_due"))
    assert listing.status_code == 200
    assert reverse("disposal_review", args=[warned_recording.pk]) in listing.content.decode()
    review = client.get(reverse("disposal_review", args=[warned_recording.pk]))
    assert review.status_code == 200
    assert "Dispose of this recording" in review.content.decode()
    unconfirmed = client.post(reverse("disposal_review", args=[warned_recording.pk]), {})
    assert unconfirmed.status_code == 200
    assert "Confirm that this recording should be disposed of" in unconfirmed.content.decode()
    assert Recording.objects.get(pk=warned_recording.pk).disposed_at is None
    done = client.post(reverse("disposal_review", args=[warned_recording.pk]), {"confirm": "on"})
    certificate = Recording.objects.get(pk=warned_recording.pk).disposal_certificate
    assert done.status_code == 302
    assert done["Location"] == reverse("disposal_certificate", args=[certificate.number])


def test_a_refused_confirmation_says_why(
    world: World, old_recording: Recording, records_manager: Any
) -> None:
    client = world.client_for("records_manager")
    review = client.get(reverse("disposal_review", args=[old_recording.pk]))
    assert "has not been warned yet" in review.content.decode()
    assert "Dispose of this recording" not in review.content.decode()
    forced = client.post(reverse("disposal_review", args=[old_recording.pk]), {"confirm": "on"})
    assert forced.status_code == 409
    assert "has not been warned yet" in forced.content.decode()
    assert Recording.objects.get(pk=old_recording.pk).disposed_at is None
