"""How dates, times and money read on every page: one format, New York time."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from markupsafe import Markup

from qtrax_disputes.core.clock import to_local


def format_date(value: date | None) -> str:
    if value is None:
        return "—"
    return value.strftime("%a %Y-%m-%d")


def clock_time(value: time | str | None) -> str:
    """A time of day as people write it: 10:00 am, 2:30 pm (stored steps keep "14:30:00")."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = time.fromisoformat(value)
        except ValueError:
            return str(value)
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'am' if value.hour < 12 else 'pm'}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return "—"
    local = to_local(value)
    return f"{local.strftime('%Y-%m-%d')} {clock_time(local.time())} {local.tzname() or ''}".strip()


def format_cents(cents: int | None) -> str:
    if cents is None:
        return "—"
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100:,}.{cents % 100:02d}"


def email_breaks(address: str | None) -> Markup:
    """An email address that may wrap on a narrow screen only after its "@" or a ".", never
    in the middle of a name (a style rule lets long text break anywhere, as a last resort)."""
    # Markup.join escapes each piece: only the <wbr> between them is markup.
    return Markup("<wbr>").join(re.split(r"(?<=[@.])", address or ""))


def long_date(value: date | None) -> str:
    """A day in words, for the public pages, in the page's language: Monday, 1 March 2027;
    lunes, 1 de marzo de 2027."""
    from qtrax_disputes.deadlines.public_words import long_date as words
    from qtrax_disputes.web.i18n import current_language

    if value is None:
        return "—"
    language = current_language()
    if language == "en":
        return words(value)  # the firm's English order, not CLDR's "Monday, March 1, 2027"
    from babel.dates import format_date as babel_date

    return babel_date(value, format="full", locale=language)


FILTERS = {"date": format_date, "longdate": long_date, "datetime": format_datetime,
           "money": format_cents, "clock": clock_time, "email": email_breaks}
