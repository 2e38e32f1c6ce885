"""Policy profiles: each authority's recording policy as versioned YAML data.

Profiles live in `onrecord/policy/profiles/<name>/<version>.yaml`, and in any directories named
by `ONRECORD_POLICY_DIRS` (separated by the OS path separator) laid out the same way, so a
council adds a fifth authority, or a new version of its own, without touching Python. Each file
is checked against `schemas/profile.schema.json` and its conditions against the fact vocabulary
(`facts.py`) when loaded; a bad profile is refused with an error naming the file, the rule and
the field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema.exceptions
import yaml

from onrecord.policy.citation import Citation as Citation  # re-exported: profiles.Citation
from onrecord.policy.facts import ITEM_FACTS, REQUEST_FACTS, Fact
from onrecord.policy.meeting_rules import MeetingRules, parse_meeting
from onrecord.policy.schema_check import field_path, load_schema

BUILTIN_DIR = Path(str(resources.files("onrecord.policy").joinpath("profiles")))
POLICY_DIRS_VARIABLE = "ONRECORD_POLICY_DIRS"


class ProfileError(ValueError):
    """A profile is missing or invalid; the message names the file, the rule and the field."""


Facts = Mapping[str, Fact]


@dataclass(frozen=True, slots=True)
class Condition:
    """A compiled `when:`; `subjects` are the facts whose names a reason quotes."""

    test: Callable[[Facts], object]  # truthy when the condition holds
    subjects: tuple[str, ...]
    # The `when:` in words over the fact names, e.g. "requester_is_friend and not
    # pr_holder_objects", so a policy owner's diff (diff.py) can compare conditions.
    text: str = "always"

    def holds(self, facts: Facts) -> bool:
        return bool(self.test(facts))

    def who(self, facts: Facts) -> tuple[str, ...]:
        """The people or children the condition's facts name, sorted."""
        names: set[str] = set()
        for name in self.subjects:
            value = facts[name]
            if isinstance(value, tuple):
                names.update(value)
        return tuple(sorted(names))


ALWAYS = Condition(lambda facts: True, ())


INTERPRETATION_KINDS = ("analogy", "reading", "default")
INTERPRETATION_STATUSES = ("awaiting_policy_owner", "confirmed")


@dataclass(frozen=True, slots=True)
class Interpretation:
    """How a rule reads its clause, where the clause does not settle it: applied by analogy
    (`analogy`), one reading chosen among several (`reading`), or a default taken where the
    seed is silent (`default`). Decisions show it; the policy owner confirms or changes it,
    so a profile file records whether it is still `awaiting_policy_owner` or `confirmed`."""

    kind: str
    reading: str  # what this profile does, in plain English
    status: str = "awaiting_policy_owner"
    alternatives: tuple[str, ...] = ()  # the other readings the owner could choose
    confirmed_by: str = ""
    confirmed_on: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "reading": self.reading,
            "status": self.status,
            "alternatives": list(self.alternatives),
        }
        if self.status == "confirmed":
            out["confirmed_by"] = self.confirmed_by
            out["confirmed_on"] = self.confirmed_on.isoformat() if self.confirmed_on else None
        return out


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    effect: str
    when: Condition
    text: str
    cites: Citation
    plan: str | None = None
    interpretation: Interpretation | None = None


# What a profile's `scope` may list, as the scenario's `request.medium` and `meeting.kind` give
# them: every meeting kind but a home visit and a phone call is a "meeting".
MEDIA = ("audio", "video", "photography")
OCCASIONS = ("meeting", "home_visit", "phone_call")


@dataclass(frozen=True, slots=True)
class Scope:
    """What the policy covers (e.g. Hackney: audio recording of meetings). A request outside
    it is answered with `outside`, a rule that fires instead of all the others."""

    media: tuple[str, ...]
    occasions: tuple[str, ...]
    cites: Citation
    outside: Rule


