"""Staff writes on a case's record: details, notes and assignment. Each one transaction."""

from __future__ import annotations

from datetime import date

from qtrax_disputes.core.clock import today
from qtrax_disputes.core.refusals import Stale
from qtrax_disputes.db.transactions import commit_or_stale, operation
from qtrax_disputes.web.extensions import db

from ...audit.log import record
from ...auth.models import User
from .. import event_kinds as ek
from ..events import add_event
from ..models import Case

EDITABLE = (
    "complainant_name", "complainant_email", "complainant_phone", "account_identifier",
    "category", "summary", "description", "desired_resolution", "incident_on",
    "amount_claimed_cents", "is_child_data", "information_given_on", "information_given_until",
)
# Which version of the policy was in force when the information was given follows from these.
_GIVEN = ("information_given_on", "information_given_until")


class StaleCase(Stale):
    """Someone else saved the case after this person opened it."""

    message = ("Someone else saved this case while you were editing it. Your changes were not "
               "saved; they are still in the form below. Review the current details, then "
               "save again.")


# A write on a case: what it refuses, or a concurrent save noticed at any flush, leaves
# nothing of it behind.
case_operation = operation(StaleCase)


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


@case_operation
def update_details(case: Case, values: dict, expected_version: int) -> list[str]:
    if case.version != expected_version:
        raise StaleCase()
    changes = {}
    for name in EDITABLE:
        if name in values and getattr(case, name) != values[name]:
            changes[name] = {"from": _plain(getattr(case, name)), "to": _plain(values[name])}
            setattr(case, name, values[name])
    if not changes:
        return []
    if any(name in changes for name in _GIVEN):
        _propose_version(case, changes)
    became_child = "is_child_data" in changes and case.is_child_data
    add_event(case, ek.DETAILS_EDITED, today(), note="Edited: " + ", ".join(sorted(changes)),
              data={"fields": sorted(changes)})
    record("case.edited", case, {"number": case.number, "changes": changes})
    if became_child:
        from ...deadlines.engine import start_deadlines

        event = add_event(case, ek.CHILD_DATA_DISCOVERED, today(),
                          note="Marked as concerning a child under 13.")
        start_deadlines(case, event)
    commit_or_stale(StaleCase)
    return sorted(changes)


def _propose_version(case: Case, changes: dict) -> None:
    from ...policies.queries import all_versions
    from ...policies.versions import in_force_for

    in_force = in_force_for(all_versions(), case.information_given_on,
                            case.information_given_until)
    proposed = in_force.version.effective_on if in_force.version else None
    if proposed != case.policy_version_on:
        changes["policy_version_on"] = {"from": _plain(case.policy_version_on),
                                        "to": _plain(proposed)}
    case.policy_version_on, case.policy_reason = proposed, in_force.reason[:300]


def add_note(case: Case, text: str) -> None:
    add_event(case, ek.NOTE, today(), note=text.strip())
    record("case.note_added", case, {"number": case.number, "length": len(text)})
    db.session.commit()


@case_operation
def assign(case: Case, user: User | None, expected_version: int) -> None:
    if case.version != expected_version:
        raise StaleCase()
    before = case.assigned_to.email if case.assigned_to else None
    case.assigned_to = user
    after = user.email if user else None
    add_event(case, ek.ASSIGNED, today(),
              note=f"Assigned to {user.display_name}" if user else "Unassigned")
    record("case.assigned", case, {"number": case.number, "from": before, "to": after})
    commit_or_stale(StaleCase)
