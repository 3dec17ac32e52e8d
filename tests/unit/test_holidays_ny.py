"""New York (GCL § 24) and federal (5 U.S.C. § 6103) holidays, dates worked out by hand.

Weekday anchors used below: 2026-01-01 is a Thursday; 2027-01-01 a Friday; 2028-01-01 a
Saturday; 2023-01-01 a Sunday; 2022-01-01 a Saturday.
"""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.deadlines.holidays_ny import (
    court_holidays,
    federal_holidays,
    general_election_day,
    holiday_reason,
    ny_holidays,
)

# (day, expected name or None, how it was worked out)
NY_TABLE = [
    (date(2026, 1, 1), "New Year's Day", "Jan 1"),
    (date(2026, 1, 19), "Martin Luther King Jr. Day", "Mondays of Jan 2026: 5, 12, 19 -> 3rd"),
    (date(2026, 2, 12), "Lincoln's Birthday", "Feb 12, a Thursday"),
    (date(2026, 2, 16), "Washington's Birthday", "Feb 1 2026 Sun; Mondays 2, 9, 16 -> 3rd"),
    (date(2026, 2, 15), None, "Susan B. Anthony Day is not a GCL § 24 holiday (a Sunday)"),
    (date(2028, 2, 15), None, "Susan B. Anthony Day on a weekday (Tue) is still no holiday"),
    (date(2026, 5, 25), "Memorial Day", "May 31 2026 is Sun -> last Mon is May 25"),
    (date(2026, 6, 14), "Flag Day", "Jun 1 2026 Mon; Sundays 7, 14 -> 2nd"),
    (date(2026, 6, 15), None, "Flag Day is never carried to Monday ('except Flag day')"),
    (date(2026, 6, 19), "Juneteenth National Independence Day", "Jun 19, a Friday"),
    (date(2026, 7, 4), "Independence Day", "Jul 4, a Saturday"),
    (date(2026, 7, 3), None, "Sat Jul 4 2026: NO Saturday->Friday shift in New York"),
    (date(2026, 9, 7), "Labor Day", "Sep 1 2026 Tue; first Mon Sep 7"),
    (date(2026, 10, 12), "Columbus Day", "Oct 1 2026 Thu; Mondays 5, 12 -> 2nd"),
    (date(2026, 11, 3), "Election Day", "Nov 1 2026 Sun; first Mon Nov 2; Tue after = Nov 3"),
    (date(2027, 11, 2), "Election Day", "odd year too: Nov 1 2027 Mon; Tue after = Nov 2"),
    (date(2026, 11, 11), "Veterans Day", "Nov 11, a Wednesday"),
    (date(2026, 11, 26), "Thanksgiving Day", "Thursdays of Nov 2026: 5, 12, 19, 26 -> 4th"),
    (date(2026, 11, 27), None, "the day after Thanksgiving is not a NY holiday"),
    (date(2026, 12, 25), "Christmas Day", "Dec 25, a Friday"),
    (date(2027, 7, 4), "Independence Day", "Jul 4 2027 is a Sunday"),
    (date(2027, 7, 5), "Independence Day (observed)", "Sunday holiday -> also Monday Jul 5"),
    (date(2027, 12, 24), None, "Christmas 2027 is Sat: no Friday shift in New York"),
    (date(2027, 12, 31), None, "Jan 1 2028 is Sat: no Friday shift in New York"),
    (date(2028, 2, 11), None, "Lincoln's Birthday 2028 is Sat: no Friday shift"),
    (date(2028, 11, 10), None, "Veterans Day 2028 is Sat: no Friday shift"),
    (date(2023, 2, 12), "Lincoln's Birthday", "Feb 12 2023 is a Sunday"),
    (date(2023, 2, 13), "Lincoln's Birthday (observed)", "... so Monday Feb 13 is a holiday"),
    (date(2022, 6, 20), "Juneteenth National Independence Day (observed)", "Jun 19 2022 Sun"),
]


@pytest.mark.parametrize(("day", "name", "why"), NY_TABLE)
def test_ny_holidays(day: date, name: str | None, why: str) -> None:
    assert ny_holidays(day.year).get(day) == name, why


def test_washington_birthday_2027_has_no_susan_b_anthony_in_its_name() -> None:
    # Feb 1 2027 is a Monday; Mondays 1, 8, 15 -> Washington's Birthday Feb 15, the same date
    # the package gives Susan B. Anthony Day; only Washington's Birthday stays.
    assert ny_holidays(2027)[date(2027, 2, 15)] == "Washington's Birthday"
    assert all("Anthony" not in n for y in range(2020, 2036) for n in ny_holidays(y).values())


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2026, date(2026, 11, 3)),  # Nov 1 Sun, Mon Nov 2 -> Tue Nov 3
        (2027, date(2027, 11, 2)),  # Nov 1 Mon -> Tue Nov 2
        (2028, date(2028, 11, 7)),  # Nov 1 Wed, Mon Nov 6 -> Tue Nov 7
        (2022, date(2022, 11, 8)),  # Nov 1 Tue (so NOT Nov 1): Mon Nov 7 -> Tue Nov 8
    ],
)
def test_general_election_day(year: int, expected: date) -> None:
    assert general_election_day(year) == expected
    assert ny_holidays(year)[expected] == "Election Day"


