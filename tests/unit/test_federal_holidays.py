"""The eleven federal legal holidays (5 U.S.C. § 6103(a)) and their observed days (§ 6103(b)).

Every date is worked out by hand from the weekday of the first of the month:
2027: Jan 1 Fri, Feb 1 Mon, May 1 Sat, Jun 1 Tue, Jul 1 Thu, Sep 1 Wed, Oct 1 Fri, Nov 1 Mon,
Dec 1 Wed. 2028 (a leap year): Jan 1 Sat, Feb 1 Tue, May 1 Mon, Jun 1 Thu, Jul 1 Sat,
Sep 1 Fri, Oct 1 Sun, Nov 1 Wed, Dec 1 Fri.
The observance rule: a holiday on a Saturday is kept on the Friday before, one on a Sunday on
the Monday after.
"""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.deadlines.holidays_ny import FED_CITE, federal_holidays, holiday_reason

# 2027: Juneteenth (Sat), Independence Day (Sun), Christmas (Sat) and New Year's Day 2028 (Sat)
# move; the rest fall on weekdays.
FEDERAL_2027 = {
    date(2027, 1, 1): "New Year's Day",  # Friday
    date(2027, 1, 18): "Martin Luther King Jr. Day",  # Mondays 4, 11, 18: the third
    date(2027, 2, 15): "Washington's Birthday",  # Mondays 1, 8, 15: the third
    date(2027, 5, 31): "Memorial Day",  # Mondays 3, 10, 17, 24, 31: the last
    date(2027, 6, 18): "Juneteenth National Independence Day (observed)",  # Sat 19 -> Fri 18
    date(2027, 6, 19): "Juneteenth National Independence Day",
    date(2027, 7, 4): "Independence Day",
    date(2027, 7, 5): "Independence Day (observed)",  # Sun 4 -> Mon 5
    date(2027, 9, 6): "Labor Day",  # the first Monday
    date(2027, 10, 11): "Columbus Day",  # Mondays 4, 11: the second
    date(2027, 11, 11): "Veterans Day",  # Thursday
    date(2027, 11, 25): "Thanksgiving Day",  # Thursdays 4, 11, 18, 25: the fourth
    date(2027, 12, 24): "Christmas Day (observed)",  # Sat 25 -> Fri 24
    date(2027, 12, 25): "Christmas Day",
    # Jan 1, 2028 is a Saturday: it is kept on Friday Dec 31, 2027, across the year line.
    date(2027, 12, 31): "New Year's Day (observed)",
}

# 2028: only Veterans Day (Sat Nov 11) moves within the year; New Year's Day's observed Friday
# belongs to 2027 (above), not to 2028.
FEDERAL_2028 = {
    date(2028, 1, 1): "New Year's Day",
    date(2028, 1, 17): "Martin Luther King Jr. Day",  # Mondays 3, 10, 17
    date(2028, 2, 21): "Washington's Birthday",  # Mondays 7, 14, 21
    date(2028, 5, 29): "Memorial Day",  # Mondays 1, 8, 15, 22, 29
    date(2028, 6, 19): "Juneteenth National Independence Day",  # Monday
    date(2028, 7, 4): "Independence Day",  # Tuesday
    date(2028, 9, 4): "Labor Day",  # Mondays 4, ...
    date(2028, 10, 9): "Columbus Day",  # Mondays 2, 9
    date(2028, 11, 10): "Veterans Day (observed)",  # Sat 11 -> Fri 10
    date(2028, 11, 11): "Veterans Day",
    date(2028, 11, 23): "Thanksgiving Day",  # Thursdays 2, 9, 16, 23
    date(2028, 12, 25): "Christmas Day",  # Monday
}


def test_the_federal_holidays_of_2027_are_exactly_the_eleven_with_their_observed_days():
    assert federal_holidays(2027) == FEDERAL_2027


def test_the_federal_holidays_of_2028_are_exactly_the_eleven_with_their_observed_days():
    assert federal_holidays(2028) == FEDERAL_2028


@pytest.mark.parametrize(
    "name",
    [
        "New Year's Day", "Martin Luther King Jr. Day", "Washington's Birthday", "Memorial Day",
        "Juneteenth National Independence Day", "Independence Day", "Labor Day",
        "Columbus Day", "Veterans Day", "Thanksgiving Day", "Christmas Day",
    ],
)
def test_each_of_the_eleven_is_a_federal_holiday_every_year(name):
    for year in (2027, 2028):
        assert name in federal_holidays(year).values(), (name, year)


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2027, 2, 12), "Lincoln's Birthday: New York's, not § 6103's"),
        (date(2027, 6, 13), "Flag Day: New York's (a Sunday anyway)"),
        (date(2027, 11, 2), "Election Day: New York's"),
        (date(2027, 11, 26), "the day after Thanksgiving is no legal holiday"),
        (date(2027, 2, 16), "the day after Washington's Birthday"),
        (date(2028, 12, 31), "Jan 1, 2029 is a Monday: nothing moves into 2028"),
    ],
)
def test_days_that_are_not_federal_holidays(day, why):
    assert day not in federal_holidays(day.year), why


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 12, 24), f"Christmas Day (observed; {FED_CITE})"),
        (date(2027, 11, 25), f"Thanksgiving Day ({FED_CITE}; N.Y. Gen. Constr. Law § 24)"),
        (date(2027, 6, 18),
         f"Juneteenth National Independence Day (observed; {FED_CITE})"),
        (date(2027, 12, 31), f"New Year's Day (observed; {FED_CITE})"),
    ],
)
def test_a_federal_court_names_the_federal_law_for_a_federal_holiday(day, expected):
    assert holiday_reason(day, "FED") == expected


def test_a_federal_observed_friday_is_no_holiday_in_new_york():
    # New York has no Saturday -> Friday shift (GCL § 24): the state court counts Dec 24.
    assert holiday_reason(date(2027, 12, 24), "NY") is None
