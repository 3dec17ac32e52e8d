"""A mediator's charge from the roster's rate: rate × hours (at least the minimum) plus any
cancellation fee. Pure arithmetic in integer cents; hours are kept in hundredths."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HOURS = re.compile(r"^\d{1,4}(\.\d{1,2})?$")


def parse_hours(text: str) -> int:
    """'3.5' → 350 hundredths of an hour."""
    text = (text or "").strip()
    if not _HOURS.match(text):
        raise ValueError("Enter hours as a number, like 3 or 3.5.")
    whole, _, fraction = text.partition(".")
    return int(whole) * 100 + int(fraction.ljust(2, "0") or 0)


def format_hours(hundredths: int) -> str:
    whole, part = divmod(hundredths, 100)
    return f"{whole}" if part == 0 else f"{whole}.{part:02d}".rstrip("0")


@dataclass(frozen=True)
class Charge:
    amount_cents: int
    description: str


def mediator_charge(*, name: str, hourly_cents: int, hours: int, minimum_hours: int = 0,
                    cancellation_fee_cents: int = 0) -> Charge:
    """Hours are billed at least up to the minimum; a half cent rounds up (as invoices do)."""
    billed = max(hours, minimum_hours)
    time_cents, remainder = divmod(hourly_cents * billed, 100)
    if remainder * 2 >= 100:
        time_cents += 1
    parts = [f"{format_hours(billed)} h × ${hourly_cents / 100:,.2f}"]
    if billed > hours:
        parts.append(f"minimum {format_hours(minimum_hours)} h")
    if cancellation_fee_cents:
        parts.append(f"cancellation fee ${cancellation_fee_cents / 100:,.2f}")
    return Charge(time_cents + cancellation_fee_cents,
                  f"Mediator {name}: " + "; ".join(parts))
