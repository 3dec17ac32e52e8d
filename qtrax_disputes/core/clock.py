"""The one place the app asks what time it is.

Timestamps are UTC; legal dates are calendar dates in America/New_York. Tests pin the clock
with ``frozen(...)`` so a week of events can be built and reported on deterministically.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LEGAL_TZ = ZoneInfo("America/New_York")

# The dates a person or a program may give the app, at every form and query. Far enough out for
# any filing, deadline or archive, near enough that a date plus a deadline's offset, a week
# around it or its instant in UTC stays a real date (year 1 or 9999 overflows all three).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
OUT_OF_RANGE = f"Enter a date between {FIRST_DAY.year} and {LAST_DAY.year}."


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY

_pinned: datetime | None = None


def now_utc() -> datetime:
    return _pinned if _pinned is not None else datetime.now(UTC)


def today() -> date:
    """Today's date in New York, where the deadlines run."""
    return now_utc().astimezone(LEGAL_TZ).date()


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(LEGAL_TZ)


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    global _pinned
    previous, _pinned = _pinned, moment.astimezone(UTC)
    try:
        yield
    finally:
        _pinned = previous
