"""A draft a policy owner uploads or edits is checked as every profile is (issue 14): bad input
is refused with an error naming what is wrong, on the page and from the service, and nothing
is saved or changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from onrecord.policy.profiles import BUILTIN_DIR
from onrecord.policy_versions import services
from onrecord.policy_versions.models import PolicyVersion
from tests.support.personas import World

HACKNEY = (BUILTIN_DIR / "hackney" / "2023-01.yaml").read_text(encoding="utf-8")
DRAFT = HACKNEY.replace('version: "2023-01"', 'version: "2099-01"')

BAD = {
    "not YAML": (b"profile: [unclosed", "is not valid YAML"),
    "schema": (
        DRAFT.replace("effect: refuse", "effect: forbid", 1).encode(),
        "'forbid' is not one of",
    ),
    "unknown fact": (
        DRAFT.replace("when: requester_is_friend", "when: requester_is_a_friend", 1).encode(),
        "unknown fact 'requester_is_a_friend'",
    ),
    "another council's profile": (
        (BUILTIN_DIR / "leeds" / "1.yaml").read_bytes().replace(b'version: "1"', b'version: "9"'),
        "this is a version of the 'leeds' policy",
    ),
    "a label already used": (HACKNEY.encode(), "'2023-01' is already a version"),
    "aliases": (b"a: &x [1]\nb: *x\n", "anchor or alias"),
    "not UTF-8": (b"profile: \xff\xfe", "is not UTF-8"),
    "empty": (b"   \n", "is empty"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_upload_is_refused_naming_the_problem(world: World, case: str) -> None:
    raw, expected = BAD[case]
    client = world.client_for("policy_owner")
    slug = world.case.authority.slug
    before = list(PolicyVersion.objects.values_list("pk", "text", "status"))
    response = client.post(
        reverse("policy_upload", args=[slug]),
        {"profile": SimpleUploadedFile("hackney-2099.yaml", raw, "application/yaml")},
    )
    assert response.status_code == 400
    assert escape(expected) in response.content.decode()
    assert list(PolicyVersion.objects.values_list("pk", "text", "status")) == before


def test_a_good_upload_is_a_draft_that_decides_nothing(world: World) -> None:
    client = world.client_for("policy_owner")
    slug = world.case.authority.slug
    response = client.post(
        reverse("policy_upload", args=[slug]),
        {"profile": SimpleUploadedFile("hackney-2099.yaml", DRAFT.encode(), "application/yaml")},
    )
    assert response.status_code == 302
    draft = PolicyVersion.objects.get(label="2099-01")
    assert draft.is_draft
    assert draft.source == PolicyVersion.Source.UPLOADED
    assert draft.number == 2  # the shipped profile is version 1
    shipped = PolicyVersion.objects.get(number=1, authority=world.case.authority)
    assert shipped.source == PolicyVersion.Source.SHIPPED
    assert shipped.label == "2023-01"
    assert str(shipped.effective_from) == "2023-01-01"


def test_an_edit_with_a_mistake_leaves_the_draft_as_it_was(world: World) -> None:
    authority = world.case.authority
    draft = services.draft_from_active(authority, world.users["policy_owner"], "2099-01")
    response = world.client_for("policy_owner").post(
        reverse("policy_edit", args=[authority.slug, draft.pk]),
        {"text": draft.text.replace("clause:", "klause:", 1)},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert PolicyVersion.objects.get(pk=draft.pk).text == draft.text


def test_a_label_that_is_not_a_label_is_refused(world: World) -> None:
    with pytest.raises(services.PolicyVersionError, match="up to 40 letters"):
        services.draft_from_active(world.case.authority, world.users["policy_owner"], "a b/c")
    assert not PolicyVersion.objects.filter(status=PolicyVersion.Status.DRAFT).exists()
