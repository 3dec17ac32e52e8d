"""Admin writes on the roster of neutrals. Each one transaction, with its audit entry."""

from __future__ import annotations

from qtrax_disputes.web.extensions import db

from ..audit.log import record
from .models import Neutral

EDITABLE = (
    "name", "kind", "organisation", "email", "phone", "location",
    "hourly_rate_cents", "daily_rate_cents", "notes", "active",
)


def create_neutral(values: dict) -> Neutral:
    neutral = Neutral(**{name: values[name] for name in EDITABLE if name in values})
    db.session.add(neutral)
    record("neutral.created", neutral, {
        "name": neutral.name, "kind": neutral.kind,
        "hourly_rate_cents": neutral.hourly_rate_cents,
        "daily_rate_cents": neutral.daily_rate_cents,
    })
    db.session.commit()
    return neutral


def update_neutral(neutral: Neutral, values: dict) -> list[str]:
    """Apply ``values``; return the names of the fields that changed (none: no write)."""
    changes = {}
    for name in EDITABLE:
        if name in values and getattr(neutral, name) != values[name]:
            changes[name] = {"from": getattr(neutral, name), "to": values[name]}
            setattr(neutral, name, values[name])
    if not changes:
        return []
    record("neutral.updated", neutral, {"name": neutral.name, "changes": changes})
    db.session.commit()
    return sorted(changes)
