"""The kinds of event a case's timeline holds, each named once. Pure: no Flask, no database.

A timeline event's kind is how the rest of the app finds it: deadline rules start and end on
kinds (deadlines/rules.py), the stage machine looks for them (cases/facts.py), the case page
picks its key facts by them. A kind misspelt by its emitter or by a reader matches nothing and
says nothing, so every kind is a name here, and tests/unit/test_event_kinds.py checks that each
kind a deadline rule names is one the app writes.

Three families:
- a stage change writes the name of the stage it reaches (``workflow.Transition.event_kind``;
  the filing writes ``workflow.FILED``); those names are workflow.py's, not restated here;
- a step within a stage (``steps.SIDE_STEPS``) writes its kind, named below;
- everything else the app records on the timeline, named below under "Records".
"""

from __future__ import annotations

# --- Steps within a stage (steps.SIDE_STEPS) --------------------------------------------------

CONFIDENTIALITY_SIGNED = "confidentiality_signed"
MEDIATION_SUBMISSIONS_SENT = "mediation_submissions_sent"
DEMAND_SERVED = "demand_served"
ANSWER_FILED = "answer_filed"
PRELIMINARY_HEARING_HELD = "preliminary_hearing_held"
INFORMATION_EXCHANGED = "information_exchanged"
VACATUR_FILED = "vacatur_filed"
MOTION_DECIDED = "motion_decided"
CHILD_DATA_DELETED = "child_data_deleted"  # also written by the retention purge
COURT_APPLICATION_FILED = "court_application_filed"
SUSPENSION_LIFTED = "suspension_lifted"
CORRECTION_REQUESTED = "correction_requested"
BREACH_DISCOVERED = "breach_discovered"
BREACH_NOTICE_RESIDENTS_SENT = "breach_notice_residents_sent"
BREACH_NOTICE_AG_SENT = "breach_notice_ag_sent"
BREACH_NOTICE_DOS_SENT = "breach_notice_dos_sent"
BREACH_NOTICE_POLICE_SENT = "breach_notice_police_sent"
BREACH_NOTICE_CRA_SENT = "breach_notice_cra_sent"
COURT_ORDER_RECEIVED = "court_order_received"
COURT_ORDER_ANSWERED = "court_order_answered"
# A session or hearing moved to another day, earlier or later, before it was held.
SESSION_MOVED = "session_moved"
HEARING_MOVED = "hearing_moved"

# --- Records ------------------------------------------------------------------------------------

CHILD_DATA_DISCOVERED = "child_data_discovered"  # at filing or on an edit of the details
DETAILS_EDITED = "details_edited"
NOTE = "note"
ASSIGNED = "assigned"
PARTY_ADDED = "party_added"
CLAUSE_CONFIRMED = "clause_confirmed"
DATE_CORRECTED = "date_corrected"
CONFLICT_CHECKED = "conflict_checked"
DOCUMENTS_ADDED = "documents_added"
DOCUMENT_VERSIONED = "document_versioned"
DOCUMENT_DELETED = "document_deleted"
COST_DELETED = "cost_deleted"
DEADLINE_ADDED = "deadline_added"
DEADLINE_DONE = "deadline_done"
DEADLINE_WAIVED = "deadline_waived"
DEADLINE_WILL_ACT = "deadline_will_act"
DEADLINE_WILL_NOT_ACT = "deadline_will_not_act"
DEADLINE_RECOMPUTED = "deadline_recomputed"
RETENTION_PURGED = "retention_purged"
MESSAGE = "message"  # between the complainant and staff (messages/)

RECORDS: tuple[str, ...] = (
    CHILD_DATA_DISCOVERED, DETAILS_EDITED, NOTE, ASSIGNED, PARTY_ADDED, CLAUSE_CONFIRMED,
    DATE_CORRECTED, CONFLICT_CHECKED, DOCUMENTS_ADDED, DOCUMENT_VERSIONED, DOCUMENT_DELETED,
    COST_DELETED, DEADLINE_ADDED, DEADLINE_DONE, DEADLINE_WAIVED, DEADLINE_WILL_ACT,
    DEADLINE_WILL_NOT_ACT, DEADLINE_RECOMPUTED, RETENTION_PURGED, MESSAGE,
)

# A neutral's proposal and each side's answer: "mediator_proposed", "arbitrator_rejected".
NEUTRAL_ROLES: tuple[str, ...] = ("mediator", "arbitrator")
ANSWERS: tuple[str, ...] = ("accepted", "rejected")


def neutral_proposed(role: str) -> str:
    return f"{role}_proposed"


def neutral_answered(role: str, answer: str) -> str:
    return f"{role}_{answer}"


NEUTRAL_EVENTS: tuple[str, ...] = (
    *(neutral_proposed(r) for r in NEUTRAL_ROLES),
    *(neutral_answered(r, a) for r in NEUTRAL_ROLES for a in ANSWERS),
)

# Written by earlier versions only: timelines keep them, so rules still end on them, but
# nothing writes them now. (One step recorded every breach notice before each recipient got
# its own.)
BREACH_NOTICES_SENT = "breach_notices_sent"
LEGACY: tuple[str, ...] = (BREACH_NOTICES_SENT,)