@dataclass(frozen=True, slots=True)
class DecisionMaker:
    who: str
    when: Condition
    cites: Citation
    # Who may record the decision in OnRecord, as the policy names them (staff roles, and
    # meeting_organiser); empty: a chair or team manager on the case.
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    authority: str
    version: str
    effective_from: dt.date
    title: str
    seed: str
    document: str
    decision_makers: tuple[DecisionMaker, ...]
    rules: tuple[Rule, ...]
    item_rules: tuple[Rule, ...]
    fingerprint: str  # sha256 of the profile file, so a decision names exactly what decided it
    path: Path
    # In the room: must every attendee agree before recording starts (Hertfordshire 2.7)?
    every_attendee_must_agree: bool = False
    consent_cites: Citation | None = None
    scope: Scope | None = None  # None: the profile does not limit what it covers
    # In the room: the profile's `meeting` section (meeting_rules.py); None only for a Profile
    # built by hand, which `room` treats as a policy silent on everything.
    meeting: MeetingRules | None = None

    def interpretations(self) -> tuple[Rule, ...]:
        """Every rule that reads its clause by analogy or by choice, in profile order (the
        scope's answer first): what a policy owner reviews and confirms."""
        scoped = (self.scope.outside,) if self.scope else ()
        return tuple(
            r for r in (*scoped, *self.rules, *self.item_rules) if r.interpretation is not None
        )

    @property
    def room(self) -> MeetingRules:
        return self.meeting or MeetingRules(
            self.authority,
            every_attendee_must_agree=self.every_attendee_must_agree,
            consent_cites=self.consent_cites,
        )


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        load_schema("profile.schema.json"),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def _compile(raw: Any, known: Iterable[str], where: str) -> Condition:
    """Turn a `when:` into a Condition, refusing unknown fact names."""
    allowed = frozenset(known)
    subjects: list[str] = []

    # Leaves are itemgetters and the common two-part shapes are single closures: a decision
    # evaluates every rule, so this is the engine's hot path.
    def build(node: Any, at: str, positive: bool) -> Callable[[Facts], object]:
        if isinstance(node, str):
            if node not in allowed:
                raise ProfileError(
                    f"{at}: unknown fact {node!r} (the facts are listed in docs/POLICY.md)"
                )
            if positive:
                subjects.append(node)
            return itemgetter(node)
        if "all" in node:
            parts = [build(n, f"{at}.all[{i}]", positive) for i, n in enumerate(node["all"])]
            if len(parts) == 2:  # the common shapes, without a generator per call
                first, second = parts
                return lambda facts: first(facts) and second(facts)
            if len(parts) == 3:
                one, two, three = parts
                return lambda facts: one(facts) and two(facts) and three(facts)
            return lambda facts: all(p(facts) for p in parts)
        if "any" in node:
            parts = [build(n, f"{at}.any[{i}]", positive) for i, n in enumerate(node["any"])]
            if len(parts) == 2:
                first, second = parts
                return lambda facts: first(facts) or second(facts)
            return lambda facts: any(p(facts) for p in parts)
        inner = build(node["not"], f"{at}.not", not positive)
        return lambda facts: not inner(facts)

    return Condition(build(raw, where, True), tuple(dict.fromkeys(subjects)), _words(raw))


def _words(node: Any, nested: bool = False) -> str:
    """A `when:` (already checked by the schema) in words: names joined by and, or, not."""
    if isinstance(node, str):
        return node
    if "not" in node:
        return f"not {_words(node['not'], True)}"
    joiner = " and " if "all" in node else " or "
    text = joiner.join(_words(n, True) for n in node.get("all", node.get("any", [])))
    return f"({text})" if nested else text


