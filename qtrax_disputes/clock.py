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
