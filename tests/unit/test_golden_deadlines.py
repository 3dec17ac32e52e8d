"""Golden tables: for every deadline rule, trigger dates in 2026-2030 and the due dates they give.

Each due date was worked out by the small day stepper below, which knows nothing of the app: its
holidays are typed from the law (docs/dates.md § Holidays by regime: N.Y. Gen. Constr. Law
§ 24, 5 U.S.C. § 6103, Fed. R. Civ. P. 6(a)(6)) and its periods from docs/rules.md. The tables
are committed literals, so a change to a rule, a holiday or the counting shows up as a reviewed
diff of this file. Each row's
comment names the raw last day of the period and, when it moved, the day it rolled to.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

import pytest

from qtrax_disputes.deadlines.rules import RULES, rule

D = date

# The period of each rule, typed from docs/rules.md (not read from the rule table): n, unit, roll.
# MEDIATION_WINDOW has no period in law (the clause is silent); 45 days is this file's setting
# of MEDIATION_WINDOW_DAYS, not a value of the law.
PERIODS = {
    "CPLR7503_STAY": (20, "days", "NY"),
    "CPLR7509_MODIFY": (20, "days", "NY"),
    "CPLR7509_OBJECT": (10, "days", "NY"),
    "CPLR7511_VACATE": (90, "days", "NY"),
    "CPLR7510_CONFIRM": (1, "years", "NY"),
    "FAA12_VACATE": (3, "months", "FED"),
    "FAA9_CONFIRM": (1, "years", "FED"),
    "AAA_ANSWER": (14, "days", "none"),
    "AAA_AWARD": (30, "days", "none"),
    "AAA_CORRECTION": (20, "days", "none"),
    "GBL899AA_NOTICE": (30, "days", "none"),
    # The agencies' notices: the statute gives none a period of its own; the app shows each with
    # the residents' 30 days, unverified (docs/rules.md § Rule by rule).
    "GBL899AA_AG": (30, "days", "none"),
    "GBL899AA_DOS": (30, "days", "none"),
    "GBL899AA_POLICE": (30, "days", "none"),
    "GBL899AA_CRA": (30, "days", "none"),
    # Due on the return date the order sets: the "trigger" of a row is that return date.
    "COURT_ORDER_RETURN": (0, "days", "none"),
    "POLICY_CHILD_DELETE": (0, "days", "none"),
    "MEDIATION_WINDOW": (45, "days", "none"),
}
CONFIG = {"MEDIATION_WINDOW_DAYS": 45}


# --- The independent stepper -------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    day = date(year, month, 1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day + timedelta(weeks=nth - 1)


def _last_monday_of_may(year: int) -> date:
    day = date(year, 5, 31)
    while day.weekday() != 0:
        day -= timedelta(days=1)
    return day


def _shared_holidays(year: int) -> set[date]:
    """The days both GCL § 24 and 5 U.S.C. § 6103(a) name."""
    return {
        date(year, 1, 1), _nth_weekday(year, 1, 0, 3), _nth_weekday(year, 2, 0, 3),
        _last_monday_of_may(year), date(year, 6, 19), date(year, 7, 4),
        _nth_weekday(year, 9, 0, 1), _nth_weekday(year, 10, 0, 2), date(year, 11, 11),
        _nth_weekday(year, 11, 3, 4), date(year, 12, 25),
    }  # fmt: skip


def new_york_holidays(year: int) -> set[date]:
    """GCL § 24: a Sunday holiday is also the Monday after, except Flag Day; no Saturday shift."""
    named = _shared_holidays(year) | {
        date(year, 2, 12),  # Lincoln's Birthday
        _nth_weekday(year, 11, 0, 1) + timedelta(days=1),  # general election day, every year
    }
    observed = {day + timedelta(days=1) for day in named if day.weekday() == 6}
    return named | observed | {_nth_weekday(year, 6, 6, 2)}  # Flag Day, a Sunday, not carried


def federal_holidays(year: int) -> set[date]:
    """5 U.S.C. § 6103: Saturday holidays observed the Friday before, Sunday ones the Monday after.

    Asking for the next year too catches New Year's Day on a Saturday, observed on December 31.
    """
    days = set()
    for day in _shared_holidays(year) | _shared_holidays(year + 1):
        days.add(day)
        if day.weekday() == 5:
            days.add(day - timedelta(days=1))
        if day.weekday() == 6:
            days.add(day + timedelta(days=1))
    return {day for day in days if day.year == year}


def _is_closed(day: date, roll: str) -> bool:
    if day.weekday() >= 5 or day in new_york_holidays(day.year):
        return True
    # FRCP 6(a)(6): federal holidays and those of the state where the court sits (New York).
    return roll == "FED" and day in federal_holidays(day.year)


def _last_day(trigger: date, n: int, unit: str) -> date:
    """The trigger day not counted; months to the same day or the shorter month's last day."""
    if unit == "days":
        return trigger + timedelta(days=n)
    months = n * 12 if unit == "years" else n
    year, month0 = divmod(trigger.year * 12 + trigger.month - 1 + months, 12)
    return date(year, month0 + 1, min(trigger.day, monthrange(year, month0 + 1)[1]))


