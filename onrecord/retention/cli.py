"""`onrecord retention`: list what is due for disposal, dispose of one recording (with the same
checks as the web page), place and lift legal holds, and check the schedule file.

    onrecord retention                       # due within the warning period, and flagged ones
    onrecord retention --within 365
    onrecord retention --check-schedule
    onrecord retention --dispose RECORDING_ID --by USERNAME
    onrecord retention --hold-case CASE_ID --reference ZC24C00123 --reason "…" --by USERNAME
    onrecord retention --hold-recording RECORDING_ID --reference … --reason … --by USERNAME
    onrecord retention --lift HOLD_ID --reason "…" --by USERNAME
"""

from __future__ import annotations

import argparse
import sys
import uuid
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "retention",
        help="recordings due for disposal; dispose of one; legal holds; check the schedule",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--dispose", metavar="RECORDING_ID", help="dispose of this recording")
    action.add_argument("--hold-case", metavar="CASE_ID", help="hold every recording of a case")
    action.add_argument("--hold-recording", metavar="RECORDING_ID", help="hold one recording")
    action.add_argument("--lift", metavar="HOLD_ID", type=int, help="lift this legal hold")
    action.add_argument(
        "--check-schedule", action="store_true", help="validate the retention schedule file"
    )
    parser.add_argument(
        "--within",
        type=int,
        metavar="DAYS",
        help="list what is due within DAYS (default: the warning period)",
    )
    parser.add_argument("--by", metavar="USERNAME", help="your OnRecord account (audited)")
    parser.add_argument("--reason", default="", help="why the hold is placed or lifted")
    parser.add_argument("--reference", default="", help="the court case or matter of a hold")
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.audit.context import acting_as
    from onrecord.cases import scoping
    from onrecord.cases.models import Case
    from onrecord.retention import disposal
    from onrecord.retention.schedule import ScheduleError
    from onrecord.vault.command_support import active_user, cli_actor, find_recording
    from onrecord.vault.models import LegalHold

    try:
        schedule = disposal.current_schedule()
    except ScheduleError as exc:
        return _fail(f"Retention schedule: {exc}")
    if args.check_schedule:
        print(f"Retention schedule OK: {schedule.source}")
        for rule in schedule.rules.values():
            print(f"  {rule.record_type:<22} {rule.describe()}")
        print(f"  warning period: {schedule.warning_days} days")
        return 0

    acting = args.dispose or args.hold_case or args.hold_recording or args.lift
    if not acting:
        lister = active_user(args.by) if args.by else None
        if args.by and lister is None:
            return _fail(f"No active account {args.by!r}.")
        # With --by, only the recordings of the authorities that account works for.
        due, flagged = disposal.review(within_days=args.within, schedule=schedule, user=lister)
        for item in due:
            state = "ready" if not item.refusal else ("HELD" if item.held else "waiting")
            print(
                f"{item.recording.pk}  due {item.due.due_on}  {item.due.record_type:<20} "
                f"case {item.recording.meeting.case.reference}  {state}"
                + (f": {item.refusal}" if item.refusal else "")
            )
        for item in flagged:
            print(
                f"{item.recording.pk}  NO DUE DATE  case {item.recording.meeting.case.reference}: "
                f"{item.due.flag}"
            )
        print(f"{len(due)} due or coming due, {len(flagged)} for a person to decide")
        return 0

    if not args.by:
        return _fail("--by names the OnRecord account doing this (it is audited).")
    user = active_user(args.by)
    if user is None:
        return _fail(f"No active account {args.by!r}.")

    with acting_as(cli_actor(user)):
        if args.dispose:
            found = find_recording(args.dispose)
            if found is None or not scoping.within(user, found):
                return _fail(f"No recording {args.dispose}.")
            try:
                certificate = disposal.dispose(found, by=user, schedule=schedule)
            except disposal.DisposalRefused as exc:
                return _fail(f"Refused: {exc}")
            print(f"Disposed of {found.pk}: certificate {certificate.number}.")
            return 0
        try:
            if args.lift:
                hold = (
                    scoping.for_user(LegalHold.objects.select_related("case"), user)
                    .filter(pk=args.lift)
                    .first()
                )
                if hold is None:
                    return _fail(f"No legal hold {args.lift}.")
                disposal.lift_hold(hold, by=user, reason=args.reason)
                print(f"Legal hold {hold.pk} ({hold.reference}) lifted.")
                return 0
            target = None
            if args.hold_recording:
                target = find_recording(args.hold_recording)
                if target is None or not scoping.within(user, target):
                    return _fail(f"No recording {args.hold_recording}.")
                case = target.meeting.case
            else:
                try:
                    case = scoping.for_user(Case.objects.all(), user).get(
                        pk=uuid.UUID(args.hold_case)
                    )
                except (ValueError, Case.DoesNotExist):
                    return _fail(f"No case {args.hold_case}.")
            hold = disposal.place_hold(
                case=case, recording=target, reason=args.reason, reference=args.reference, by=user
            )
        except disposal.HoldError as exc:
            return _fail(f"Refused: {exc}")
        scope = f"recording {target.pk}" if target else f"case {case.reference}"
        print(f"Legal hold {hold.pk} placed on {scope}.")
        return 0
