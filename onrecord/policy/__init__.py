"""The recording-policy engine: pure Python, no Django.

    profile = load_profile("hackney")          # the version in force today
    scenario = parse_scenario(json_data)       # ScenarioError names the bad field
    decision = decide(profile, scenario)       # .outcome, .reasons, .items, .to_dict(), .to_text()

Profiles are data (profiles/<name>/<version>.yaml); see docs/POLICY.md.
"""

from onrecord.policy.decision import ALLOWED, FOR_DECISION_MAKER, REFUSED, Decision, render_text
from onrecord.policy.engine import decide
from onrecord.policy.profiles import (
    Interpretation,
    Profile,
    ProfileError,
    Rule,
    Scope,
    all_profiles,
    load_profile,
)
from onrecord.policy.scenario import Scenario, ScenarioError, parse_scenario

__all__ = [
    "ALLOWED",
    "FOR_DECISION_MAKER",
    "REFUSED",
    "Decision",
    "Interpretation",
    "Profile",
    "ProfileError",
    "Rule",
    "Scenario",
    "ScenarioError",
    "Scope",
    "all_profiles",
    "decide",
    "load_profile",
    "parse_scenario",
    "render_text",
]
