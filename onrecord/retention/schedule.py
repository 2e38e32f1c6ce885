"""The retention schedule: how long each type of recording is kept, and when it is due for
disposal. Pure Python (no Django): rules in, a date out.

The defaults below are the council's starting point, not legal advice: each names its source,
and the records manager confirms or changes them in a schedule file (JSON or YAML) named by
ONRECORD_RETENTION_SCHEDULE, validated by `load_schedule` with an error naming the bad entry.
docs/RETENTION.md explains every default.

A recording's due date comes from its record type and the dates of birth of the children the
meeting concerns. Several children: the latest date wins, so no child's record goes early. A
child whose date of birth is unknown (or no child recorded at all): the recording is never due
automatically; it is flagged for a person to decide. A looked-after child's recordings are kept
at least as long as the looked-after rule says, whatever the meeting was.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_WARNING_DAYS = 90

# Record types. A recording's type follows its kind and its meeting's kind (record_type_for).
LOOKED_AFTER_REVIEW = "looked_after_review"
CHILD_PROTECTION = "child_protection"
OTHER_MEETING = "other_meeting"
PARENT_COPY = "parent_copy"

_REG_50 = (
    "The Care Planning, Placement and Case Review (England) Regulations 2010, reg. 50: a "
    "looked-after child's case record is kept until their 75th birthday (or 15 years after their "
    "death if they die before 18)"
)
_IRMS = (
    "IRMS Local Government Retention Guidelines (children's social care) as adopted in local "
    "retention schedules: child protection records kept until the child's 26th birthday "
    "(date of birth + 25 years)"
)
_IRMS_CIN = (
    "IRMS Local Government Retention Guidelines (children's social care) as adopted in local "
    "retention schedules: other children's social care case records kept until the child's "
    "25th birthday"
)

DEFAULT_SCHEDULE: dict[str, Any] = {
    "warning_days": DEFAULT_WARNING_DAYS,
    "looked_after_record_type": LOOKED_AFTER_REVIEW,
    "record_types": {
        LOOKED_AFTER_REVIEW: {
            "label": "Local authority recording of a looked-after child review",
            "until_age": 75,
            "source": _REG_50,
        },
        CHILD_PROTECTION: {
            "label": "Local authority recording of a child protection meeting",
            "until_age": 26,
            "source": _IRMS,
        },
        OTHER_MEETING: {
            "label": "Local authority recording of another meeting",
            "until_age": 25,
            "source": _IRMS_CIN,
        },
        PARENT_COPY: {
            "label": "A parent's copy uploaded to the child's record",
            "same_as_meeting": True,
            "source": "Hackney 3 (000_881dd3342fdd64fe.txt): a parent's copy is part of the "
            "child's record, so it is kept as long as the authority's record of that meeting",
        },
    },
    # Meeting.Kind values -> the record type of the authority's recording of that meeting.
    "meeting_kinds": {
        "child_protection_conference": CHILD_PROTECTION,
        "review_conference": CHILD_PROTECTION,
        "strategy": CHILD_PROTECTION,
        "core_group": CHILD_PROTECTION,
        "looked_after_child_review": LOOKED_AFTER_REVIEW,
        "child_in_need": OTHER_MEETING,
        "home_visit": OTHER_MEETING,
        "phone_call": OTHER_MEETING,
        "other": OTHER_MEETING,
    },
}


class ScheduleError(ValueError):
    """The retention schedule is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Rule:
    """One record type's rule: kept until the child's `until_age`th birthday, or for
    `years_after_meeting` years after the meeting, or as long as the meeting's own record."""

    record_type: str
    label: str
    source: str
    until_age: int | None = None
    years_after_meeting: int | None = None
    same_as_meeting: bool = False

    def describe(self) -> str:
        if self.until_age is not None:
            return f"kept until the child's {ordinal(self.until_age)} birthday"
        if self.years_after_meeting is not None:
            years = self.years_after_meeting
            return f"kept for {years} year{'s' if years != 1 else ''} after the meeting"
        return "kept as long as the authority's recording of the same meeting"


