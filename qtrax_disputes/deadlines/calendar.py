"""Counting time the way the law counts it (docs/dates.md). Pure: no Flask, no database.

- The trigger day is not counted (N.Y. Gen. Constr. Law § 20; Fed. R. Civ. P. 6(a)(1)(A)).
- Months and years run to the same-numbered day of the later month, or to its last day when the
  month is shorter (GCL § 30; GCL § 58: a year is twelve months).
- Roll regimes: "NY" — a period ending on a Saturday, Sunday or New York public holiday runs to
  the next business day (GCL § 25-a); "FED" — the same with federal and New York holidays
  (Fed. R. Civ. P. 6(a)(1)(C), 6(a)(6)); "none" — the raw date stands (AAA-rule periods: no roll
  verified) and is flagged when it is not a business day.
"""

from __future__ import annotations

import calendar as _stdcal
from dataclasses import dataclass
from datetime import date, timedelta

from .holidays_ny import FRCP_STATE_CITE, court_holidays, federal_holidays, holiday_reason

UNITS = ("days", "months", "years", "business_days")
ROLLS = ("NY", "FED", "none")

ROLL_LAW = {
    "NY": "N.Y. Gen. Constr. Law § 25-a",
    "FED": "Fed. R. Civ. P. 6(a)(1)(C)",
}

_WEEKEND = {5: "Saturday", 6: "Sunday"}


def _holiday_regime(regime: str) -> str:
    """Holidays used by a regime: "none" flags against New York's calendar."""
    if regime in ("NY", "none"):
        return "NY"
    if regime == "FED":
        return "FED"
    raise ValueError(f"unknown regime {regime!r}; expected one of {ROLLS}")


