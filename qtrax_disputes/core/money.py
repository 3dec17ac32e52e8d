"""The largest amount of money the app takes, stated once for every form and rule.

Amounts are 64-bit integer cents in the database (migration 0014). The limit is far below
that on purpose: the weekly report multiplies an amount by a share in basis points (up to
10,000) and adds up a week of items in SQL, and both must stay inside 64 bits.
No Flask and no database here, so the pure rule modules can use it too.
"""

from __future__ import annotations

MAX_CENTS = 999_999_999_999  # $9,999,999,999.99

TOO_MUCH = f"Enter an amount of at most ${MAX_CENTS // 100:,}.{MAX_CENTS % 100:02d}."


def check_within_limit(cents: int) -> int:
    if cents > MAX_CENTS:
        raise ValueError(TOO_MUCH)
    return cents
