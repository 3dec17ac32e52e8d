"""ISO weeks in New York dates: Monday to Sunday. Pure, no Flask."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from qtrax_disputes.core.clock import FIRST_DAY, LAST_DAY

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class Week:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Week:
        """'2026-W47' → Week(2026, 47); ValueError with a sentence when it is not a week."""
        match = _WEEK.match((text or "").strip().upper())
        if not match:
            raise ValueError("Give the week as YYYY-Www, like 2026-W47.")
        year, number = int(match.group(1)), int(match.group(2))
        if not FIRST_DAY.year <= year <= LAST_DAY.year:
            # Week 1 of year 1 has no week before it to link to: the range keeps both ends real.
            raise ValueError(f"Give a week between {FIRST_DAY.year} and {LAST_DAY.year}.")
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            raise ValueError(f"{year} has no week {number}.") from None
        return cls(year, number)

    @classmethod
    def of(cls, day: date) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @classmethod
    def last_complete(cls, today: date) -> Week:
        """The most recent week that has ended (a Sunday has passed) by ``today``."""
        return cls.of(today - timedelta(days=7))

    @property
    def start(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    def shifted(self, weeks: int) -> Week:
        return Week.of(self.start + timedelta(weeks=weeks))

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    def __str__(self) -> str:
        return self.label
