"""Hackney 3 on the family's own record: Marcus holds parental responsibility for Jade only. On
his notes, their transcript and both downloads he reads the introductions and Jade's items;
Leo's item and the item about both children are left out, each with a plain line saying
something was left out and why, never what."""

from __future__ import annotations

from django.urls import reverse

from onrecord.minutes.models import MinutesVersion
from tests.family_record.conftest import ABOUT_BOTH, ABOUT_JADE, ABOUT_LEO
from tests.support.personas import World

LEFT_OUT = "It was about a child you do not have parental responsibility for."


def test_his_notes_show_jade_and_leave_out_leo(world: World, approved: MinutesVersion) -> None:
    client = world.client_for("father_of_jade")
    body = client.get(reverse("family_record", args=[world.meeting.pk])).content.decode()
    assert "1. Introductions, purpose of the conference and recording" in body
    assert "2. Jade: reports and discussion" in body
    assert "3. Jade: health needs" in body
    assert ABOUT_JADE in body
    assert "Hello everyone and welcome" in body  # before the first item: about no child
    # speech heard but not written down: told plainly, not told to "listen to it"
    assert "10:22 Someone spoke here, but we could not write it down." in body
    assert "listen to it" not in body
    assert "Leo" not in body  # not his title, not what was said, not the chair's log
    assert ABOUT_BOTH not in body
    assert "Decision and child protection plan" not in body
    assert body.count(LEFT_OUT) == 2  # items 4 and 5
    assert "Some parts of the meeting are not here." in body


def test_his_transcript_shows_jade_and_leaves_out_leo(
    world: World, approved: MinutesVersion
) -> None:
    client = world.client_for("father_of_jade")
    body = client.get(reverse("family_transcript", args=[world.meeting.pk])).content.decode()
    assert ABOUT_JADE in body
    assert "Thank you all goodbye" in body  # after the last item
    assert "10:22</strong> Someone spoke here, but we could not write it down." in body
    assert ABOUT_LEO not in body
    assert ABOUT_BOTH not in body
    assert "Leo" not in body
    assert body.count(LEFT_OUT) == 2


def test_his_downloads_hold_only_his_part(world: World, approved: MinutesVersion) -> None:
    client = world.client_for("father_of_jade")
    text = client.get(reverse("family_record_download", args=[world.meeting.pk, "txt"]))
    assert text["Content-Type"].startswith("text/plain")
    assert "attachment" in text["Content-Disposition"]
    said = text.content.decode()
    assert ABOUT_JADE in said
    assert "Leo" not in said
    assert ABOUT_BOTH not in said
    assert said.count(LEFT_OUT) == 2
    assert "10:22 Someone spoke here, but we could not write it down." in said
    assert "listen to it" not in said
    pdf = client.get(reverse("family_record_download", args=[world.meeting.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    from tests.support.tagged_pdf import read_tagged_pdf

    tagged = read_tagged_pdf(pdf.content)
    assert tagged.lang.lower().startswith("en")
    assert "/H1" in tagged.structure
    assert "Jade is happy" in tagged.text
    assert "Leo" not in tagged.text


def test_the_mother_with_pr_for_both_sees_every_item(
    world: World, approved: MinutesVersion
) -> None:
    client = world.client_for("mother")
    body = client.get(reverse("family_record", args=[world.meeting.pk])).content.decode()
    for title in ("Jade: reports and discussion", "Leo: reports and discussion"):
        assert title in body
    assert ABOUT_JADE in body
    assert ABOUT_LEO in body
    assert ABOUT_BOTH in body
    assert LEFT_OUT not in body
    assert "Other notes from the chair" in body  # the whole meeting's notes: nothing left out
    said = client.get(reverse("family_transcript", args=[world.meeting.pk])).content.decode()
    assert ABOUT_LEO in said
    assert LEFT_OUT not in said
