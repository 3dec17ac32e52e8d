"""Counting business days: a federal period skips federal and New York holidays (Fed. R. Civ.
P. 6(a)(1)(C), 6(a)(6)), a New York period New York's only (GCL § 25-a).

The days used, worked out by hand (see test_federal_holidays.py for the weekdays of 2027):
Fri Dec 24, 2027 is Christmas observed federally (Dec 25 is a Saturday) but a business day in
New York, which has no Saturday -> Friday shift; Fri Jun 18, 2027 likewise for Juneteenth
(Sat Jun 19). Fri Feb 12, 2027 (Lincoln's Birthday) and Tue Nov 2, 2027 (Election Day) are New
York holidays only, and federal courts sitting in New York count them as well.
"""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.deadlines.calendar import (
    Suspension,
    add_business_days,
    add_period,
    compute_due,
    is_business_day,
    next_business_day,
    non_business_reason,
    resume_after,
    suspension_periods,
)

THU_DEC_23 = date(2027, 12, 23)
FRI_DEC_24 = date(2027, 12, 24)
MON_DEC_27 = date(2027, 12, 27)


@pytest.mark.parametrize(
    ("start", "n", "regime", "expected", "why"),
    [
        (THU_DEC_23, 1, "NY", FRI_DEC_24, "Dec 24 is a New York business day"),
        (THU_DEC_23, 1, "FED", MON_DEC_27, "Dec 24 is Christmas observed; then Sat, Sun"),
        (date(2027, 6, 17), 1, "NY", date(2027, 6, 18), "Juneteenth is a Saturday"),
        (date(2027, 6, 17), 1, "FED", date(2027, 6, 21), "Fri Jun 18 observed; Sat, Sun"),
        (date(2027, 2, 11), 1, "NY", date(2027, 2, 16), "Lincoln Fri 12, Sat, Sun, Mon 15"),
        (date(2027, 2, 11), 1, "FED", date(2027, 2, 16), "New York's Lincoln counts too"),
        (date(2027, 11, 1), 1, "FED", date(2027, 11, 3), "Election Day Tue 2 counts too"),
        (date(2027, 12, 22), 3, "NY", MON_DEC_27, "Thu 23, Fri 24, (Sat, Sun) Mon 27"),
        (date(2027, 12, 22), 3, "FED", date(2027, 12, 28), "Thu 23, (Fri-Sun) Mon 27, Tue 28"),
        (THU_DEC_23, 0, "FED", THU_DEC_23, "zero business days: the day itself"),
    ],
)
def test_business_days_are_counted_against_the_regimes_holidays(start, n, regime, expected, why):
    assert add_business_days(start, n, regime) == expected, why


def test_business_days_count_new_yorks_holidays_unless_told_otherwise():
    assert add_business_days(THU_DEC_23, 1) == FRI_DEC_24
    assert is_business_day(FRI_DEC_24) is True
    assert next_business_day(FRI_DEC_24) == FRI_DEC_24
    assert non_business_reason(FRI_DEC_24) is None


@pytest.mark.parametrize(
    ("regime", "business", "next_one", "reason"),
    [
        ("NY", True, FRI_DEC_24, None),
        ("none", True, FRI_DEC_24, None),  # a no-roll period is flagged against New York's
        ("FED", False, MON_DEC_27, "Christmas Day (observed; 5 U.S.C. § 6103)"),
    ],
)
def test_a_federal_observed_friday_by_regime(regime, business, next_one, reason):
    assert is_business_day(FRI_DEC_24, regime) is business
    assert next_business_day(FRI_DEC_24, regime) == next_one
    assert non_business_reason(FRI_DEC_24, regime) == reason


def test_a_saturday_holiday_gives_both_reasons():
    assert non_business_reason(date(2027, 12, 25)) == (
        "Saturday, Christmas Day (N.Y. Gen. Constr. Law § 24)"
    )


def test_a_federal_business_day_period_runs_past_the_federal_observed_day():
    due = compute_due(THU_DEC_23, 1, "business_days", "FED")
    assert (due.raw, due.due) == (MON_DEC_27, MON_DEC_27)
    assert due.explanation == (
        "1 business day after 2027-12-23 (the trigger day not counted; weekends and federal "
        "and New York holidays skipped) is Monday 2027-12-27, a business day."
    )


