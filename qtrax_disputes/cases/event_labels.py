"""What each kind of timeline event is called, and which filter of the timeline it falls under.

Pure: no Flask, no database. The one table of words for event kinds (event_kinds.py names the
kinds): the case page never builds a label from a code, so "aaa_noticed" cannot come out as
"Aaa noticed", and a stage change says the stage it reached once, not "kind → stage".
tests/unit/test_event_labels.py checks every kind the app writes has its words here.
"""

from __future__ import annotations

from . import event_kinds as ek
from . import steps
from . import workflow as wf

RECORD_LABELS: dict[str, str] = {
    ek.CHILD_DATA_DISCOVERED: "The case concerns a child under 13",
    ek.DETAILS_EDITED: "Details edited",
    ek.NOTE: "Note",
    ek.ASSIGNED: "Assigned",
    ek.PARTY_ADDED: "Party added",
    ek.CLAUSE_CONFIRMED: "Dispute clause confirmed",
    ek.DATE_CORRECTED: "Date corrected",
    ek.CONFLICT_CHECKED: "Conflict check run",
    ek.DOCUMENTS_ADDED: "Documents added",
    ek.DOCUMENT_VERSIONED: "New version of a document",
    ek.DOCUMENT_DELETED: "Document deleted",
    ek.COST_DELETED: "Cost deleted",
    ek.DEADLINE_ADDED: "Deadline added",
    ek.DEADLINE_DONE: "Deadline met",
    ek.DEADLINE_WAIVED: "Deadline waived",
    ek.DEADLINE_WILL_ACT: "Counsel decided Qtrax will act in a window",
    ek.DEADLINE_WILL_NOT_ACT: "Counsel withdrew “Qtrax will act”",
    ek.DEADLINE_RECOMPUTED: "Deadlines recomputed",
    ek.RETENTION_PURGED: "Personal data purged at the end of retention",
    ek.MESSAGE: "Message",
    ek.BREACH_NOTICES_SENT: "Breach notices sent",
}

_NEUTRAL_WORDS = {"mediator": "Mediator", "arbitrator": "Arbitrator"}
_ANSWER_WORDS = {"accepted": "accepted", "rejected": "rejected"}
NEUTRAL_LABELS: dict[str, str] = {
    **{ek.neutral_proposed(r): f"{_NEUTRAL_WORDS[r]} proposed" for r in ek.NEUTRAL_ROLES},
    **{ek.neutral_answered(r, a): f"{_NEUTRAL_WORDS[r]} {_ANSWER_WORDS[a]} by a side"
       for r in ek.NEUTRAL_ROLES for a in ek.ANSWERS},
}

SIDE_STEP_LABELS: dict[str, str] = {step.kind: step.label for step in steps.SIDE_STEPS}

STAGE_CHANGE_LABELS: dict[str, str] = {
    **wf.STAGE_LABELS,
    wf.FILED: "Complaint filed",
    wf.RESUMED: "Suspension ended: the case resumed",
}

# The timeline's filters, in the order the page offers them.
STEPS, NOTES, MESSAGES, DOCUMENTS, COSTS, EMAILS, RECORDS = (
    "steps", "notes", "messages", "documents", "costs", "emails", "records")
FILTERS: tuple[tuple[str, str], ...] = (
    (STEPS, "Steps"), (NOTES, "Notes"), (MESSAGES, "Messages"), (DOCUMENTS, "Documents"),
    (COSTS, "Costs"), (EMAILS, "Emails"), (RECORDS, "Other records"),
)
_RECORD_FILTER = {
    ek.NOTE: NOTES,
    ek.MESSAGE: MESSAGES,
    ek.DOCUMENTS_ADDED: DOCUMENTS, ek.DOCUMENT_VERSIONED: DOCUMENTS,
    ek.DOCUMENT_DELETED: DOCUMENTS,
    ek.COST_DELETED: COSTS,
}


def label(kind: str, to_stage: str | None = None, data: dict[str, object] | None = None) -> str:
    """The words for one timeline entry."""
    if kind == ek.DOCUMENTS_ADDED:
        added = (data or {}).get("documents")
        count = len(added) if isinstance(added, list) else 0
        if count:
            return f"{count} document{'' if count == 1 else 's'} added"
    if kind == ek.MESSAGE:
        return ("Message from the complainant" if (data or {}).get("from_complainant")
                else "Message to the complainant")
    if kind == wf.RESUMED and to_stage in wf.STAGE_LABELS:
        return f"Suspension ended: back at “{wf.STAGE_LABELS[to_stage]}”"
    if to_stage and to_stage in STAGE_CHANGE_LABELS:
        # A stage change: the stage it reached, said once.
        return STAGE_CHANGE_LABELS[kind] if kind == wf.FILED else STAGE_CHANGE_LABELS[to_stage]
    for table in (STAGE_CHANGE_LABELS, SIDE_STEP_LABELS, RECORD_LABELS, NEUTRAL_LABELS):
        if kind in table:
            return table[kind]
    return "Other entry"


def filter_of(kind: str, to_stage: str | None = None) -> str:
    """Which of the timeline's filters shows the entry: a step, unless it is a record."""
    if kind in _RECORD_FILTER:
        return _RECORD_FILTER[kind]
    return RECORDS if kind in RECORD_LABELS and not to_stage else STEPS


def known(kind: str) -> bool:
    return any(kind in table for table in (STAGE_CHANGE_LABELS, SIDE_STEP_LABELS,
                                           RECORD_LABELS, NEUTRAL_LABELS))
