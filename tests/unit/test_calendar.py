"""Counting time (docs/dates.md): every expected date is worked out by hand in the comment.

Weekday anchors: 2025-12-25 Thu; 2026-01-01 Thu; 2026-03-01 Sun; 2026-12-01 Tue; 2027-01-01 Fri;
2029-01-01 Mon.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from qtrax_disputes.deadlines.calendar import (
    DueDate,
    add_business_days,
    add_period,
    compute_due,
    is_business_day,
)

D = date

ADD_PERIOD = [
    # FAA example (docs/dates.md § Counting a period): Sep 14 + 3 months -> Dec 14.
    (D(2026, 9, 14), 3, "months", D(2026, 12, 14)),
    # Jan 31 + 1 month: February has no 31st -> its last day, Feb 28 (2026 not leap).
    (D(2026, 1, 31), 1, "months", D(2026, 2, 28)),
    # ... and Feb 29 in a leap year (2028).
    (D(2028, 1, 31), 1, "months", D(2028, 2, 29)),
    # Mar 31 + 1 month: April has 30 days -> Apr 30.
    (D(2026, 3, 31), 1, "months", D(2026, 4, 30)),
    # Nov 30 2026 + 3 months -> Feb 2027, no 30th -> Feb 28 2027.
    (D(2026, 11, 30), 3, "months", D(2027, 2, 28)),
    # One year (= 12 months, GCL § 58) from Feb 29 2028 -> Feb 2029 has 28 days -> Feb 28.
    (D(2028, 2, 29), 1, "years", D(2029, 2, 28)),
    # Oct 31 2026 + 1 year -> Oct 31 2027.
    (D(2026, 10, 31), 1, "years", D(2027, 10, 31)),
    # Jan 23 + 20 days: Jan 24..31 = 8, Feb 1..12 = 12 -> 20 = Feb 12.
    (D(2026, 1, 23), 20, "days", D(2026, 2, 12)),
    # Dec 20 + 14 days: Dec 21..31 = 11, Jan 1..3 = 3 -> Jan 3 2027.
    (D(2026, 12, 20), 14, "days", D(2027, 1, 3)),
    # 0 days: the same day.
    (D(2026, 5, 5), 0, "days", D(2026, 5, 5)),
]


@pytest.mark.parametrize(("start", "n", "unit", "expected"), ADD_PERIOD)
def test_add_period(start: date, n: int, unit: str, expected: date) -> None:
    assert add_period(start, n, unit) == expected


def test_add_period_rejects_unknown_unit() -> None:
    with pytest.raises(ValueError):
        add_period(D(2026, 1, 1), 1, "weeks")


@pytest.mark.parametrize(
    ("day", "regime", "expected"),
    [
        (D(2026, 3, 2), "NY", True),  # plain Monday
        (D(2026, 3, 28), "NY", False),  # Saturday
        (D(2026, 3, 29), "NY", False),  # Sunday
        (D(2026, 2, 12), "NY", False),  # Lincoln's Birthday, Thursday
        (D(2026, 2, 12), "FED", False),  # NY holiday counts in federal court (FRCP 6(a)(6)(C))
        (D(2026, 7, 3), "NY", True),  # Fri: July 4 is Sat, no NY Friday shift
        (D(2026, 7, 3), "FED", False),  # ... but a federal observed holiday
        (D(2026, 2, 16), "NY", False),  # Washington's Birthday (3rd Mon Feb: 2, 9, 16)
        (D(2026, 2, 13), "NY", True),  # Friday after Lincoln's Birthday
        (D(2026, 11, 27), "NY", True),  # day after Thanksgiving
        (D(2026, 2, 12), "none", False),  # "none" flags against NY holidays
    ],
)
def test_is_business_day(day: date, regime: str, expected: bool) -> None:
    assert is_business_day(day, regime) is expected


# (trigger, n, unit, roll, raw, due, flagged, skipped days)
# fmt: off
COMPUTE_DUE = [
    # 90 days ending on a Sunday (CPLR 7511(a)): from Mon 2025-12-29: Dec 30-31 = 2,
    # +31 Jan = 33, +28 Feb = 61, +29 Mar = 90 -> Sun 2026-03-29 -> Mon 2026-03-30.
    (D(2025, 12, 29), 90, "days", "NY", D(2026, 3, 29), D(2026, 3, 30), True, [D(2026, 3, 29)]),
    # 90 days ending on a Saturday: from 2026-12-27: Dec 28-31 = 4, +31 = 35, +28 = 63,
    # +27 Mar = 90 -> Sat 2027-03-27 (day 86 of a year starting Fri) -> Mon 2027-03-29.
    (
        D(2026, 12, 27), 90, "days", "NY", D(2027, 3, 27), D(2027, 3, 29), True,
        [D(2027, 3, 27), D(2027, 3, 28)],
    ),
    # 20 days ending on Lincoln's Birthday: Jan 23 + 20 = Thu Feb 12 -> Fri Feb 13.
    (D(2026, 1, 23), 20, "days", "NY", D(2026, 2, 12), D(2026, 2, 13), True, [D(2026, 2, 12)]),
    # 20 days ending on Election Day: Oct 14 + 17 = Oct 31, + 3 = Tue Nov 3 -> Wed Nov 4.
    (D(2026, 10, 14), 20, "days", "NY", D(2026, 11, 3), D(2026, 11, 4), True, [D(2026, 11, 3)]),
    # 10 days ending on a Saturday: Wed Mar 18 + 10 = Sat Mar 28 -> Mon Mar 30.
    (
        D(2026, 3, 18), 10, "days", "NY", D(2026, 3, 28), D(2026, 3, 30), True,
        [D(2026, 3, 28), D(2026, 3, 29)],
    ),
    # Sunday holiday, Monday observed -> Tuesday: Jun 14 + 16 = Jun 30, + 4 = Sun Jul 4 2027;
    # Mon Jul 5 is Independence Day (observed) -> Tue Jul 6.
    (
        D(2027, 6, 14), 20, "days", "NY", D(2027, 7, 4), D(2027, 7, 6), True,
        [D(2027, 7, 4), D(2027, 7, 5)],
    ),
    # 20 days ending on Thanksgiving: Nov 6 + 20 = Thu Nov 26 -> Fri Nov 27 (a business day).
    (D(2026, 11, 6), 20, "days", "NY", D(2026, 11, 26), D(2026, 11, 27), True, [D(2026, 11, 26)]),
    # New Year's Day on a Friday: Dec 27 + 5 = Fri Jan 1 2027 -> Sat, Sun -> Mon Jan 4.
    (
        D(2026, 12, 27), 5, "days", "NY", D(2027, 1, 1), D(2027, 1, 4), True,
        [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)],
    ),
    # FAA § 12: award delivered Sep 14 + 3 months = Mon Dec 14: a business day, no roll.
    (D(2026, 9, 14), 3, "months", "FED", D(2026, 12, 14), D(2026, 12, 14), False, []),
    # FED roll on a federal observed day: Apr 3 + 3 months = Fri Jul 3 2026 (federal observed
    # Independence Day), Sat Jul 4, Sun Jul 5 -> Mon Jul 6.
    (
        D(2026, 4, 3), 3, "months", "FED", D(2026, 7, 3), D(2026, 7, 6), True,
        [D(2026, 7, 3), D(2026, 7, 4), D(2026, 7, 5)],
    ),
    # ... the same period under the NY roll stays on Fri Jul 3 (no NY Friday shift).
    (D(2026, 4, 3), 3, "months", "NY", D(2026, 7, 3), D(2026, 7, 3), False, []),
    # FED roll on a NY-only holiday: Nov 12 2025 + 3 months = Thu Feb 12 2026 -> Fri Feb 13.
    (D(2025, 11, 12), 3, "months", "FED", D(2026, 2, 12), D(2026, 2, 13), True, [D(2026, 2, 12)]),
    # One year from Feb 29 2028 (CPLR 7510): Feb 28 2029, a Wednesday (day 59 of a year
    # starting Mon: 58 % 7 = 2 -> Wed) -> no roll.
    (D(2028, 2, 29), 1, "years", "NY", D(2029, 2, 28), D(2029, 2, 28), False, []),
    # AAA answer, 14 calendar days: Fri Jan 23 + 14 = Fri Feb 6 2026, a business day.
    (D(2026, 1, 23), 14, "days", "none", D(2026, 2, 6), D(2026, 2, 6), False, []),
    # Roll "none" flags but does not move: Sat Jan 24 + 14 = Sat Feb 7.
    (D(2026, 1, 24), 14, "days", "none", D(2026, 2, 7), D(2026, 2, 7), True, []),
    # ... nor off a holiday: Jan 29 + 14 = Thu Feb 12 (Lincoln's Birthday).
    (D(2026, 1, 29), 14, "days", "none", D(2026, 2, 12), D(2026, 2, 12), True, []),
    # 0-day period on a Sunday (Mar 1 2026): due that day, no roll, flagged.
    (D(2026, 3, 1), 0, "days", "NY", D(2026, 3, 1), D(2026, 3, 1), True, []),
    # 0-day period on a Monday.
    (D(2026, 3, 2), 0, "days", "none", D(2026, 3, 2), D(2026, 3, 2), False, []),
    # Business days across Thanksgiving: from Tue Nov 24 2026: Wed 25 (1), Thu 26 Thanksgiving
    # skipped, Fri 27 (2), Sat/Sun skipped, Mon 30 (3).
    (D(2026, 11, 24), 3, "business_days", "NY", D(2026, 11, 30), D(2026, 11, 30), False, []),
]
# fmt: on


@pytest.mark.parametrize(
    ("trigger", "n", "unit", "roll", "raw", "due", "flagged", "skipped"), COMPUTE_DUE
)
def test_compute_due(
    trigger: date,
    n: int,
    unit: str,
    roll: str,
    raw: date,
    due: date,
    flagged: bool,
    skipped: list[date],
) -> None:
    result = compute_due(trigger, n, unit, roll)
    assert result.raw == raw
    assert result.due == due
    assert result.falls_on_non_business_day is flagged
    assert [d for d, _ in result.skipped] == skipped
    assert result.explanation  # always says something


def test_add_business_days_across_thanksgiving() -> None:
    # From Wed Nov 25 2026: Thu 26 Thanksgiving skipped, Fri 27 (1), Sat/Sun, Mon 30 (2).
    assert add_business_days(D(2026, 11, 25), 2, "NY") == D(2026, 11, 30)
    assert add_business_days(D(2026, 11, 25), 0, "NY") == D(2026, 11, 25)


def test_skipped_reasons_say_why() -> None:
    # Sun Jul 4 2027 -> Mon Jul 5 (observed) -> Tue Jul 6.
    result = compute_due(D(2027, 6, 14), 20, "days", "NY")
    assert result.skipped == (
        (D(2027, 7, 4), "Sunday, Independence Day (N.Y. Gen. Constr. Law § 24)"),
        (D(2027, 7, 5), "Independence Day (observed; N.Y. Gen. Constr. Law § 24)"),
    )
    # Sat Mar 28, Sun Mar 29 2026 -> Mon Mar 30.
    result = compute_due(D(2026, 3, 18), 10, "days", "NY")
    assert result.skipped == ((D(2026, 3, 28), "Saturday"), (D(2026, 3, 29), "Sunday"))


def test_explanation_lincolns_birthday() -> None:
    result = compute_due(D(2026, 1, 23), 20, "days", "NY")
    assert result.explanation == (
        "20 days after 2026-01-23 (the trigger day not counted) is Thursday 2026-02-12, "
        "Lincoln's Birthday, a New York public holiday; under N.Y. Gen. Constr. Law § 25-a "
        "the period runs to the next business day, Friday 2026-02-13."
    )


def test_explanation_fed_and_saturday() -> None:
    # Apr 3 + 3 months = Fri Jul 3 2026 (federal observed) -> Mon Jul 6.
    text = compute_due(D(2026, 4, 3), 3, "months", "FED").explanation
    assert text.startswith("3 months after 2026-04-03 (the trigger day not counted) is Friday")
    assert "a federal holiday" in text
    assert "Fed. R. Civ. P. 6(a)(1)(C)" in text
    assert "the next business day, Monday 2026-07-06." in text


def test_explanation_lists_skipped_weekend_days_as_well_as_holidays() -> None:
    # Apr 3 + 3 months = Fri Jul 3 2026 (federal observed); Sat Jul 4 and Sun Jul 5 are skipped
    # too before Mon Jul 6, and counsel checking the count needs to see each of them.
    text = compute_due(D(2026, 4, 3), 3, "months", "FED").explanation
    assert text.endswith(
        "Also skipped: 2026-07-04 (Saturday, Independence Day (5 U.S.C. § 6103; "
        "N.Y. Gen. Constr. Law § 24)); 2026-07-05 (Sunday)."
    )
    # Fri Jan 1 2027, New Year's Day, then Sat Jan 2 and Sun Jan 3 -> Mon Jan 4.
    text = compute_due(D(2026, 12, 12), 20, "days", "NY").explanation
    assert text.endswith("Also skipped: 2027-01-02 (Saturday); 2027-01-03 (Sunday).")


def test_federal_period_stopped_by_a_new_york_only_holiday_cites_frcp_6a6c() -> None:
    # Nov 12 2029 + 3 months = Tue Feb 12 2030, Lincoln's Birthday: not a federal holiday, but
    # a legal holiday in a federal court sitting in New York -> Wed Feb 13.
    result = compute_due(D(2029, 11, 12), 3, "months", "FED")
    assert result.due == D(2030, 2, 13)
    assert (
        "is Tuesday 2030-02-12, Lincoln's Birthday, a New York public holiday, a legal holiday "
        "in federal court under Fed. R. Civ. P. 6(a)(6)(C)"
    ) in result.explanation
    # The same day in a New York period needs no federal rule.
    assert "6(a)(6)(C)" not in compute_due(D(2026, 1, 23), 20, "days", "NY").explanation


def test_a_no_roll_period_shows_the_raw_date_and_the_next_business_day() -> None:
    # Jun 4 2026 + 30 days = Sat Jul 4 2026 (Independence Day); if GCL § 25-a applies, the
    # next business day is Mon Jul 6. The raw date stays the one to meet.
    result = compute_due(D(2026, 6, 4), 30, "days", "none", alt_roll="NY")
    assert (result.raw, result.due, result.alt_due) == (D(2026, 7, 4), D(2026, 7, 4), D(2026, 7, 6))
    assert "is Saturday 2026-07-04" in result.explanation
    assert result.explanation.endswith(
        "If counsel treats N.Y. Gen. Constr. Law § 25-a as applying, the period runs to the "
        "next business day, Monday 2026-07-06."
    )
    # A raw date that is a business day needs no second date: Jun 8 + 30 days = Wed Jul 8 2026.
    plain = compute_due(D(2026, 6, 8), 30, "days", "none", alt_roll="NY")
    assert plain.alt_due is None
    assert "25-a" not in plain.explanation


def test_explanation_no_roll_flags() -> None:
    text = compute_due(D(2026, 1, 24), 14, "days", "none").explanation
    assert text.startswith("14 days after 2026-01-24 (the trigger day not counted) is Saturday")
    assert "the date stands" in text
    assert "not a business day" in text


def test_explanation_business_day_and_singulars() -> None:
    assert compute_due(D(2026, 9, 14), 3, "months", "FED").explanation == (
        "3 months after 2026-09-14 (the trigger day not counted) is Monday 2026-12-14, "
        "a business day."
    )
    # Feb 29 2028 + 1 year = Wed Feb 28 2029.
    assert compute_due(D(2028, 2, 29), 1, "years", "NY").explanation.startswith(
        "1 year after 2028-02-29"
    )


def test_explanation_same_day() -> None:
    text = compute_due(D(2026, 3, 1), 0, "days", "none").explanation
    assert "same day" in text
    assert "Sunday 2026-03-01" in text


def test_due_date_is_frozen() -> None:
    result = compute_due(D(2026, 1, 23), 20, "days", "NY")
    assert isinstance(result, DueDate)
    with pytest.raises(FrozenInstanceError):
        result.due = D(2026, 1, 1)  # type: ignore[misc]


def test_compute_due_rejects_unknown_roll() -> None:
    with pytest.raises(ValueError):
        compute_due(D(2026, 1, 1), 1, "days", "CA")