def test_a_new_york_business_day_period_ends_on_the_federal_observed_day():
    due = compute_due(THU_DEC_23, 1, "business_days", "NY")
    assert (due.raw, due.due) == (FRI_DEC_24, FRI_DEC_24)
    assert due.explanation == (
        "1 business day after 2027-12-23 (the trigger day not counted; weekends and New York "
        "holidays skipped) is Friday 2027-12-24, a business day."
    )


def test_a_federal_period_ending_on_a_holiday_of_both_calendars_says_so():
    due = compute_due(date(2027, 11, 24), 1, "days", "FED")
    assert due.due == date(2027, 11, 26)
    assert due.explanation == (
        "1 day after 2027-11-24 (the trigger day not counted) is Thursday 2027-11-25, "
        "Thanksgiving Day, a federal and New York holiday; under Fed. R. Civ. P. 6(a)(1)(C) "
        "the period runs to the next business day, Friday 2027-11-26."
    )


def test_a_federal_period_ending_on_a_federal_observed_day_says_federal_holiday():
    due = compute_due(date(2027, 12, 22), 2, "days", "FED")
    assert due.due == MON_DEC_27
    assert due.explanation == (
        "2 days after 2027-12-22 (the trigger day not counted) is Friday 2027-12-24, "
        "Christmas Day (observed), a federal holiday; under Fed. R. Civ. P. 6(a)(1)(C) the "
        "period runs to the next business day, Monday 2027-12-27. Also skipped: 2027-12-25 "
        "(Saturday, Christmas Day (5 U.S.C. § 6103; N.Y. Gen. Constr. Law § 24)); 2027-12-26 "
        "(Sunday)."
    )


def test_a_same_day_period_has_no_alternative_roll():
    due = compute_due(date(2027, 12, 25), 0, "days", "none", alt_roll="NY")
    assert due.alt_roll == ""
    assert due.due == date(2027, 12, 25)


def test_refusals_say_what_was_wrong():
    with pytest.raises(ValueError, match=r"^n must be zero or more$"):
        add_business_days(THU_DEC_23, -1)
    with pytest.raises(ValueError, match=r"^unknown unit 'weeks'; expected days, months or years$"):
        add_period(THU_DEC_23, 1, "weeks")
    with pytest.raises(ValueError, match=r"^unknown regime 'CA'; expected one of \('NY', 'FED', "
                                         r"'none'\)$"):
        is_business_day(THU_DEC_23, "CA")
    with pytest.raises(ValueError, match=r"^unknown roll 'CA'; expected one of \('NY', 'FED', "
                                         r"'none'\)$"):
        compute_due(THU_DEC_23, 1, "days", "CA")
    with pytest.raises(ValueError, match=r"^unknown alternative roll 'none'; expected NY or FED$"):
        compute_due(THU_DEC_23, 1, "days", "none", alt_roll="none")


# --- suspension boundaries -------------------------------------------------------------------


def test_a_suspension_lifted_the_day_it_began_lasts_no_day():
    (period,) = suspension_periods([(date(2027, 3, 1), 30)], [date(2027, 3, 1)])
    assert period == Suspension(date(2027, 3, 1), date(2027, 3, 1))


def test_a_suspension_that_ended_on_the_trigger_day_does_not_touch_the_period():
    raw = date(2027, 3, 24)
    ended = Suspension(date(2027, 3, 1), date(2027, 3, 10))
    assert resume_after(date(2027, 3, 10), raw, [ended]) == (raw, ())


def test_a_suspension_before_the_period_does_not_hide_a_later_one():
    before = Suspension(date(2027, 2, 1), date(2027, 2, 5))
    during = Suspension(date(2027, 3, 15), date(2027, 3, 20))
    raw, stops = resume_after(date(2027, 3, 10), date(2027, 3, 24), [during, before])
    # Stopped on Mar 15 with 9 days left (16..24); runs again from Mar 20: Mar 29.
    assert raw == date(2027, 3, 29)
    assert [(s.suspension, s.days_left) for s in stops] == [(during, 9)]