def parse_profile(data: Any, path: Path, fingerprint: str = "") -> Profile:
    """Validate one profile's data; `path` is named in every error."""
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile must be a YAML mapping")
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise ProfileError(f"{path}: {_describe(data, list(error.absolute_path))}: {error.message}")
    seed = data["source"]["seed"]

    def cite(raw: Mapping[str, str]) -> Citation:
        return Citation(raw.get("seed", seed), raw["section"], " ".join(raw["clause"].split()))

    def interpret(raw: Mapping[str, Any] | None) -> Interpretation | None:
        if raw is None:
            return None
        on = raw.get("confirmed_on")
        return Interpretation(
            kind=raw["kind"],
            reading=" ".join(raw["reading"].split()),
            status=raw.get("status", "awaiting_policy_owner"),
            alternatives=tuple(" ".join(a.split()) for a in raw.get("alternatives", ())),
            confirmed_by=raw.get("confirmed_by", ""),
            confirmed_on=dt.date.fromisoformat(on) if on else None,
        )

    request_facts = REQUEST_FACTS.keys()
    item_facts = request_facts | ITEM_FACTS.keys()

    def rules(key: str, known: Iterable[str]) -> tuple[Rule, ...]:
        out = []
        for i, raw in enumerate(data.get(key, [])):
            where = f"{path}: {key}[{i}] ({raw['code']}).when"
            when = _compile(raw["when"], known, where) if "when" in raw else ALWAYS
            out.append(
                Rule(
                    raw["code"],
                    raw["effect"],
                    when,
                    raw["text"].strip(),
                    cite(raw["cites"]),
                    raw.get("plan"),
                    interpret(raw.get("interpretation")),
                )
            )
        return tuple(out)

    request_rules = rules("rules", request_facts)
    item_rules = rules("item_rules", item_facts)
    first_use: dict[str, str] = {}
    for key in ("rules", "item_rules"):
        for i, raw in enumerate(data.get(key, [])):
            where = f"{key}[{i}] ({raw['code']}).code"
            if raw["code"] in first_use:
                raise ProfileError(
                    f"{path}: {where}: rule code {raw['code']} is used twice (first at "
                    f"{first_use[raw['code']]}); codes must be unique"
                )
            first_use[raw["code"]] = where
    makers = tuple(
        DecisionMaker(
            m["who"],
            _compile(m["when"], request_facts, f"{path}: decision_makers[{i}].when")
            if "when" in m
            else ALWAYS,
            cite(m["cites"]),
            tuple(m.get("roles", ())),
        )
        for i, m in enumerate(data["decision_makers"])
    )
    if makers[-1].when is not ALWAYS:
        raise ProfileError(
            f"{path}: decision_makers[{len(makers) - 1}].when: the last decision-maker must have "
            "no `when`, so that someone always decides"
        )
    for key in ("rules", "item_rules"):
        for i, raw in enumerate(data.get(key, [])):
            _check_interpretation(raw.get("interpretation"), f"{path}: {key}[{i}] ({raw['code']})")
    scope = None
    if "scope" in data:
        raw_scope = data["scope"]
        _check_interpretation(raw_scope.get("interpretation"), f"{path}: scope")
        if raw_scope["code"] in first_use:
            raise ProfileError(
                f"{path}: scope.code: rule code {raw_scope['code']} is also used at "
                f"{first_use[raw_scope['code']]}; codes must be unique"
            )
        media, occasions = raw_scope["media"], raw_scope["occasions"]
        outside = {
            "any": [
                {"not": {"any": [f"medium_{m}" for m in media]}},
                {"not": {"any": [f"occasion_{o}" for o in occasions]}},
            ]
        }
        scope = Scope(
            media=tuple(media),
            occasions=tuple(occasions),
            cites=cite(raw_scope["cites"]),
            outside=Rule(
                raw_scope["code"],
                raw_scope["effect"],
                _compile(outside, request_facts, f"{path}: scope"),
                raw_scope["text"].strip(),
                cite(raw_scope["cites"]),
                None,
                interpret(raw_scope.get("interpretation")),
            ),
        )
    consent = data.get("consent_in_the_room")
    unanimous = bool(consent and consent["rule"] == "every_attendee")
    consent_cites = cite(consent["cites"]) if consent else None
    try:
        meeting = parse_meeting(
            data.get("meeting"),
            authority=data["authority"],
            cite=cite,
            item_rules={r.code: r for r in item_rules},
            where="meeting",
            every_attendee_must_agree=unanimous,
            consent_cites=consent_cites,
        )
    except ValueError as exc:
        raise ProfileError(f"{path}: {exc}") from None
    return Profile(
        scope=scope,
        every_attendee_must_agree=unanimous,
        consent_cites=consent_cites,
        meeting=meeting,
        name=data["profile"],
        authority=data["authority"],
        version=data["version"],
        effective_from=dt.date.fromisoformat(data["effective_from"]),
        title=data["title"],
        seed=seed,
        document=data["source"]["document"],
        decision_makers=makers,
        rules=request_rules,
        item_rules=item_rules,
        fingerprint=fingerprint,
        path=path,
    )


