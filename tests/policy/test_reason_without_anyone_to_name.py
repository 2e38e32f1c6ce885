"""A rule whose text names {who} can hold for a reason that names nobody (its `when:` is an
`any` of a plain truth and a list of people): the text then says "Someone" (capitalised, as
it opens the sentence), never a blank.
Found by mutation testing (docs/MUTATION.md)."""

from __future__ import annotations

import yaml

from onrecord.policy import decide
from onrecord.policy.profiles import BUILTIN_DIR, parse_profile
from tests.policy.builders import JADE_PERSON, build


def test_who_is_someone_when_nobody_is_named() -> None:
    path = BUILTIN_DIR / "hackney" / "2023-01.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    rule = next(r for r in data["rules"] if r["code"] == "HX-CHILD-VIEW")
    rule["when"] = {"any": ["purpose_court", "child_objects"]}
    profile = parse_profile(data, path)

    nobody = decide(profile, build(purposes=["court"]))
    reason = next(r for r in nobody.reasons if r.code == "HX-CHILD-VIEW")
    assert reason.about == ()
    assert reason.text.startswith("Someone does not want the meeting recorded.")

    named = decide(profile, build(purposes=["court"], views={JADE_PERSON: "objects"}))
    reason = next(r for r in named.reasons if r.code == "HX-CHILD-VIEW")
    assert reason.text.startswith("Jade Whitfield does not want the meeting recorded.")
