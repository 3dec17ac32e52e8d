"""Field types and checks shared by several features' forms."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext
from wtforms import DateField as _WtformsDateField
from wtforms import StringField
from wtforms.validators import StopValidation, ValidationError

from qtrax_disputes.core.clock import OUT_OF_RANGE, in_range, today
from qtrax_disputes.core.money import MAX_CENTS, TOO_MUCH, check_within_limit
from qtrax_disputes.core.words import N_

# The core's two messages as the catalogue holds them: the core builds them from its limits
# (a test checks these are the same words), and a form translates them as it shows them.
CORE_MESSAGES = (N_("Enter a date between 1900 and 2199."),
                 N_("Enter an amount of at most $9,999,999,999.99."))


def carried(field) -> bool:
    """Whether the post sent this field at all. A partial post (a script's, a stale page's)
    changes nothing it did not carry; a field sent empty is carried and clears the value."""
    return bool(field.raw_data)


_MONEY = re.compile(r"^\$?\s*(\d{1,3}(,\d{3})+|\d+)(\.(\d{1,2}))?$")


def parse_money(text: str) -> int:
    """'$1,234.5' → 123450 cents. Integer arithmetic only: money never passes through a float."""
    match = _MONEY.match(text.strip())
    if not match:
        raise ValueError(gettext("Enter an amount in dollars, like 1250 or 1,250.00."))
    # Counted before converting: Python refuses to convert thousands of digits at all.
    digits = match.group(1).replace(",", "").lstrip("0") or "0"
    if len(digits) > len(str(MAX_CENTS // 100)):
        raise ValueError(gettext(TOO_MUCH))
    fraction = (match.group(4) or "0").ljust(2, "0")
    return check_within_limit(int(digits) * 100 + int(fraction))


class MoneyField(StringField):
    """A dollar amount typed by a person, held as integer cents in ``.cents``."""

    cents: int | None = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.cents = None
        text = (self.data or "").strip()
        if not text:
            return
        try:
            self.cents = parse_money(text)
        except ValueError as exc:
            self.process_errors.append(str(exc))

    def set_cents(self, cents: int | None) -> None:
        self.cents = cents
        self.data = "" if cents is None else f"{cents // 100}.{cents % 100:02d}"


class DateField(_WtformsDateField):
    """A date typed by a person, refused outside the app's range before any other check, so
    year 9999 never reaches a deadline, a feed or the database."""

    def pre_validate(self, form) -> None:
        if isinstance(self.data, date) and not in_range(self.data):
            raise StopValidation(gettext(OUT_OF_RANGE))


def not_in_future(form, field) -> None:
    if isinstance(field.data, date) and field.data > today():
        raise ValidationError(gettext("The date cannot be in the future."))


def no_control_characters(form, field) -> None:
    if field.data and re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", field.data):
        raise ValidationError(gettext("Remove the invisible control characters from this text."))


def version_of(text) -> int:
    """The record version a form was opened at; anything unreadable counts as stale (0)."""
    try:
        return int(str(text or "0").strip())
    except ValueError:
        return 0