def _check_interpretation(raw: Mapping[str, Any] | None, where: str) -> None:
    """A confirmed reading names who confirmed it and when; one awaiting the owner does not."""
    if raw is None:
        return
    confirmed = raw.get("status") == "confirmed"
    for key in ("confirmed_by", "confirmed_on"):
        if confirmed and not raw.get(key):
            raise ProfileError(f"{where}.interpretation.{key}: a confirmed reading says {key}")
        if not confirmed and key in raw:
            raise ProfileError(f"{where}.interpretation.{key}: only a confirmed reading has {key}")


def _describe(data: Any, path: list[Any]) -> str:
    """Name the rule (by its code) as well as the field, e.g. `rules[3] (HX-X).cites.clause`."""
    text = field_path(path) or "(profile)"
    if len(path) >= 2 and path[0] in ("rules", "item_rules") and isinstance(path[1], int):
        try:
            code = data[path[0]][path[1]].get("code", "?")
        except (IndexError, AttributeError):
            return text
        rest = field_path(path[2:])
        return f"{path[0]}[{path[1]}] ({code})" + (f".{rest}" if rest else "")
    return text


def load_file(path: Path) -> Profile:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(f"{path}: cannot be read ({exc.strerror})") from None
    profile = load_text(raw, path)
    if profile.name != path.parent.name or profile.version != path.stem:
        raise ProfileError(
            f"{path}: profile and version ({profile.name} {profile.version}) must match the "
            f"file's place: <name>/<version>.yaml"
        )
    return profile


def load_text(raw: bytes, path: Path) -> Profile:
    """A profile from the bytes of a YAML file (a file on disk, or a version a policy owner
    uploaded and the database keeps); `path` names it in every error."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:  # one line, as the CLI promises
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        what = getattr(exc, "problem", None) or " ".join(str(exc).split())
        raise ProfileError(f"{path}: is not valid YAML ({where}{what})") from None
    return parse_profile(data, path, "sha256:" + hashlib.sha256(raw).hexdigest())


def policy_dirs() -> list[Path]:
    extra = os.environ.get(POLICY_DIRS_VARIABLE, "")
    return [BUILTIN_DIR, *(Path(p) for p in extra.split(os.pathsep) if p.strip())]


def _files(dirs: Iterable[Path]) -> list[Path]:
    return sorted(f for d in dirs for f in d.glob("*/*.yaml") if f.is_file())


@cache
def _load_all(dirs: tuple[Path, ...], stamp: tuple[tuple[str, float], ...]) -> tuple[Profile, ...]:
    profiles = [load_file(path) for path in _files(dirs)]
    seen: dict[tuple[str, str], Path] = {}
    for p in profiles:
        if (p.name, p.version) in seen:
            raise ProfileError(
                f"{p.path}: {p.name} version {p.version} is also in {seen[(p.name, p.version)]}"
            )
        seen[(p.name, p.version)] = p.path
    starts: dict[tuple[str, dt.date], Profile] = {}
    for p in profiles:
        other = starts.setdefault((p.name, p.effective_from), p)
        if other is not p:  # which would be in force would be a matter of chance
            raise ProfileError(
                f"{p.path}: {p.name} version {p.version} takes effect on {p.effective_from}, "
                f"the same day as version {other.version} ({other.path})"
            )
    return tuple(profiles)


def all_profiles(dirs: Iterable[Path] | None = None) -> tuple[Profile, ...]:
    """Every version of every profile, validated; cached until a file changes."""
    chosen = tuple(dirs) if dirs is not None else tuple(policy_dirs())
    stamp = tuple((str(f), f.stat().st_mtime) for f in _files(chosen))
    return _load_all(chosen, stamp)


def load_profile(
    name: str, on: dt.date | None = None, dirs: Iterable[Path] | None = None
) -> Profile:
    """The version of profile `name` in force on `on` (default today)."""
    on = on or dt.date.today()
    versions = [p for p in all_profiles(dirs) if p.name == name]
    if not versions:
        known = ", ".join(sorted({p.name for p in all_profiles(dirs)}))
        raise ProfileError(f"unknown policy {name!r}; the policies are: {known}")
    in_force = [p for p in versions if p.effective_from <= on]
    if not in_force:
        first = min(p.effective_from for p in versions)
        raise ProfileError(
            f"policy {name!r} has no version in force on {on} (the first is {first})"
        )
    return max(in_force, key=lambda p: p.effective_from)
