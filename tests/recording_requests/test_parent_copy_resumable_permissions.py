"""Who may make a resumable upload of a parent's own recording, persona by persona: the same
as the form (tests/recording_requests/test_upload_permissions.py), refused before anything is
stored and audited; and an upload's own URLs answer only whoever made it (404 to anyone else,
even staff on the case, audited). Signed out: 401, so the script can say so and retry."""

from __future__ import annotations

import pytest
from django.test import Client

from onrecord.vault.models.resumable import ResumableUpload
from tests.recording_requests.tus_support import create, head, patch
from tests.support.parent_copies import assert_audited_if_refused, denied_count, person_of
from tests.support.personas import CORE_PERSONAS as PERSONAS
from tests.support.personas import World

# Staff on the case may add a family's recording, but with the form, which asks how it was
# obtained (test_parent_copy_resumable.py): a resumable upload of theirs is refused with 400.
CREATE = {
    "chair": 400,
    "social_worker": 400,
    "team_manager": 400,
    "legal": 403,
    "outsider": 404,
    "other_authority": 404,
    "mother": 201,
    "father_of_jade": 201,
    "father_of_leo": 201,
    "nurse": 403,
    "other_family": 404,
    "admin": 404,
}
FAMILY = {"mother", "father_of_jade", "father_of_leo", "nurse", "other_family"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_creating_an_upload(world: World, persona: str) -> None:
    before = denied_count()
    extra = {} if persona in FAMILY else {"family_member": str(person_of(world, "mother").pk)}
    response = create(world.client_for(persona), world, 1000, **extra)
    expected = CREATE[persona]
    assert response.status_code == expected, (persona, response.content)
    assert_audited_if_refused(world, persona, expected, before)
    assert ResumableUpload.objects.exists() == (expected == 201)


@pytest.mark.parametrize("persona", ["father_of_jade", "social_worker", "chair", "outsider"])
def test_only_whoever_made_it_may_see_or_add_to_it(world: World, persona: str) -> None:
    location = create(world.client_for("mother"), world, 1000)["Location"]
    other = world.client_for(persona)
    before = denied_count()
    assert head(other, location).status_code == 404
    assert patch(other, location, 0, b"x" * 10).status_code == 404
    assert denied_count() - before == 2
    assert ResumableUpload.objects.get().offset == 0


def test_signed_out_is_401(world: World) -> None:
    location = create(world.client_for("mother"), world, 1000)["Location"]
    assert create(Client(), world, 1000).status_code == 401
    assert head(Client(), location).status_code == 401
