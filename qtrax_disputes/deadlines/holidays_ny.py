"""Court holidays for counting time: New York (GCL § 24) and federal (5 U.S.C. § 6103).

Pure Python: no Flask, no database. The `holidays` package (pinned) supplies the base calendar;
where New York law differs from it, the correction is made here, in code, with its reason
(docs/dates.md § Holidays by regime).

N.Y. Gen. Constr. Law § 24 (as amended by L.2020, ch. 249) lists: New Year's Day; Dr. Martin
Luther King, Jr. Day (3rd Mon Jan); Lincoln's Birthday (Feb 12); Washington's Birthday (3rd Mon
Feb); Memorial Day (last Mon May); Flag Day (2nd Sun June); Juneteenth (June 19); Independence Day
(July 4); Labor Day (1st Mon Sept); Columbus Day (2nd Mon Oct); Veterans' Day (Nov 11);
Thanksgiving (4th Thu Nov); Christmas (Dec 25) — "and if any of such days except Flag day is
Sunday, the next day thereafter" — and each general election day. There is no Saturday-to-Friday
shift in New York.

Not covered: days appointed ad hoc by the President or the Governor (GCL § 24, last clause;
5 U.S.C. § 6103 executive orders). Those must be added by hand if one is ever declared.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

NY_CITE = "N.Y. Gen. Constr. Law § 24"
FED_CITE = "5 U.S.C. § 6103"
FRCP_STATE_CITE = "Fed. R. Civ. P. 6(a)(6)(C)"

REGIMES = ("NY", "FED")

_OBSERVED = " (observed)"
_SUSAN_B_ANTHONY = "Susan B. Anthony Day"

# Names of the holidays of 5 U.S.C. § 6103(a), as the `holidays` package spells them.
_FEDERAL_NAMES = frozenset(
    {
        "New Year's Day",
        "Martin Luther King Jr. Day",
        "Washington's Birthday",
        "Memorial Day",
        "Juneteenth National Independence Day",
        "Independence Day",
        "Labor Day",
        "Columbus Day",
        "Veterans Day",
        "Thanksgiving Day",
        "Christmas Day",
    }
)


def _add(table: dict[date, str], day: date, name: str) -> None:
    """Put `name` on `day`, joining names when two holidays share a date."""
    current = table.get(day)
    if current is None:
        table[day] = name
    elif name not in current.split("; "):
        table[day] = f"{current}; {name}"


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday (Mon=0) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def flag_day(year: int) -> date:
    """Flag Day in New York: the second Sunday in June (GCL § 24)."""
    return _nth_weekday(year, 6, 6, 2)


def general_election_day(year: int) -> date:
    """The Tuesday after the first Monday in November (N.Y. Election Law § 8-100), every year."""
    return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)


@lru_cache(maxsize=128)
def _ny_holidays(year: int) -> MappingProxyType[date, str]:
    return _build_ny_holidays(year)


# The tables are built by plain functions and only remembered by the cached wrappers, so that a
# test (or a mutation-testing run, which keeps one process) can forget them: `clear_caches`.
def _build_ny_holidays(year: int) -> MappingProxyType[date, str]:
    # Base: the package's US/NY calendar with its observance rule turned OFF. The package's
    # "observed" days follow the federal rule (Saturday -> Friday, Sunday -> Monday); New York
    # has no Saturday -> Friday shift (GCL § 24 moves only a Sunday holiday, to the Monday),
    # so we take the actual dates and apply New York's own rule below.
    base = holidays.country_holidays("US", subdiv="NY", years=year, observed=False)
    actual: dict[date, str] = {}
    for day, names in base.items():
        for name in names.split("; "):
            # Correction: the package adds Susan B. Anthony Day (Feb 15). It is a New York
            # commemoration, not one of GCL § 24's public holidays, so no period rolls over it.
            if name == _SUSAN_B_ANTHONY:
                continue
            _add(actual, day, name)

    # Correction: the package lacks Flag Day, which GCL § 24 lists (the second Sunday in June).
    # It always falls on a Sunday and, by the statute's own words ("except Flag day"), it is NOT
    # carried over to the Monday.
    _add(actual, flag_day(year), "Flag Day")

    # Assurance: GCL § 24 makes "each general election day" a holiday, every year (not only in
    # even years). The package has it; set it explicitly so a package change cannot drop it.
    _add(actual, general_election_day(year), "Election Day")

    table = dict(actual)
    # New York's observance rule (GCL § 24): a holiday on a Sunday — except Flag Day — is also
    # observed on the next day. No Saturday -> Friday shift.
    for day, names in actual.items():
        if day.weekday() != 6:
            continue
        for name in names.split("; "):
            if name != "Flag Day":
                _add(table, day + timedelta(days=1), name + _OBSERVED)
    return MappingProxyType(dict(sorted(table.items())))


def ny_holidays(year: int) -> dict[date, str]:
    """New York public holidays (GCL § 24) of `year`: {date: name}.

    A holiday on a Sunday (except Flag Day) also appears on the Monday as "<name> (observed)".
    """
    return dict(_ny_holidays(year))


@lru_cache(maxsize=128)
def _federal_holidays(year: int) -> MappingProxyType[date, str]:
    return _build_federal_holidays(year)


def _build_federal_holidays(year: int) -> MappingProxyType[date, str]:
    # 5 U.S.C. § 6103(a) with the federal observance rule (§ 6103(b); E.O. 11582): a holiday on
    # a Saturday is observed on the Friday before, one on a Sunday on the Monday after. The
    # package applies exactly that rule. Asking for the neighbouring years catches an observed
    # day that crosses the year line (Jan 1, 2028 is a Saturday: observed Fri Dec 31, 2027).
    base = holidays.country_holidays("US", years=(year - 1, year, year + 1))
    table: dict[date, str] = {}
    for day, names in base.items():
        if day.year != year:
            continue
        for name in names.split("; "):
            plain = name.removesuffix(_OBSERVED)
            # Only the § 6103(a) holidays: guard against the package adding others.
            if plain in _FEDERAL_NAMES:
                _add(table, day, name)
    return MappingProxyType(dict(sorted(table.items())))


def federal_holidays(year: int) -> dict[date, str]:
    """Federal legal holidays (5 U.S.C. § 6103) of `year` with their observed days."""
    return dict(_federal_holidays(year))


@lru_cache(maxsize=256)
def _court_holidays(year: int, regime: str) -> MappingProxyType[date, str]:
    return _build_court_holidays(year, regime)


def _build_court_holidays(year: int, regime: str) -> MappingProxyType[date, str]:
    if regime == "NY":
        return _ny_holidays(year)
    if regime == "FED":
        # FRCP 6(a)(6): a "legal holiday" is a § 6103 day (and its observed day) plus any day
        # declared a holiday by the state where the district court sits — New York.
        table = dict(_federal_holidays(year))
        for day, names in _ny_holidays(year).items():
            for name in names.split("; "):
                _add(table, day, name)
        return MappingProxyType(dict(sorted(table.items())))
    raise ValueError(f"unknown holiday regime {regime!r}; expected one of {REGIMES}")


def clear_caches() -> None:
    """Forget every holiday table worked out so far; the next question builds it again."""
    _ny_holidays.cache_clear()
    _federal_holidays.cache_clear()
    _court_holidays.cache_clear()


def court_holidays(year: int, regime: str) -> dict[date, str]:
    """Holidays a court counts: "NY" → New York's; "FED" → federal ∪ New York (FRCP 6(a)(6))."""
    return dict(_court_holidays(year, regime))


def holiday_name(day: date, regime: str) -> str | None:
    """The name(s) of the holiday on `day` under `regime`, or None."""
    return _court_holidays(day.year, regime).get(day)


def holiday_reason(day: date, regime: str) -> str | None:
    """Why `day` is a holiday, with the law, e.g. "Lincoln's Birthday (N.Y. Gen. Constr. Law § 24)".

    None when it is not a holiday under `regime`.
    """
    names = holiday_name(day, regime)
    if names is None:
        return None
    ny = _ny_holidays(day.year).get(day, "").split("; ")
    fed = _federal_holidays(day.year).get(day, "").split("; ")
    parts = []
    for name in names.split("; "):
        cites = []
        if regime == "FED" and name in fed:
            cites.append(FED_CITE)
        if name in ny:
            cites.append(NY_CITE)
            if regime == "FED" and name not in fed:
                cites.append(FRCP_STATE_CITE)
        label = name
        if name.endswith(_OBSERVED):
            label = name.removesuffix(_OBSERVED)
            cites.insert(0, "observed")
        parts.append(f"{label} ({'; '.join(cites)})")
    return ", ".join(parts)