def add_months(start: date, months: int) -> date:
    """Same-numbered day `months` later, or the last day of a shorter month (GCL § 30)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _stdcal.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def add_period(start: date, n: int, unit: str) -> date:
    """The raw last day of a period of `n` units after `start`, the start day not counted.

    `unit` is "days", "months" or "years" (a year is twelve months, GCL § 58, so Feb 29 + 1 year
    is Feb 28). Business days need a calendar: see `add_business_days`.
    """
    if unit == "days":
        return start + timedelta(days=n)
    if unit == "months":
        return add_months(start, n)
    if unit == "years":
        return add_months(start, 12 * n)
    raise ValueError(f"unknown unit {unit!r}; expected days, months or years")


def is_business_day(d: date, regime: str = "NY") -> bool:
    """Not a Saturday, a Sunday or a holiday of `regime` ("NY"; "FED"; "none" uses NY's)."""
    if d.weekday() >= 5:
        return False
    return d not in court_holidays(d.year, _holiday_regime(regime))


def non_business_reason(d: date, regime: str = "NY") -> str | None:
    """Why `d` is not a business day ("Saturday", "Lincoln's Birthday (N.Y. ...)"), or None."""
    parts = []
    if d.weekday() in _WEEKEND:
        parts.append(_WEEKEND[d.weekday()])
    holiday = holiday_reason(d, _holiday_regime(regime))
    if holiday:
        parts.append(holiday)
    return ", ".join(parts) or None


def next_business_day(d: date, regime: str = "NY") -> date:
    """`d` itself if it is a business day, else the first business day after it."""
    while not is_business_day(d, regime):
        d += timedelta(days=1)
    return d


def add_business_days(start: date, n: int, regime: str = "NY") -> date:
    """The `n`-th business day after `start` (the start day not counted); n >= 0."""
    if n < 0:
        raise ValueError("n must be zero or more")
    d = start
    for _ in range(n):
        d = next_business_day(d + timedelta(days=1), regime)
    return d


def _fmt(d: date) -> str:
    return f"{d.strftime('%A')} {d.isoformat()}"


def _unit_words(n: int, unit: str) -> str:
    word = {"days": "day", "months": "month", "years": "year", "business_days": "business day"}[
        unit
    ]
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _holiday_phrase(d: date, regime: str) -> str | None:
    """Describe a holiday, e.g. "Lincoln's Birthday, a New York public holiday"."""
    hol_regime = _holiday_regime(regime)
    names = court_holidays(d.year, hol_regime).get(d)
    if names is None:
        return None
    ny = court_holidays(d.year, "NY").get(d, "").split("; ")
    fed = federal_holidays(d.year).get(d, "").split("; ")
    phrases = []
    for name in names.split("; "):
        if hol_regime == "FED" and name in fed:
            kind = "a federal and New York holiday" if name in ny else "a federal holiday"
        elif hol_regime == "FED":
            # Not a federal holiday: it stops a federal period only because the court sits in
            # New York, and counsel checking the date needs that rule named.
            kind = (
                "a New York public holiday, a legal holiday in federal court under "
                f"{FRCP_STATE_CITE}"
            )
        else:
            kind = "a New York public holiday"
        phrases.append(f"{name}, {kind}")
    return "; ".join(phrases)


@dataclass(frozen=True)
class DueDate:
    """A computed due date and everything needed to say why it is that date."""

    raw: date
    due: date
    skipped: tuple[tuple[date, str], ...] = ()
    falls_on_non_business_day: bool = False
    trigger_on: date | None = None
    n: int | None = None
    unit: str = "days"
    roll: str = "NY"
    # A regime counsel may hold applies although none is verified (GBL § 899-aa and GCL § 25-a):
    # the raw date is the one to meet, the rolled one is shown beside it.
    alt_roll: str = ""

    @property
    def alt_due(self) -> date | None:
        """The next business day under `alt_roll` when the raw date is not one, else None."""
        if not self.alt_roll or not self.falls_on_non_business_day:
            return None
        return next_business_day(self.raw, self.alt_roll)

    @property
    def moved(self) -> bool:
        return self.due != self.raw

    @property
    def explanation(self) -> str:
        """One plain-English account of how the date was reached."""
        if self.trigger_on is None or self.n is None:
            return f"Due {_fmt(self.due)}."
        if self.n == 0:
            text = (
                f"Due the same day as the trigger, {_fmt(self.raw)} "
                f"(a 0-day period: nothing to count and no roll)."
            )
            if self.falls_on_non_business_day:
                reason = non_business_reason(self.raw, self.roll)
                text += f" That day is not a business day ({reason})."
            return text

        head = (
            f"{_unit_words(self.n, self.unit)} after {self.trigger_on.isoformat()} "
            f"(the trigger day not counted) is {_fmt(self.raw)}"
        )
        if self.unit == "business_days":
            head = (
                f"{_unit_words(self.n, self.unit)} after {self.trigger_on.isoformat()} "
                f"(the trigger day not counted; weekends and "
                f"{'federal and New York' if self.roll == 'FED' else 'New York'} holidays "
                f"skipped) is {_fmt(self.raw)}"
            )
        holiday = _holiday_phrase(self.raw, self.roll)
        if holiday:
            head += f", {holiday}"

        if self.roll == "none":
            if not self.falls_on_non_business_day:
                return f"{head}."
            text = (
                f"{head}. No rule moves this period off a weekend or holiday (no roll "
                f"verified), so the date stands even though it is not a business day."
            )
            if self.alt_due is not None:
                text += (
                    f" If counsel treats {ROLL_LAW[self.alt_roll]} as applying, the period "
                    f"runs to the next business day, {_fmt(self.alt_due)}."
                )
            return text

        if not self.moved:
            return f"{head}, a business day."

        text = (
            f"{head}; under {ROLL_LAW[self.roll]} the period runs to the next business day, "
            f"{_fmt(self.due)}."
        )
        later = [(d, why) for d, why in self.skipped if d != self.raw]
        if later:
            listed = "; ".join(f"{d.isoformat()} ({why})" for d, why in later)
            text += f" Also skipped: {listed}."
        return text

    def __str__(self) -> str:
        return self.explanation


def compute_due(trigger_on: date, n: int, unit: str, roll: str, alt_roll: str = "") -> DueDate:
    """The due date of a period of `n` `unit`s after `trigger_on` under roll regime `roll`.

    roll: "NY" (GCL § 25-a), "FED" (FRCP 6(a)) or "none" (raw date, flagged when it is not a
    business day). A 0-day period is due on the trigger day itself, without a roll.
    alt_roll: for a "none" period, a regime whose next business day is shown beside the raw date.
    """
    if roll not in ROLLS:
        raise ValueError(f"unknown roll {roll!r}; expected one of {ROLLS}")
    if alt_roll and alt_roll not in ROLL_LAW:
        raise ValueError(f"unknown alternative roll {alt_roll!r}; expected NY or FED")
    if unit == "business_days":
        raw = add_business_days(trigger_on, n, roll)
    else:
        raw = add_period(trigger_on, n, unit)
    flag = not is_business_day(raw, roll)

    if n == 0 or roll == "none":
        return DueDate(raw, raw, (), flag, trigger_on, n, unit, roll, alt_roll if n else "")

    due = raw
    skipped: list[tuple[date, str]] = []
    while not is_business_day(due, roll):
        skipped.append((due, non_business_reason(due, roll) or "not a business day"))
        due += timedelta(days=1)
    return DueDate(raw, due, tuple(skipped), flag, trigger_on, n, unit, roll)


# --- Suspension of an arbitration --------------------------------------------------------------
# A court application made at the outset makes the AAA suspend the arbitration (docs/dates.md
# § Suspension). An AAA-rule clock stands still meanwhile and runs again with the days it had
# left: the day the suspension starts is the last one counted, the day it ends is not counted (it
# is the new "trigger day"). Statutory clocks are not touched: that is the caller's choice of rules.


@dataclass(frozen=True)
class Suspension:
    start: date  # the day the arbitration was suspended
    end: date  # the day it runs again (the planned end, or the day it was lifted early)

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class Resumed:
    """One suspension a period went through, with what it left of the period."""

    suspension: Suspension
    days_left: int
    raw: date  # the period's last day once resumed

    @property
    def explanation(self) -> str:
        s = self.suspension
        left = f"{self.days_left} day" if self.days_left == 1 else f"{self.days_left} days"
        return (f"The arbitration was suspended from {s.start.isoformat()} to "
                f"{s.end.isoformat()} ({s.days} days); the period resumed with {left} left, so "
                f"it ends {_fmt(self.raw)}.")


def suspension_periods(applications: list[tuple[date, int]],
                       lifted_on: list[date]) -> list[Suspension]:
    """Each court application's suspension (its day, its length in days), ended early by the
    first lifting recorded on or after its start and before its planned end."""
    periods = []
    for start, days in sorted(applications):
        end = start + timedelta(days=days)
        early = [d for d in lifted_on if start <= d < end]
        periods.append(Suspension(start, min(early) if early else end))
    return periods


def resume_after(trigger_on: date, raw: date,
                 suspensions: list[Suspension]) -> tuple[date, tuple[Resumed, ...]]:
    """The last day of a period from `trigger_on` to `raw` once the suspensions it runs into
    have stopped it, and each stop it made.

    A suspension that ended before the period started, or starts on or after its last day,
    does not touch it. A period that starts during a suspension starts counting at its end.
    """
    stops = []
    for suspension in sorted(suspensions, key=lambda s: s.start):
        if suspension.end <= trigger_on or suspension.start >= raw:
            continue
        stopped_on = max(suspension.start, trigger_on)
        left = (raw - stopped_on).days
        raw = suspension.end + timedelta(days=left)
        stops.append(Resumed(suspension, left, raw))
    return raw, tuple(stops)
