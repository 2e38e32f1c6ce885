"""Each profile says which media and occasions its policy covers; a request outside them is
answered as outside, citing the clause, and not decided under the policy's other rules."""

from __future__ import annotations

import pytest
import yaml

from onrecord.policy import FOR_DECISION_MAKER, ProfileError, load_profile
from onrecord.policy.profiles import BUILTIN_DIR, parse_profile
from onrecord.policy.schema_check import schema_check
from tests.policy.builders import MOTHER, SOCIAL_WORKER
from tests.policy.concepts import decided


@pytest.mark.parametrize("medium", ["video", "photography"])
def test_hackney_covers_audio_only(medium: str) -> None:
    # 000 Title: "Audio Recording of Meetings by Parents and Family Members Guidance"
    d = decided("hackney", medium=medium)
    assert d.in_scope is False
    assert d.outcome == FOR_DECISION_MAKER
    assert [r.code for r in d.reasons] == ["HX-OUTSIDE-SCOPE"]
    assert d.reasons[0].cites.clause == (
        "Audio Recording of Meetings by Parents and Family Members Guidance"
    )
    assert d.conditions == ()
    assert d.actions == ()
    assert all(i.status == "for_decision_maker" and i.reasons == () for i in d.items)
    assert d.reasons[0].interpretation is not None
    data = d.to_dict()
    assert data["in_scope"] is False
    assert schema_check("decision.schema.json").first_problem(data) is None


def test_hackney_answers_a_home_visit_as_outside_its_guidance() -> None:
    # 000 Title: "...Recording of Meetings..."; a home visit is not a meeting
    d = decided("hackney", meeting_kind="home_visit", attendees=[SOCIAL_WORKER, MOTHER])
    assert [r.code for r in d.reasons] == ["HX-OUTSIDE-SCOPE"]
    assert "an audio recording of a home visit" in d.reasons[0].text


@pytest.mark.parametrize("medium", ["audio", "video", "photography"])
def test_hertfordshire_covers_audio_photography_and_video(medium: str) -> None:
    # 002 title: "(audio, photography or video recordings)"
    d = decided("hertfordshire", medium=medium)
    assert d.in_scope is True
    assert d.outcome == "allowed"
    assert load_profile("hertfordshire").scope is not None


def test_leeds_covers_visual_media_but_not_a_phone_call() -> None:
    # 001 Introduction: "The term 'recording' refers to both audio and visual media recordings."
    assert decided("leeds", medium="photography").in_scope is True
    # "...want to record a multi-agency meeting such as a looked after child review..."
    call = decided("leeds", meeting_kind="phone_call", attendees=[SOCIAL_WORKER, MOTHER])
    assert call.in_scope is False
    assert [r.code for r in call.reasons] == ["LD-OUTSIDE-SCOPE"]


def test_brent_covers_audio_of_meetings_and_visits() -> None:
    # 004: "If a parent, family member or friend wants to audio record a meeting"
    video = decided("brent", medium="video")
    assert [r.code for r in video.reasons] == ["BR-OUTSIDE-SCOPE"]
    assert "a video of a meeting" in video.reasons[0].text
    # heading "Recording of meetings & social work visits"
    visit = decided("brent", meeting_kind="home_visit", attendees=[SOCIAL_WORKER, MOTHER])
    assert visit.in_scope is True


def test_every_profile_states_its_scope() -> None:
    for name in ("hackney", "leeds", "hertfordshire", "brent"):
        scope = load_profile(name).scope
        assert scope is not None
        assert scope.media
        assert scope.occasions


def test_a_scope_code_used_by_a_rule_too_is_refused() -> None:
    path = BUILTIN_DIR / "hackney" / "2023-01.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["scope"]["code"] = "HX-ANNOUNCE-END"
    with pytest.raises(ProfileError, match=r"scope\.code: rule code HX-ANNOUNCE-END"):
        parse_profile(data, path)


def test_a_scope_may_only_name_known_media() -> None:
    path = BUILTIN_DIR / "hackney" / "2023-01.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["scope"]["media"] = ["audio", "hologram"]
    with pytest.raises(ProfileError, match=r"scope\.media\[1\]"):
        parse_profile(data, path)
