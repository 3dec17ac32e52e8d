"""Values read from a query string, which anyone can write: what does not fit is ignored."""

from __future__ import annotations

import re
from datetime import date

from qtrax_disputes.core.clock import in_range

_ID = re.compile(r"[0-9]{1,9}")  # ASCII digits only ('²'.isdigit() is true); fits 32 bits


def record_id(text: str | None) -> int | None:
    """A row id, or None for anything that cannot be one."""
    return int(text) if text and _ID.fullmatch(text) else None


def day(text: str | None) -> date | None:
    """A date given as YYYY-MM-DD within the app's range, or None."""
    try:
        parsed = date.fromisoformat(text or "")
    except ValueError:
        return None
    return parsed if in_range(parsed) else None