def independent_due(trigger: date, n: int, unit: str, roll: str) -> date:
    day = _last_day(trigger, n, unit)
    if roll == "none" or n == 0:
        return day  # no roll verified for AAA-rule and policy periods: the raw date stands
    while _is_closed(day, roll):
        day += timedelta(days=1)
    return day


# --- The tables --------------------------------------------------------------------------------

GOLDEN: dict[str, list[tuple[date, date]]] = {
    "CPLR7503_STAY": [
        (D(2026, 1, 23), D(2026, 2, 13)),  # raw 2026-02-12 Thu Lincoln's Birthday -> Fri
        (D(2026, 6, 13), D(2026, 7, 3)),  # raw 2026-07-03 Fri
        (D(2026, 6, 14), D(2026, 7, 6)),  # raw 2026-07-04 Sat Independence Day -> Mon
        (D(2026, 11, 6), D(2026, 11, 27)),  # raw 2026-11-26 Thu Thanksgiving -> Fri
        (D(2026, 12, 12), D(2027, 1, 4)),  # raw 2027-01-01 Fri New Year's Day -> Mon
        (D(2027, 5, 29), D(2027, 6, 18)),  # raw 2027-06-18 Fri
        (D(2027, 12, 4), D(2027, 12, 24)),  # raw 2027-12-24 Fri
        (D(2027, 12, 11), D(2027, 12, 31)),  # raw 2027-12-31 Fri
        (D(2028, 10, 18), D(2028, 11, 8)),  # raw 2028-11-07 Tue Election Day -> Wed
        (D(2028, 10, 21), D(2028, 11, 10)),  # raw 2028-11-10 Fri
        (D(2029, 5, 21), D(2029, 6, 11)),  # raw 2029-06-10 Sun Flag Day -> Mon
        (D(2029, 10, 22), D(2029, 11, 13)),  # raw 2029-11-11 Sun Veterans Day -> Tue
        (D(2030, 1, 23), D(2030, 2, 13)),  # raw 2030-02-12 Tue Lincoln's Birthday -> Wed
        (D(2030, 4, 25), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2030, 12, 5), D(2030, 12, 26)),  # raw 2030-12-25 Wed Christmas -> Thu
        (D(2030, 12, 12), D(2031, 1, 2)),  # raw 2031-01-01 Wed New Year's Day -> Thu
    ],
    "CPLR7509_MODIFY": [
        (D(2026, 5, 5), D(2026, 5, 26)),  # raw 2026-05-25 Mon Memorial Day -> Tue
        (D(2026, 8, 18), D(2026, 9, 8)),  # raw 2026-09-07 Mon Labor Day -> Tue
        (D(2026, 9, 22), D(2026, 10, 13)),  # raw 2026-10-12 Mon Columbus Day -> Tue
        (D(2026, 12, 5), D(2026, 12, 28)),  # raw 2026-12-25 Fri Christmas -> Mon
        (D(2027, 1, 26), D(2027, 2, 16)),  # raw 2027-02-15 Mon Washington's Birthday -> Tue
        (D(2027, 6, 15), D(2027, 7, 6)),  # raw 2027-07-05 Mon July 4 (observed Monday) -> Tue
        (D(2027, 10, 13), D(2027, 11, 3)),  # raw 2027-11-02 Tue Election Day -> Wed
        (D(2027, 11, 5), D(2027, 11, 26)),  # raw 2027-11-25 Thu Thanksgiving -> Fri
        (D(2027, 12, 28), D(2028, 1, 18)),  # raw 2028-01-17 Mon MLK Day -> Tue
        (D(2028, 5, 30), D(2028, 6, 20)),  # raw 2028-06-19 Mon Juneteenth -> Tue
        (D(2028, 12, 11), D(2029, 1, 2)),  # raw 2028-12-31 Sun -> Tue
        (D(2028, 12, 12), D(2029, 1, 2)),  # raw 2029-01-01 Mon New Year's Day -> Tue
        (D(2029, 1, 23), D(2029, 2, 13)),  # raw 2029-02-12 Mon Lincoln's Birthday -> Tue
        (D(2029, 11, 2), D(2029, 11, 23)),  # raw 2029-11-22 Thu Thanksgiving -> Fri
        (D(2030, 5, 30), D(2030, 6, 20)),  # raw 2030-06-19 Wed Juneteenth -> Thu
        (D(2030, 10, 16), D(2030, 11, 6)),  # raw 2030-11-05 Tue Election Day -> Wed
        (D(2030, 11, 8), D(2030, 11, 29)),  # raw 2030-11-28 Thu Thanksgiving -> Fri
        (D(2030, 12, 28), D(2031, 1, 17)),  # raw 2031-01-17 Fri
    ],
    "CPLR7509_OBJECT": [
        (D(2026, 2, 2), D(2026, 2, 13)),  # raw 2026-02-12 Thu Lincoln's Birthday -> Fri
        (D(2026, 6, 23), D(2026, 7, 3)),  # raw 2026-07-03 Fri
        (D(2026, 6, 24), D(2026, 7, 6)),  # raw 2026-07-04 Sat Independence Day -> Mon
        (D(2026, 11, 16), D(2026, 11, 27)),  # raw 2026-11-26 Thu Thanksgiving -> Fri
        (D(2026, 12, 22), D(2027, 1, 4)),  # raw 2027-01-01 Fri New Year's Day -> Mon
        (D(2027, 6, 8), D(2027, 6, 18)),  # raw 2027-06-18 Fri
        (D(2027, 12, 14), D(2027, 12, 24)),  # raw 2027-12-24 Fri
        (D(2027, 12, 21), D(2027, 12, 31)),  # raw 2027-12-31 Fri
        (D(2028, 10, 28), D(2028, 11, 8)),  # raw 2028-11-07 Tue Election Day -> Wed
        (D(2028, 10, 31), D(2028, 11, 10)),  # raw 2028-11-10 Fri
        (D(2029, 5, 31), D(2029, 6, 11)),  # raw 2029-06-10 Sun Flag Day -> Mon
        (D(2029, 11, 1), D(2029, 11, 13)),  # raw 2029-11-11 Sun Veterans Day -> Tue
        (D(2030, 2, 2), D(2030, 2, 13)),  # raw 2030-02-12 Tue Lincoln's Birthday -> Wed
        (D(2030, 5, 5), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2030, 12, 15), D(2030, 12, 26)),  # raw 2030-12-25 Wed Christmas -> Thu
        (D(2030, 12, 22), D(2031, 1, 2)),  # raw 2031-01-01 Wed New Year's Day -> Thu
    ],
    "CPLR7511_VACATE": [
        (D(2026, 4, 4), D(2026, 7, 3)),  # raw 2026-07-03 Fri
        (D(2026, 4, 5), D(2026, 7, 6)),  # raw 2026-07-04 Sat Independence Day -> Mon
        (D(2026, 8, 28), D(2026, 11, 27)),  # raw 2026-11-26 Thu Thanksgiving -> Fri
        (D(2026, 10, 3), D(2027, 1, 4)),  # raw 2027-01-01 Fri New Year's Day -> Mon
        (D(2027, 3, 20), D(2027, 6, 18)),  # raw 2027-06-18 Fri
        (D(2027, 9, 25), D(2027, 12, 24)),  # raw 2027-12-24 Fri
        (D(2027, 10, 2), D(2027, 12, 31)),  # raw 2027-12-31 Fri
        (D(2028, 8, 9), D(2028, 11, 8)),  # raw 2028-11-07 Tue Election Day -> Wed
        (D(2028, 8, 12), D(2028, 11, 10)),  # raw 2028-11-10 Fri
        (D(2029, 3, 12), D(2029, 6, 11)),  # raw 2029-06-10 Sun Flag Day -> Mon
        (D(2029, 8, 13), D(2029, 11, 13)),  # raw 2029-11-11 Sun Veterans Day -> Tue
        (D(2029, 11, 14), D(2030, 2, 13)),  # raw 2030-02-12 Tue Lincoln's Birthday -> Wed
        (D(2030, 2, 14), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2030, 9, 26), D(2030, 12, 26)),  # raw 2030-12-25 Wed Christmas -> Thu
        (D(2030, 10, 3), D(2031, 1, 2)),  # raw 2031-01-01 Wed New Year's Day -> Thu
    ],
    "CPLR7510_CONFIRM": [
        (D(2026, 1, 1), D(2027, 1, 4)),  # raw 2027-01-01 Fri New Year's Day -> Mon
        (D(2026, 6, 18), D(2027, 6, 18)),  # raw 2027-06-18 Fri
        (D(2026, 12, 24), D(2027, 12, 24)),  # raw 2027-12-24 Fri
        (D(2026, 12, 31), D(2027, 12, 31)),  # raw 2027-12-31 Fri
        (D(2027, 11, 7), D(2028, 11, 8)),  # raw 2028-11-07 Tue Election Day -> Wed
        (D(2027, 11, 10), D(2028, 11, 10)),  # raw 2028-11-10 Fri
        (D(2028, 2, 29), D(2029, 2, 28)),  # raw 2029-02-28 Wed
        (D(2028, 6, 10), D(2029, 6, 11)),  # raw 2029-06-10 Sun Flag Day -> Mon
        (D(2028, 11, 11), D(2029, 11, 13)),  # raw 2029-11-11 Sun Veterans Day -> Tue
        (D(2029, 2, 12), D(2030, 2, 13)),  # raw 2030-02-12 Tue Lincoln's Birthday -> Wed
        (D(2029, 5, 15), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2029, 12, 25), D(2030, 12, 26)),  # raw 2030-12-25 Wed Christmas -> Thu
        (D(2030, 1, 1), D(2031, 1, 2)),  # raw 2031-01-01 Wed New Year's Day -> Thu
        (D(2030, 7, 4), D(2031, 7, 7)),  # raw 2031-07-04 Fri Independence Day -> Mon
        (D(2030, 11, 27), D(2031, 11, 28)),  # raw 2031-11-27 Thu Thanksgiving -> Fri
    ],
    "FAA12_VACATE": [
        (D(2026, 4, 3), D(2026, 7, 6)),  # raw 2026-07-03 Fri July 4 (fed. observed) -> Mon
        (D(2026, 4, 4), D(2026, 7, 6)),  # raw 2026-07-04 Sat Independence Day -> Mon
        (D(2026, 8, 26), D(2026, 11, 27)),  # raw 2026-11-26 Thu Thanksgiving -> Fri
        (D(2026, 10, 1), D(2027, 1, 4)),  # raw 2027-01-01 Fri New Year's Day -> Mon
        (D(2026, 11, 30), D(2027, 3, 1)),  # raw 2027-02-28 Sun -> Mon
        (D(2027, 3, 18), D(2027, 6, 21)),  # raw 2027-06-18 Fri Juneteenth (fed. observed) -> Mon
        (D(2027, 9, 24), D(2027, 12, 27)),  # raw 2027-12-24 Fri Christmas (fed. observed) -> Mon
        (D(2027, 11, 30), D(2028, 2, 29)),  # raw 2028-02-29 Tue
        (D(2028, 8, 7), D(2028, 11, 8)),  # raw 2028-11-07 Tue Election Day -> Wed
        (D(2028, 8, 10), D(2028, 11, 13)),  # raw 2028-11-10 Fri Veterans (fed. observed) -> Mon
        (D(2029, 3, 10), D(2029, 6, 11)),  # raw 2029-06-10 Sun Flag Day -> Mon
        (D(2029, 8, 11), D(2029, 11, 13)),  # raw 2029-11-11 Sun Veterans Day -> Tue
        (D(2029, 11, 12), D(2030, 2, 13)),  # raw 2030-02-12 Tue Lincoln's Birthday -> Wed
        (D(2029, 12, 31), D(2030, 4, 1)),  # raw 2030-03-31 Sun -> Mon
        (D(2030, 2, 15), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2030, 9, 25), D(2030, 12, 26)),  # raw 2030-12-25 Wed Christmas -> Thu
        (D(2030, 10, 1), D(2031, 1, 2)),  # raw 2031-01-01 Wed New Year's Day -> Thu
    ],
    "FAA9_CONFIRM": [
        (D(2026, 1, 1), D(2027, 1, 4)),  # raw 2027-01-01 Fri New Year's Day -> Mon
        (D(2026, 6, 18), D(2027, 6, 21)),  # raw 2027-06-18 Fri Juneteenth (fed. observed) -> Mon
        (D(2026, 12, 24), D(2027, 12, 27)),  # raw 2027-12-24 Fri Christmas (fed. observed) -> Mon
        (D(2026, 12, 31), D(2028, 1, 3)),  # raw 2027-12-31 Fri New Year (fed. observed) -> Mon
        (D(2027, 11, 7), D(2028, 11, 8)),  # raw 2028-11-07 Tue Election Day -> Wed
        (D(2027, 11, 10), D(2028, 11, 13)),  # raw 2028-11-10 Fri Veterans (fed. observed) -> Mon
        (D(2028, 2, 29), D(2029, 2, 28)),  # raw 2029-02-28 Wed
        (D(2028, 6, 10), D(2029, 6, 11)),  # raw 2029-06-10 Sun Flag Day -> Mon
        (D(2028, 11, 11), D(2029, 11, 13)),  # raw 2029-11-11 Sun Veterans Day -> Tue
        (D(2029, 2, 12), D(2030, 2, 13)),  # raw 2030-02-12 Tue Lincoln's Birthday -> Wed
        (D(2029, 5, 15), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2029, 12, 25), D(2030, 12, 26)),  # raw 2030-12-25 Wed Christmas -> Thu
        (D(2030, 1, 1), D(2031, 1, 2)),  # raw 2031-01-01 Wed New Year's Day -> Thu
        (D(2030, 7, 4), D(2031, 7, 7)),  # raw 2031-07-04 Fri Independence Day -> Mon
        (D(2030, 11, 27), D(2031, 11, 28)),  # raw 2031-11-27 Thu Thanksgiving -> Fri
    ],
    "AAA_ANSWER": [
        (D(2026, 1, 29), D(2026, 2, 12)),  # raw 2026-02-12 Thu Lincoln's Birthday
        (D(2026, 6, 19), D(2026, 7, 3)),  # raw 2026-07-03 Fri
        (D(2026, 6, 20), D(2026, 7, 4)),  # raw 2026-07-04 Sat Independence Day
        (D(2026, 11, 12), D(2026, 11, 26)),  # raw 2026-11-26 Thu Thanksgiving
        (D(2026, 12, 18), D(2027, 1, 1)),  # raw 2027-01-01 Fri New Year's Day
        (D(2027, 6, 4), D(2027, 6, 18)),  # raw 2027-06-18 Fri
        (D(2027, 12, 10), D(2027, 12, 24)),  # raw 2027-12-24 Fri
        (D(2027, 12, 17), D(2027, 12, 31)),  # raw 2027-12-31 Fri
        (D(2028, 10, 24), D(2028, 11, 7)),  # raw 2028-11-07 Tue Election Day
        (D(2028, 10, 27), D(2028, 11, 10)),  # raw 2028-11-10 Fri
        (D(2029, 5, 27), D(2029, 6, 10)),  # raw 2029-06-10 Sun Flag Day
        (D(2029, 10, 28), D(2029, 11, 11)),  # raw 2029-11-11 Sun Veterans Day
        (D(2030, 1, 29), D(2030, 2, 12)),  # raw 2030-02-12 Tue Lincoln's Birthday
        (D(2030, 5, 1), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2030, 12, 11), D(2030, 12, 25)),  # raw 2030-12-25 Wed Christmas
        (D(2030, 12, 18), D(2031, 1, 1)),  # raw 2031-01-01 Wed New Year's Day
    ],
    "AAA_AWARD": [
        (D(2026, 1, 13), D(2026, 2, 12)),  # raw 2026-02-12 Thu Lincoln's Birthday
        (D(2026, 6, 3), D(2026, 7, 3)),  # raw 2026-07-03 Fri
        (D(2026, 6, 4), D(2026, 7, 4)),  # raw 2026-07-04 Sat Independence Day
        (D(2026, 10, 27), D(2026, 11, 26)),  # raw 2026-11-26 Thu Thanksgiving
        (D(2026, 12, 2), D(2027, 1, 1)),  # raw 2027-01-01 Fri New Year's Day
        (D(2027, 5, 19), D(2027, 6, 18)),  # raw 2027-06-18 Fri
        (D(2027, 11, 24), D(2027, 12, 24)),  # raw 2027-12-24 Fri
        (D(2027, 12, 1), D(2027, 12, 31)),  # raw 2027-12-31 Fri
        (D(2028, 10, 8), D(2028, 11, 7)),  # raw 2028-11-07 Tue Election Day
        (D(2028, 10, 11), D(2028, 11, 10)),  # raw 2028-11-10 Fri
        (D(2029, 5, 11), D(2029, 6, 10)),  # raw 2029-06-10 Sun Flag Day
        (D(2029, 10, 12), D(2029, 11, 11)),  # raw 2029-11-11 Sun Veterans Day
        (D(2030, 1, 13), D(2030, 2, 12)),  # raw 2030-02-12 Tue Lincoln's Birthday
        (D(2030, 4, 15), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2030, 11, 25), D(2030, 12, 25)),  # raw 2030-12-25 Wed Christmas
        (D(2030, 12, 2), D(2031, 1, 1)),  # raw 2031-01-01 Wed New Year's Day
    ],
    "GBL899AA_NOTICE": [
        (D(2026, 4, 25), D(2026, 5, 25)),  # raw 2026-05-25 Mon Memorial Day
        (D(2026, 8, 8), D(2026, 9, 7)),  # raw 2026-09-07 Mon Labor Day
        (D(2026, 9, 12), D(2026, 10, 12)),  # raw 2026-10-12 Mon Columbus Day
        (D(2026, 11, 25), D(2026, 12, 25)),  # raw 2026-12-25 Fri Christmas
        (D(2027, 1, 16), D(2027, 2, 15)),  # raw 2027-02-15 Mon Washington's Birthday
        (D(2027, 6, 5), D(2027, 7, 5)),  # raw 2027-07-05 Mon July 4 (observed Monday)
        (D(2027, 10, 3), D(2027, 11, 2)),  # raw 2027-11-02 Tue Election Day
        (D(2027, 10, 26), D(2027, 11, 25)),  # raw 2027-11-25 Thu Thanksgiving
        (D(2027, 12, 18), D(2028, 1, 17)),  # raw 2028-01-17 Mon MLK Day
        (D(2028, 5, 20), D(2028, 6, 19)),  # raw 2028-06-19 Mon Juneteenth
        (D(2028, 12, 1), D(2028, 12, 31)),  # raw 2028-12-31 Sun
        (D(2028, 12, 2), D(2029, 1, 1)),  # raw 2029-01-01 Mon New Year's Day
        (D(2029, 1, 13), D(2029, 2, 12)),  # raw 2029-02-12 Mon Lincoln's Birthday
        (D(2029, 10, 23), D(2029, 11, 22)),  # raw 2029-11-22 Thu Thanksgiving
        (D(2030, 5, 20), D(2030, 6, 19)),  # raw 2030-06-19 Wed Juneteenth
        (D(2030, 10, 6), D(2030, 11, 5)),  # raw 2030-11-05 Tue Election Day
        (D(2030, 10, 29), D(2030, 11, 28)),  # raw 2030-11-28 Thu Thanksgiving
        (D(2030, 12, 18), D(2031, 1, 17)),  # raw 2031-01-17 Fri
    ],
    "AAA_CORRECTION": [
        (D(2026, 1, 23), D(2026, 2, 12)),  # raw 2026-02-12 Thu Lincoln's Birthday
        (D(2026, 6, 14), D(2026, 7, 4)),  # raw 2026-07-04 Sat Independence Day
        (D(2026, 11, 6), D(2026, 11, 26)),  # raw 2026-11-26 Thu Thanksgiving
        (D(2026, 12, 12), D(2027, 1, 1)),  # raw 2027-01-01 Fri New Year's Day
        (D(2027, 5, 29), D(2027, 6, 18)),  # raw 2027-06-18 Fri
        (D(2027, 12, 11), D(2027, 12, 31)),  # raw 2027-12-31 Fri
        (D(2028, 2, 9), D(2028, 2, 29)),  # raw 2028-02-29 Tue, a leap day
        (D(2028, 10, 18), D(2028, 11, 7)),  # raw 2028-11-07 Tue Election Day
        (D(2029, 5, 21), D(2029, 6, 10)),  # raw 2029-06-10 Sun Flag Day
        (D(2029, 10, 22), D(2029, 11, 11)),  # raw 2029-11-11 Sun Veterans Day
        (D(2030, 1, 23), D(2030, 2, 12)),  # raw 2030-02-12 Tue Lincoln's Birthday
        (D(2030, 12, 5), D(2030, 12, 25)),  # raw 2030-12-25 Wed Christmas
    ],
    "COURT_ORDER_RETURN": [
        (D(2026, 3, 2), D(2026, 3, 2)),  # Mon
        (D(2026, 7, 4), D(2026, 7, 4)),  # Sat Independence Day: the order's date stands
        (D(2027, 1, 1), D(2027, 1, 1)),  # Fri New Year's Day
        (D(2027, 12, 31), D(2027, 12, 31)),  # Fri
        (D(2028, 2, 29), D(2028, 2, 29)),  # Tue, a leap day
        (D(2028, 11, 7), D(2028, 11, 7)),  # Tue Election Day
        (D(2029, 6, 10), D(2029, 6, 10)),  # Sun Flag Day
        (D(2030, 12, 25), D(2030, 12, 25)),  # Wed Christmas
    ],
    "POLICY_CHILD_DELETE": [
        (D(2026, 2, 12), D(2026, 2, 12)),  # raw 2026-02-12 Thu Lincoln's Birthday
        (D(2026, 7, 3), D(2026, 7, 3)),  # raw 2026-07-03 Fri
        (D(2026, 7, 4), D(2026, 7, 4)),  # raw 2026-07-04 Sat Independence Day
        (D(2026, 11, 26), D(2026, 11, 26)),  # raw 2026-11-26 Thu Thanksgiving
        (D(2027, 1, 1), D(2027, 1, 1)),  # raw 2027-01-01 Fri New Year's Day
        (D(2027, 6, 18), D(2027, 6, 18)),  # raw 2027-06-18 Fri
        (D(2027, 12, 24), D(2027, 12, 24)),  # raw 2027-12-24 Fri
        (D(2027, 12, 31), D(2027, 12, 31)),  # raw 2027-12-31 Fri
        (D(2028, 11, 7), D(2028, 11, 7)),  # raw 2028-11-07 Tue Election Day
        (D(2028, 11, 10), D(2028, 11, 10)),  # raw 2028-11-10 Fri
        (D(2029, 6, 10), D(2029, 6, 10)),  # raw 2029-06-10 Sun Flag Day
        (D(2029, 11, 11), D(2029, 11, 11)),  # raw 2029-11-11 Sun Veterans Day
        (D(2030, 2, 12), D(2030, 2, 12)),  # raw 2030-02-12 Tue Lincoln's Birthday
        (D(2030, 5, 15), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2030, 12, 25), D(2030, 12, 25)),  # raw 2030-12-25 Wed Christmas
    ],
    "MEDIATION_WINDOW": [
        (D(2026, 5, 19), D(2026, 7, 3)),  # raw 2026-07-03 Fri
        (D(2026, 5, 20), D(2026, 7, 4)),  # raw 2026-07-04 Sat Independence Day
        (D(2026, 10, 12), D(2026, 11, 26)),  # raw 2026-11-26 Thu Thanksgiving
        (D(2026, 11, 17), D(2027, 1, 1)),  # raw 2027-01-01 Fri New Year's Day
        (D(2027, 5, 4), D(2027, 6, 18)),  # raw 2027-06-18 Fri
        (D(2027, 11, 9), D(2027, 12, 24)),  # raw 2027-12-24 Fri
        (D(2027, 11, 16), D(2027, 12, 31)),  # raw 2027-12-31 Fri
        (D(2028, 9, 23), D(2028, 11, 7)),  # raw 2028-11-07 Tue Election Day
        (D(2028, 9, 26), D(2028, 11, 10)),  # raw 2028-11-10 Fri
        (D(2029, 4, 26), D(2029, 6, 10)),  # raw 2029-06-10 Sun Flag Day
        (D(2029, 9, 27), D(2029, 11, 11)),  # raw 2029-11-11 Sun Veterans Day
        (D(2029, 12, 29), D(2030, 2, 12)),  # raw 2030-02-12 Tue Lincoln's Birthday
        (D(2030, 3, 31), D(2030, 5, 15)),  # raw 2030-05-15 Wed
        (D(2030, 11, 10), D(2030, 12, 25)),  # raw 2030-12-25 Wed Christmas
        (D(2030, 11, 17), D(2031, 1, 1)),  # raw 2031-01-01 Wed New Year's Day
    ],
}

