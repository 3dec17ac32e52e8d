"""How dates, times and money read on every page: one format, New York time."""

from __future__ import annotations

from datetime import date, datetime

from qtrax_disputes.core.clock import to_local


def format_date(value: date | None) -> str:
    if value is None:
        return "—"
    return value.strftime("%a %Y-%m-%d")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return "—"
    local = to_local(value)
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "")


def format_cents(cents: int | None) -> str:
    if cents is None:
        return "—"
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100:,}.{cents % 100:02d}"


FILTERS = {"date": format_date, "datetime": format_datetime, "money": format_cents}
