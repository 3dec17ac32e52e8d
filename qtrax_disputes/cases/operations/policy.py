"""Counsel's confirmation of the dispute clause that governs a case's procedure."""

from __future__ import annotations

from datetime import date

from qtrax_disputes.core.clock import today
from qtrax_disputes.db.transactions import commit_or_stale

from ...audit.log import record
from .. import event_kinds as ek
from ..events import add_event
from ..models import Case
from .details import StaleCase, case_operation


@case_operation
def confirm_clause(case: Case, version_on: date, reason: str, expected_version: int) -> bool:
    """Record which version's clause governs and why; False when it was already so."""
    if case.version != expected_version:
        raise StaleCase()
    reason = reason.strip()
    if case.clause_version_on == version_on and case.clause_reason == reason:
        return False
    before = case.clause_version_on
    case.clause_version_on, case.clause_reason = version_on, reason
    add_event(case, ek.CLAUSE_CONFIRMED, today(),
              note=f"Counsel confirmed the dispute clause of the version in force from "
                   f"{version_on.isoformat()}: {reason}",
              data={"version_on": version_on.isoformat()})
    record("case.clause_confirmed", case, {
        "number": case.number, "from": before.isoformat() if before else None,
        "to": version_on.isoformat(), "reason": reason})
    commit_or_stale(StaleCase)
    return True