def test_ny_2026_full_list() -> None:
    # 14 GCL § 24 days in 2026, none of them on a Sunday other than Flag Day (so no Monday
    # observances): Jan 1, Jan 19, Feb 12, Feb 16, May 25, Jun 14, Jun 19, Jul 4, Sep 7,
    # Oct 12, Nov 3, Nov 11, Nov 26, Dec 25.
    assert sorted(ny_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 12), date(2026, 2, 16),
        date(2026, 5, 25), date(2026, 6, 14), date(2026, 6, 19), date(2026, 7, 4),
        date(2026, 9, 7), date(2026, 10, 12), date(2026, 11, 3), date(2026, 11, 11),
        date(2026, 11, 26), date(2026, 12, 25),
    ]  # fmt: skip


FED_TABLE = [
    (date(2026, 7, 3), "Independence Day (observed)", "Jul 4 2026 Sat -> federal Fri Jul 3"),
    (date(2027, 12, 24), "Christmas Day (observed)", "Dec 25 2027 Sat -> Fri Dec 24"),
    (date(2027, 12, 31), "New Year's Day (observed)", "Jan 1 2028 Sat -> Fri Dec 31 2027"),
    (date(2027, 7, 5), "Independence Day (observed)", "Jul 4 2027 Sun -> Mon Jul 5"),
    (date(2026, 2, 12), None, "Lincoln's Birthday is not a § 6103 holiday"),
    (date(2026, 11, 3), None, "Election Day is not a § 6103 holiday"),
    (date(2026, 6, 14), None, "Flag Day is not a § 6103 holiday"),
    (date(2026, 11, 26), "Thanksgiving Day", "4th Thursday of Nov 2026"),
]


@pytest.mark.parametrize(("day", "name", "why"), FED_TABLE)
def test_federal_holidays(day: date, name: str | None, why: str) -> None:
    assert federal_holidays(day.year).get(day) == name, why


@pytest.mark.parametrize(
    ("day", "is_holiday", "why"),
    [
        (date(2026, 7, 3), True, "federal observed day (5 U.S.C. § 6103)"),
        (date(2026, 2, 12), True, "NY's Lincoln's Birthday counts: FRCP 6(a)(6)(C)"),
        (date(2026, 11, 3), True, "NY's Election Day counts: FRCP 6(a)(6)(C)"),
        (date(2026, 2, 15), False, "Susan B. Anthony Day is neither"),
        (date(2026, 11, 27), False, "day after Thanksgiving is neither"),
    ],
)
def test_court_holidays_fed_is_federal_union_ny(day: date, is_holiday: bool, why: str) -> None:
    assert (day in court_holidays(day.year, "FED")) is is_holiday, why


def test_court_holidays_ny_is_ny() -> None:
    assert court_holidays(2026, "NY") == ny_holidays(2026)
    assert date(2026, 7, 3) not in court_holidays(2026, "NY")


def test_court_holidays_unknown_regime() -> None:
    with pytest.raises(ValueError):
        court_holidays(2026, "CA")


def test_returned_dicts_are_copies_so_the_cache_is_safe() -> None:
    first = ny_holidays(2026)
    first[date(2026, 3, 3)] = "Made up"
    del first[date(2026, 2, 12)]
    again = ny_holidays(2026)
    assert date(2026, 3, 3) not in again
    assert again[date(2026, 2, 12)] == "Lincoln's Birthday"


@pytest.mark.parametrize(
    ("day", "regime", "expected"),
    [
        (date(2026, 2, 12), "NY", "Lincoln's Birthday (N.Y. Gen. Constr. Law § 24)"),
        (
            date(2026, 2, 12),
            "FED",
            "Lincoln's Birthday (N.Y. Gen. Constr. Law § 24; Fed. R. Civ. P. 6(a)(6)(C))",
        ),
        (date(2026, 7, 3), "FED", "Independence Day (observed; 5 U.S.C. § 6103)"),
        (date(2027, 7, 5), "NY", "Independence Day (observed; N.Y. Gen. Constr. Law § 24)"),
        (date(2026, 7, 3), "NY", None),
    ],
)
def test_holiday_reason(day: date, regime: str, expected: str | None) -> None:
    assert holiday_reason(day, regime) == expected
