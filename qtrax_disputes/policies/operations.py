"""Writes on the policy's versions, each one transaction with its audit entry: from the
admin's form and from `flask policy load` alike."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from flask_login import current_user

from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from . import queries
from .models import PolicyVersionRecord
from .versions import DisputeClause, clause_changes, version_on


class VersionRefused(Refused):
    """A version not saved; ``message`` says why and ``field_errors`` point at form fields."""


@dataclass
class VersionInput:
    effective_on: date
    text: str
    posted_on: date | None = None
    title: str = ""
    source: str = ""
    # None: the clause of the version in force before, copied and marked to review.
    clause: DisputeClause | None = None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _user_id() -> int | None:
    return current_user.id if current_user and current_user.is_authenticated else None


@operation()
def load_text(effective_on: date, text: str, *, replace_text: bool = False) -> str:
    """Give a known version its full text; "loaded", "unchanged" or "replaced".

    A version's text is what the policy said: once loaded it is not silently replaced, since
    disputes are judged by it. Replacing it (a better copy) must be asked for, and is audited
    with the hashes of both."""
    version, _ = queries.version_and_previous(effective_on)
    if version is None:
        raise VersionRefused(f"No version of the policy took effect on {effective_on}.",
                             {"effective_on": "No version took effect on this day."})
    if not text.strip():
        raise VersionRefused("The text is empty.", {"text": "The text is empty."})
    if version.text == text:
        return "unchanged"
    if version.text and not replace_text:
        raise VersionRefused(
            f"The version of {effective_on} already has a text, and this one differs. Load it "
            "as a new version with the day it took effect, or replace the text on purpose.",
            {"text": "This version already has a different text."})
    row = queries.record_for(effective_on) or PolicyVersionRecord(effective_on=effective_on)
    previous_sha = _sha(version.text) if version.text else None
    row.text = text
    db.session.add(row)
    outcome = "replaced" if previous_sha else "loaded"
    record(f"policy.text_{outcome}", row, {"effective_on": effective_on.isoformat(),
                                           "sha256": _sha(text), "previous_sha256": previous_sha,
                                           "characters": len(text)})
    db.session.commit()
    return outcome


@operation()
def add_version(given: VersionInput) -> PolicyVersionRecord:
    """A new version of the policy. Its promises and risks are the previous version's, and so
    is its clause unless one is given: the note says they were copied, for counsel to review."""
    versions = queries.all_versions()
    if any(v.effective_on == given.effective_on for v in versions):
        raise VersionRefused(
            f"A version already took effect on {given.effective_on}.",
            {"effective_on": "A version already took effect on this day."})
    if not given.text.strip():
        raise VersionRefused("The text is empty.", {"text": "Paste or load the full text."})
    if given.posted_on and given.posted_on > given.effective_on:
        raise VersionRefused("A version cannot take effect before it was posted.",
                             {"posted_on": "After the day it took effect."})
    before = version_on(versions, given.effective_on)
    if given.clause is None and before is None:
        raise VersionRefused("There is no earlier version to copy the dispute clause from: "
                             "state the clause.", {"effective_on": "Before every known version."})
    clause = given.clause or before.clause
    notes = []
    if before is not None:
        copied = "promises and risks" if given.clause else "dispute clause, promises and risks"
        notes.append(f"The {copied} were copied from the version of {before.key}: review them "
                     "against this text.")
    row = PolicyVersionRecord(
        effective_on=given.effective_on, posted_on=given.posted_on,
        title=given.title.strip() or f"Privacy policy ({given.effective_on.isoformat()})",
        source=given.source.strip(), text=given.text, clause=clause.to_data(),
        promises=queries.promises_data(before.promises) if before else [],
        risks=queries.risks_data(before.risks) if before else [],
        note=" ".join(notes), added_by_id=_user_id())
    db.session.add(row)
    changes = clause_changes(before.clause, clause) if before else []
    record("policy.version_added", row, {
        "effective_on": given.effective_on.isoformat(), "sha256": _sha(given.text),
        "clause_changes": [{"term": label, "from": old, "to": new} for label, old, new in changes],
    })
    db.session.commit()
    return row


@operation()
def edit_clause(effective_on: date, clause: DisputeClause) -> list[tuple[str, str, str]]:
    """Correct a version's dispute clause; the changes (none: no write). The cases under the
    version follow it from now on, which is why each change is in the audit log."""
    version, _ = queries.version_and_previous(effective_on)
    if version is None:
        raise VersionRefused(f"No version of the policy took effect on {effective_on}.")
    changes = clause_changes(version.clause, clause)
    if not changes:
        return []
    row = queries.record_for(effective_on) or PolicyVersionRecord(effective_on=effective_on)
    row.clause = clause.to_data()
    db.session.add(row)
    record("policy.clause_edited", row, {
        "effective_on": effective_on.isoformat(),
        "clause_changes": [{"term": label, "from": old, "to": new}
                           for label, old, new in changes]})
    db.session.commit()
    return changes
