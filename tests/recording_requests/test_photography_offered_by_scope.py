"""Photos are offered as a way to record only where the authority's policy covers photography
(its profile's scope); the app's decision then applies that policy's rules (issue 14)."""

from __future__ import annotations

from django.urls import reverse

from tests.recording_requests.helpers import only_request, walk_journey
from tests.recording_requests.policy_concepts import codes, decide_page, under
from tests.support.personas import World


def _how_page(world: World) -> str:
    client = world.client_for("mother")
    client.get(reverse("ask_to_record", args=[world.meeting.pk]))
    return client.get(reverse("ask_to_record_how", args=[world.meeting.pk])).content.decode()


def test_hertfordshire_1_1_covers_photography_so_photos_are_offered_and_decided(
    world: World,
) -> None:
    """Hertfordshire's scope: audio, photography and video. A request for photos is decided
    under its rules, not answered as outside them (no HT-OUTSIDE-SCOPE)."""
    under(world, "hertfordshire")
    assert 'value="photography"' in _how_page(world)
    walk_journey(world.client_for("mother"), world.meeting, medium="photography")
    made = only_request()
    assert made.medium == "photography"
    engine = decide_page(world, made)
    assert engine["in_scope"] is True
    assert "HT-OUTSIDE-SCOPE" not in codes(engine)


def test_hackney_title_covers_audio_so_photos_are_not_offered(world: World) -> None:
    """Hackney's title: "Audio Recording of Meetings": photos are not offered, and choosing
    them anyway is refused on the page; video is offered and referred (HX-OUTSIDE-SCOPE)."""
    under(world, "hackney")
    assert 'value="photography"' not in _how_page(world)
    client = world.client_for("mother")
    refused = client.post(
        reverse("ask_to_record_how", args=[world.meeting.pk]), {"medium": "photography"}
    )
    assert refused.status_code == 400
    assert "Choose one of the ways to record on this page" in refused.content.decode()
    walk_journey(client, world.meeting, medium="video")
    assert "HX-OUTSIDE-SCOPE" in codes(decide_page(world, only_request()))
