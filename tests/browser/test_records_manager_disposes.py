"""Retention, the whole journey (issue 6): legal staff place a legal hold on the case and lift it;
the records manager reviews the recordings due for disposal, confirms one in two steps and gets
the certificate; the chair then finds the recording's page saying when and under which rule it
was disposed of. axe-core on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from onrecord.vault.models import Recording
from tests.browser.conftest import Visitor
from tests.retention.conftest import (  # noqa: F401  (fixtures)
    old_recording,
    records_manager,
    schedule_file,
    short_retention,
    warned_recording,
)
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hold_then_disposal_with_certificate(
    world: World, visitors: Callable[..., Visitor], request: pytest.FixtureRequest
) -> None:
    # The retention fixtures (imported above): due, owner warned 91 days ago; Rita Records.
    recording: Recording = request.getfixturevalue("warned_recording")
    manager_user: Any = request.getfixturevalue("records_manager")
    legal = visitors()
    legal.already_signed_in(world.users["legal"])
    legal.goto(reverse("case_legal_holds", args=[world.case.pk]), "Legal holds")
    legal.page.get_by_label("Court case or matter reference").fill("ZC26C00417")
    legal.page.get_by_label("Why must it be kept").fill("Care proceedings")
    legal.page.get_by_role("button", name="Place the legal hold").click()
    legal.check("Legal holds")
    assert "Active" in legal.page.inner_text("main")

    manager = visitors()
    manager.already_signed_in(manager_user)
    manager.goto(reverse("retention_due"), "Recordings due for disposal")
    assert "Legal hold" in manager.page.inner_text("main")
    manager.page.get_by_role("link", name="review for disposal").click()
    manager.check("Dispose of a recording")
    assert "under legal hold (ZC26C00417" in manager.page.inner_text("#refusal")

    legal.page.get_by_role("link", name="Lift").click()
    legal.check("Lift legal hold ZC26C00417")
    legal.page.get_by_label("Why can the hold be lifted").fill("Final order made")
    legal.page.get_by_role("button", name="Lift the legal hold").click()
    legal.check("Legal holds")

    manager.page.reload()
    manager.check("Dispose of a recording")
    manager.page.get_by_role("button", name="Dispose of this recording").click()
    manager.check("Dispose of a recording")  # not ticked: the error says so
    assert "Confirm that this recording should be disposed of" in manager.page.inner_text("main")
    manager.page.get_by_label("I have checked this recording is due").check()
    manager.page.get_by_role("button", name="Dispose of this recording").click()
    page = manager.check(re.compile(r"^Disposal certificate \d+$"))
    number = Recording.objects.get(pk=recording.pk).disposal_certificate.number
    assert page.get_by_role("heading", level=1).inner_text() == f"Disposal certificate {number}"
    assert recording.sha256 in page.inner_text("main")

    chair = visitors(phone=True)
    chair.already_signed_in(world.users["chair"])
    chair.goto(
        reverse("recording_player", args=[recording.pk]),
        "This recording has been disposed of",
    )
    assert f"certificate {number}." in chair.page.inner_text("#disposal-notice")