# The agencies' notices run the residents' 30 days from the same discovery: the same table.
for _agency in ("GBL899AA_AG", "GBL899AA_DOS", "GBL899AA_POLICE", "GBL899AA_CRA"):
    GOLDEN[_agency] = GOLDEN["GBL899AA_NOTICE"]

ROWS = [(code, trigger, due) for code, rows in GOLDEN.items() for trigger, due in rows]


def test_every_rule_has_a_golden_table_and_a_period_typed_from_the_law():
    codes = {r.code for r in RULES}
    assert set(GOLDEN) == codes
    assert set(PERIODS) == codes


@pytest.mark.parametrize("code", sorted(GOLDEN))
def test_each_table_spreads_its_triggers_over_2026_to_2030(code):
    triggers = [trigger for trigger, _ in GOLDEN[code]]
    assert len(triggers) >= 8
    assert {t.year for t in triggers} == {2026, 2027, 2028, 2029, 2030}


@pytest.mark.parametrize(("code", "trigger", "due"), ROWS, ids=[f"{c}-{t}" for c, t, _ in ROWS])
def test_the_table_agrees_with_the_independent_count(code, trigger, due):
    assert independent_due(trigger, *PERIODS[code]) == due


@pytest.mark.parametrize(("code", "trigger", "due"), ROWS, ids=[f"{c}-{t}" for c, t, _ in ROWS])
def test_the_rule_gives_the_golden_due_date(code, trigger, due):
    computed = rule(code).compute(trigger, CONFIG)
    assert computed is not None
    assert computed.due == due


def test_the_stepper_knows_the_days_the_tables_turn_on():
    # Spot checks of the independent calendar against a printed one.
    ny_2026, fed_2026 = new_york_holidays(2026), federal_holidays(2026)
    assert D(2026, 2, 12) in ny_2026 and D(2026, 2, 12) not in fed_2026  # Lincoln's Birthday
    assert D(2026, 7, 3) in fed_2026 and D(2026, 7, 3) not in ny_2026  # July 4 is a Saturday
    assert D(2026, 11, 3) in ny_2026  # Election Day
    assert D(2026, 11, 26) in ny_2026  # Thanksgiving
    assert D(2027, 12, 31) in federal_holidays(2027)  # Jan 1, 2028 is a Saturday
    assert D(2027, 12, 31) not in new_york_holidays(2027)
    assert D(2029, 6, 10) in new_york_holidays(2029)  # Flag Day, a Sunday
    assert D(2029, 6, 11) not in new_york_holidays(2029)  # ...and not carried to Monday
    assert D(2029, 11, 12) in new_york_holidays(2029)  # Veterans Day on a Sunday, observed Monday