@dataclass(frozen=True)
class Schedule:
    rules: Mapping[str, Rule]
    meeting_kinds: Mapping[str, str]
    warning_days: int = DEFAULT_WARNING_DAYS
    looked_after_record_type: str | None = LOOKED_AFTER_REVIEW
    source: str = "built-in defaults"

    def rule(self, record_type: str) -> Rule:
        try:
            return self.rules[record_type]
        except KeyError:
            raise ScheduleError(f"{self.source}: no rule for record type {record_type!r}") from None


@dataclass(frozen=True)
class ChildFacts:
    """What the schedule needs to know about one child the meeting concerns."""

    date_of_birth: dt.date | None
    looked_after: bool = False


@dataclass(frozen=True)
class Due:
    """When a recording is due for disposal. `due_on` None: never automatically; `flag` says
    why a person must decide."""

    record_type: str
    rule: Rule
    due_on: dt.date | None
    flag: str = ""
    also_applied: list[str] = field(default_factory=list)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def anniversary(day: dt.date, years: int) -> dt.date:
    """`day` moved on by whole years. 29 February becomes 1 March in a common year: the later
    date, so a record is never disposed of a day early."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def record_type_for(schedule: Schedule, *, recording_kind: str, meeting_kind: str) -> str:
    if recording_kind == "parent_copy":
        return (
            PARENT_COPY if PARENT_COPY in schedule.rules else meeting_type(schedule, meeting_kind)
        )
    return meeting_type(schedule, meeting_kind)


def meeting_type(schedule: Schedule, meeting_kind: str) -> str:
    try:
        return schedule.meeting_kinds[meeting_kind]
    except KeyError:
        raise ScheduleError(
            f"{schedule.source}: meeting kind {meeting_kind!r} has no record type in meeting_kinds"
        ) from None


def _date_by_rule(
    rule: Rule, meeting_on: dt.date, children: Sequence[ChildFacts]
) -> tuple[dt.date | None, str]:
    if rule.years_after_meeting is not None:
        return anniversary(meeting_on, rule.years_after_meeting), ""
    assert rule.until_age is not None
    if not children:
        return None, "no child is recorded on the case: a person must decide how long to keep it"
    unknown = sum(1 for c in children if c.date_of_birth is None)
    if unknown:
        whose = "one child" if unknown == 1 else f"{unknown} children"
        return None, f"the date of birth of {whose} is not known: a person must decide"
    births = [c.date_of_birth for c in children if c.date_of_birth is not None]
    # The latest date wins: no child's record goes before its time.
    return max(anniversary(born, rule.until_age) for born in births), ""


def due_date(
    schedule: Schedule,
    *,
    recording_kind: str,
    meeting_kind: str,
    meeting_on: dt.date,
    children: Sequence[ChildFacts],
) -> Due:
    """When this recording is due for disposal under the schedule."""
    record_type = record_type_for(
        schedule, recording_kind=recording_kind, meeting_kind=meeting_kind
    )
    rule = schedule.rule(record_type)
    effective = rule
    if rule.same_as_meeting:
        effective = schedule.rule(meeting_type(schedule, meeting_kind))
    # (rule, the children it is counted from)
    candidates = [(effective, list(children))]
    lac = schedule.looked_after_record_type
    looked_after = [c for c in children if c.looked_after]
    if lac and looked_after and lac != effective.record_type:
        # Reg. 50 keeps a looked-after child's own record longer: counted from their birth only.
        candidates.append((schedule.rule(lac), looked_after))
    dates: list[dt.date] = []
    for candidate, counted in candidates:
        day, flag = _date_by_rule(candidate, meeting_on, counted)
        if day is None:
            return Due(record_type, rule, None, flag)
        dates.append(day)
    also = [c.record_type for c, _ in candidates if c is not rule]
    return Due(record_type, rule, max(dates), "", also)


# --- loading and validating a schedule file -------------------------------------------------

_RULE_KEYS = {"label", "source", "until_age", "years_after_meeting", "same_as_meeting"}
_TOP_KEYS = {"warning_days", "looked_after_record_type", "record_types", "meeting_kinds"}


def _int(value: object, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScheduleError(f"{where} must be a whole number, not {value!r}")
    if not low <= value <= high:
        raise ScheduleError(f"{where} must be between {low} and {high}, not {value}")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScheduleError(f"{where} must be some text")
    return value.strip()


def _rule(record_type: str, raw: object, where: str) -> Rule:
    if not isinstance(raw, Mapping):
        raise ScheduleError(f"{where} must be a mapping of label, source and one rule")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ScheduleError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    kinds = [k for k in ("until_age", "years_after_meeting", "same_as_meeting") if k in raw]
    if len(kinds) != 1:
        raise ScheduleError(
            f"{where} must have exactly one of until_age, years_after_meeting, same_as_meeting"
        )
    if "source" not in raw:
        raise ScheduleError(f"{where}: say where the rule comes from (source)")
    same = raw.get("same_as_meeting", False)
    if "same_as_meeting" in raw and same is not True:
        raise ScheduleError(f"{where}.same_as_meeting must be true when given")
    return Rule(
        record_type=record_type,
        label=_text(raw.get("label", record_type.replace("_", " ")), f"{where}.label"),
        source=_text(raw["source"], f"{where}.source"),
        until_age=_int(raw["until_age"], f"{where}.until_age", 1, 120)
        if "until_age" in raw
        else None,
        years_after_meeting=_int(raw["years_after_meeting"], f"{where}.years_after_meeting", 1, 150)
        if "years_after_meeting" in raw
        else None,
        same_as_meeting=bool(same),
    )


def parse_schedule(data: object, source: str, meeting_kinds: Sequence[str] = ()) -> Schedule:
    """A Schedule from parsed JSON/YAML, every entry checked. `meeting_kinds`: the meeting kinds
    the application knows, each of which must have a record type."""
    if not isinstance(data, Mapping):
        raise ScheduleError(f"{source}: the schedule must be a mapping (record_types, ...)")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ScheduleError(f"{source}: unknown key {sorted(unknown)[0]!r}")
    raw_types = data.get("record_types")
    if not isinstance(raw_types, Mapping) or not raw_types:
        raise ScheduleError(f"{source}: record_types must name at least one record type")
    rules = {
        str(name): _rule(str(name), raw, f"{source}: record_types.{name}")
        for name, raw in raw_types.items()
    }
    raw_kinds = data.get("meeting_kinds")
    if not isinstance(raw_kinds, Mapping):
        raise ScheduleError(f"{source}: meeting_kinds must map each meeting kind to a record type")
    kinds: dict[str, str] = {}
    for kind, record_type in raw_kinds.items():
        target = rules.get(str(record_type))
        if target is None:
            raise ScheduleError(
                f"{source}: meeting_kinds.{kind} names record type {record_type!r}, "
                "which is not in record_types"
            )
        if target.same_as_meeting:
            raise ScheduleError(
                f"{source}: meeting_kinds.{kind} cannot use {record_type!r}, whose rule is "
                "same_as_meeting"
            )
        kinds[str(kind)] = str(record_type)
    missing = [k for k in meeting_kinds if k not in kinds]
    if missing:
        raise ScheduleError(f"{source}: meeting_kinds has no record type for {missing[0]!r}")
    warning_days = _int(
        data.get("warning_days", DEFAULT_WARNING_DAYS), f"{source}: warning_days", 1, 3650
    )
    lac = data.get("looked_after_record_type", LOOKED_AFTER_REVIEW)
    if lac is not None:
        lac = str(lac)
        if lac not in rules or rules[lac].same_as_meeting:
            raise ScheduleError(
                f"{source}: looked_after_record_type {lac!r} must be a record type with its own "
                "rule (or null)"
            )
    return Schedule(rules, kinds, warning_days, lac, source)


def load_schedule(path: str | Path | None, meeting_kinds: Sequence[str] = ()) -> Schedule:
    """The schedule in `path` (.json, .yaml or .yml), or the defaults when no path is given."""
    if not path:
        return parse_schedule(DEFAULT_SCHEDULE, "built-in defaults", meeting_kinds)
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScheduleError(f"{file}: cannot read the retention schedule ({exc.strerror})") from exc
    try:
        if file.suffix.lower() == ".json":
            data = json.loads(text)
        elif file.suffix.lower() in {".yaml", ".yml"}:
            data = yaml.safe_load(text)
        else:
            raise ScheduleError(f"{file}: a retention schedule is a .json, .yaml or .yml file")
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ScheduleError(f"{file}: not valid {file.suffix[1:].upper()}: {exc}") from exc
    return parse_schedule(data, str(file), meeting_kinds)
