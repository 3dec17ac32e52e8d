"""New York's public holidays, N.Y. Gen. Constr. Law § 24, worked out by hand.

§ 24 lists New Year's Day, Martin Luther King Jr. Day (3rd Mon Jan), Lincoln's Birthday
(Feb 12), Washington's Birthday (3rd Mon Feb), Memorial Day (last Mon May), Flag Day (2nd Sun
June), Juneteenth (June 19), Independence Day (July 4), Labor Day (1st Mon Sept), Columbus Day
(2nd Mon Oct), Veterans' Day (Nov 11), Thanksgiving (4th Thu Nov), Christmas (Dec 25) and each
general election day; "if any of such days except Flag day is Sunday, the next day thereafter".
There is no Saturday -> Friday shift.

Weekdays of the first of each month in 2027: Jan Fri, Feb Mon, May Sat, Jun Tue, Jul Thu,
Sep Wed, Oct Fri, Nov Mon, Dec Wed.
"""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.deadlines.holidays_ny import (
    FRCP_STATE_CITE,
    NY_CITE,
    _add,
    court_holidays,
    flag_day,
    general_election_day,
    holiday_name,
    holiday_reason,
    ny_holidays,
)

NY_2027 = {
    date(2027, 1, 1): "New Year's Day",  # Friday
    date(2027, 1, 18): "Martin Luther King Jr. Day",  # Mondays 4, 11, 18
    date(2027, 2, 12): "Lincoln's Birthday",  # Friday
    date(2027, 2, 15): "Washington's Birthday",  # Mondays 1, 8, 15
    date(2027, 5, 31): "Memorial Day",  # the last Monday
    date(2027, 6, 13): "Flag Day",  # Sundays 6, 13: the second
    date(2027, 6, 19): "Juneteenth National Independence Day",  # a Saturday: not moved
    date(2027, 7, 4): "Independence Day",  # a Sunday ...
    date(2027, 7, 5): "Independence Day (observed)",  # ... so the Monday too
    date(2027, 9, 6): "Labor Day",
    date(2027, 10, 11): "Columbus Day",
    date(2027, 11, 2): "Election Day",  # Mon Nov 1, so Tuesday Nov 2 (odd years too)
    date(2027, 11, 11): "Veterans Day",
    date(2027, 11, 25): "Thanksgiving Day",
    date(2027, 12, 25): "Christmas Day",  # a Saturday: not moved to Friday Dec 24
}


def test_new_yorks_holidays_of_2027_are_exactly_those_of_gcl_24():
    assert ny_holidays(2027) == NY_2027


@pytest.mark.parametrize(
    ("day", "name", "why"),
    [
        (date(2023, 1, 1), "New Year's Day", "Jan 1, 2023 is a Sunday"),
        (date(2023, 1, 2), "New Year's Day (observed)", "so Monday Jan 2 is a holiday too"),
        (date(2022, 12, 26), "Christmas Day (observed)", "Dec 25, 2022 is a Sunday"),
        (date(2025, 6, 8), "Flag Day", "June 1, 2025 is a Sunday: the second Sunday is the 8th"),
        (date(2025, 6, 9), None, "Flag Day is never carried to the Monday"),
        (date(2028, 6, 11), "Flag Day", "June 1, 2028 is a Thursday: Sundays 4, 11"),
        (date(2027, 6, 18), None, "Juneteenth on a Saturday: no Friday in New York"),
        (date(2027, 12, 24), None, "Christmas on a Saturday: no Friday in New York"),
        (date(2027, 12, 31), None, "New Year's Day 2028 on a Saturday: no Friday"),
        (date(2027, 2, 16), None, "Susan B. Anthony Day is no GCL § 24 holiday"),
        (date(2027, 11, 26), None, "the day after Thanksgiving"),
    ],
)
def test_gcl_24_day_by_day(day, name, why):
    assert ny_holidays(day.year).get(day) == name, why


@pytest.mark.parametrize(
    ("year", "second_sunday"),
    [(2025, date(2025, 6, 8)), (2027, date(2027, 6, 13)), (2033, date(2033, 6, 12))],
)
def test_flag_day_is_the_second_sunday_in_june(year, second_sunday):
    assert flag_day(year) == second_sunday


@pytest.mark.parametrize(
    ("year", "tuesday"),
    [(2022, date(2022, 11, 8)), (2026, date(2026, 11, 3)), (2027, date(2027, 11, 2))],
)
def test_election_day_is_the_tuesday_after_the_first_monday_in_november(year, tuesday):
    assert general_election_day(year) == tuesday


def test_a_new_york_holiday_is_cited_to_gcl_24():
    assert holiday_reason(date(2027, 2, 12), "NY") == f"Lincoln's Birthday ({NY_CITE})"
    assert holiday_reason(date(2027, 7, 5), "NY") == f"Independence Day (observed; {NY_CITE})"
    assert holiday_reason(date(2027, 2, 16), "NY") is None


def test_in_federal_court_a_new_york_only_holiday_is_cited_to_frcp_6a6c():
    assert holiday_reason(date(2027, 2, 12), "FED") == (
        f"Lincoln's Birthday ({NY_CITE}; {FRCP_STATE_CITE})"
    )
    assert holiday_reason(date(2027, 11, 2), "FED") == (
        f"Election Day ({NY_CITE}; {FRCP_STATE_CITE})"
    )


def test_a_holiday_of_both_calendars_is_named_once_in_federal_court():
    assert holiday_name(date(2027, 7, 5), "FED") == "Independence Day (observed)"
    assert holiday_reason(date(2027, 7, 5), "FED") == (
        f"Independence Day (observed; 5 U.S.C. § 6103; {NY_CITE})"
    )


def test_two_holidays_on_one_day_are_both_named_and_neither_twice():
    table: dict[date, str] = {}
    day = date(2027, 1, 1)
    _add(table, day, "New Year's Day")
    _add(table, day, "Another Day")
    _add(table, day, "New Year's Day")
    assert table == {day: "New Year's Day; Another Day"}


def test_an_unknown_holiday_regime_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match=r"^unknown holiday regime 'CA'; expected one of "
                                         r"\('NY', 'FED'\)$"):
        court_holidays(2027, "CA")
