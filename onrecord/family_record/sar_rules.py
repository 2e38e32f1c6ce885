"""Subject access requests: the reference and the date the answer is due. Pure Python.

UK GDPR Article 12(3): the council answers "without undue delay and in any event within one
month of receipt of the request". The ICO's guidance on the time limit: count from the day the
request is received to the corresponding calendar date in the next month; where the next month
has no such date, the last day of that month; where the date falls on a weekend or a bank
holiday, the next working day. Bank holidays differ across the UK and are not known here, so a
bank holiday is not skipped: the date told to the family is never later than the council's
real deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import secrets

# The alphabet of the request references (recording_requests/reference.py): no look-alikes.
ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
PATTERN = re.compile(rf"SAR-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"SAR-{chars[:4]}-{chars[4:]}"


def one_month_after(received: dt.date) -> dt.date:
    year, month = (
        (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    )
    day = min(received.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def due_on(received: dt.date) -> dt.date:
    """The last day to answer a request received on `received`."""
    due = one_month_after(received)
    while due.weekday() >= 5:  # Saturday, Sunday
        due += dt.timedelta(days=1)
    return due
