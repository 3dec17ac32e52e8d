"""The stage machine: the road a dispute travels, as one table of transitions.

Pure Python, no Flask and no database. Callers gather the facts a step looks at into a
``CaseFacts`` and ask ``available(stage, role, facts)`` (what to offer) or
``check(stage, target, role, facts)`` (allowed, or ``IllegalTransition`` saying why).

The road (docs/road.md § The stages)::

    filed -> triage -> mediation_requested -> mediator_selection -> mediation_agreed
      -> mediation_scheduled -> mediation_held -> settled | impasse
    impasse -> arbitration_demanded -> aaa_noticed -> arbitrator_appointed
      -> (desk_submissions | hearing_scheduled -> hearing_held) -> record_closed
      -> award_issued -> award_received
    award_received -> modification_requested -> award_received   (the clocks restart)
    award_received -> confirmed -> paid -> closed ; award_received -> paid (compliance)
    award_received -> vacated -> arbitration_demanded (rehearing) | closed
    award_received -> no_action -> closed
    most open stages -> settled | withdrawn | suspended ; triage -> dismissed | small_claims
    settled | withdrawn | dismissed | small_claims -> closed

Steps inside a stage that are not stage changes (proposals of mediators, each side's
acceptance, the AAA answer and counterclaim during ``aaa_noticed``'s answer period, the
preliminary hearing and exchange of information during ``arbitrator_appointed``, further
mediation sessions) are timeline events, not stages.

Each ``Transition`` writes one timeline event of kind ``event_kind`` (the target stage's name,
except resuming, which writes ``"resumed"``). Deadline rules (deadlines/rules.py) name the event
kinds that start and end them, e.g. ``aaa_noticed`` starts AAA_ANSWER, ``record_closed`` and
``hearing_held`` start AAA_AWARD, ``award_received`` starts the CPLR 7509/7510/7511 and FAA
clocks (and the modified award re-received after ``modification_requested`` restarts them).

Suspension and resuming: a case may be suspended from any stage in ``SUSPENDABLE``; the table
has one "resume" row ``suspended -> S`` for each such stage S, each requiring
``resumes_where_suspended`` (``facts.suspended_from == S``). ``available`` offers only the row
back to the stage the case was suspended from, so the UI shows exactly one "Resume" button and
the target written to the case is always a real stage.

Roles are auth/roles.py's (viewer < staff < counsel < admin); no transition is open to a
viewer.
Settlement, dismissal, the arbitration demand and every award decision need counsel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..auth.roles import ADMIN, COUNSEL, STAFF, at_least
from .venues import is_nyc_venue

# --- Stages ---------------------------------------------------------------------------------

FILED = "filed"
TRIAGE = "triage"
MEDIATION_REQUESTED = "mediation_requested"
MEDIATOR_SELECTION = "mediator_selection"
MEDIATION_AGREED = "mediation_agreed"
MEDIATION_SCHEDULED = "mediation_scheduled"
MEDIATION_HELD = "mediation_held"
SETTLED = "settled"
IMPASSE = "impasse"
ARBITRATION_DEMANDED = "arbitration_demanded"
AAA_NOTICED = "aaa_noticed"
ARBITRATOR_APPOINTED = "arbitrator_appointed"
DESK_SUBMISSIONS = "desk_submissions"
HEARING_SCHEDULED = "hearing_scheduled"
HEARING_HELD = "hearing_held"
RECORD_CLOSED = "record_closed"
AWARD_ISSUED = "award_issued"
AWARD_RECEIVED = "award_received"
MODIFICATION_REQUESTED = "modification_requested"
CONFIRMED = "confirmed"
PAID = "paid"
VACATED = "vacated"
NO_ACTION = "no_action"
WITHDRAWN = "withdrawn"
SUSPENDED = "suspended"
DISMISSED = "dismissed"
SMALL_CLAIMS = "small_claims"
CLOSED = "closed"

# The event a resumed case writes: it goes back to a stage it was in, so it is no stage's own.
RESUMED = "resumed"

STAGES: tuple[str, ...] = (
    FILED, TRIAGE, MEDIATION_REQUESTED, MEDIATOR_SELECTION, MEDIATION_AGREED,
    MEDIATION_SCHEDULED, MEDIATION_HELD, SETTLED, IMPASSE, ARBITRATION_DEMANDED, AAA_NOTICED,
    ARBITRATOR_APPOINTED, DESK_SUBMISSIONS, HEARING_SCHEDULED, HEARING_HELD, RECORD_CLOSED,
    AWARD_ISSUED, AWARD_RECEIVED, MODIFICATION_REQUESTED, CONFIRMED, PAID, VACATED, NO_ACTION,
    WITHDRAWN, SUSPENDED, DISMISSED, SMALL_CLAIMS, CLOSED,
)

STAGE_LABELS: dict[str, str] = {
    FILED: "Filed",
    TRIAGE: "Triage",
    MEDIATION_REQUESTED: "Mediation requested",
    MEDIATOR_SELECTION: "Mediator selection",
    MEDIATION_AGREED: "Mediation agreed",
    MEDIATION_SCHEDULED: "Mediation scheduled",
    MEDIATION_HELD: "Mediation held",
    SETTLED: "Settled",
    IMPASSE: "Impasse",
    ARBITRATION_DEMANDED: "Arbitration demanded",
    AAA_NOTICED: "AAA notice received (answer period)",
    ARBITRATOR_APPOINTED: "Arbitrator appointed",
    DESK_SUBMISSIONS: "Documents-only (desk) submissions",
    HEARING_SCHEDULED: "Hearing scheduled",
    HEARING_HELD: "Hearing held",
    RECORD_CLOSED: "Record closed",
    AWARD_ISSUED: "Award issued",
    AWARD_RECEIVED: "Award received",
    MODIFICATION_REQUESTED: "Modification requested",
    CONFIRMED: "Award confirmed (judgment)",
    PAID: "Paid",
    VACATED: "Award vacated",
    NO_ACTION: "No action on award",
    WITHDRAWN: "Withdrawn",
    SUSPENDED: "Suspended",
    DISMISSED: "Dismissed",
    SMALL_CLAIMS: "Small claims court",
    CLOSED: "Closed",
}

# Stages at which the dispute has ended: nothing is left but filing the case away (-> closed).
# Settled and paid are not here: their payment and performance dates are still followed.
TERMINAL: frozenset[str] = frozenset({CLOSED, DISMISSED, WITHDRAWN, SMALL_CLAIMS})
CLOSED_STAGES = TERMINAL

# The main road, in order, for the progress line (side exits are not on it).
ROAD: tuple[str, ...] = (
    FILED, TRIAGE, MEDIATION_REQUESTED, MEDIATOR_SELECTION, MEDIATION_AGREED,
    MEDIATION_SCHEDULED, MEDIATION_HELD, IMPASSE, ARBITRATION_DEMANDED, AAA_NOTICED,
    ARBITRATOR_APPOINTED, HEARING_SCHEDULED, HEARING_HELD, RECORD_CLOSED, AWARD_ISSUED,
    AWARD_RECEIVED, CONFIRMED, PAID, CLOSED,
)

INTAKE = "intake"
MEDIATION = "mediation"
ARBITRATION = "arbitration"
POST_AWARD = "post-award"
CLOSED_PHASE = "closed"
SUSPENDED_PHASE = "suspended"
PHASES: tuple[str, ...] = (INTAKE, MEDIATION, ARBITRATION, POST_AWARD, CLOSED_PHASE)

PHASE: dict[str, str] = {
    FILED: INTAKE,
    TRIAGE: INTAKE,
    MEDIATION_REQUESTED: MEDIATION,
    MEDIATOR_SELECTION: MEDIATION,
    MEDIATION_AGREED: MEDIATION,
    MEDIATION_SCHEDULED: MEDIATION,
    MEDIATION_HELD: MEDIATION,
    IMPASSE: MEDIATION,
    ARBITRATION_DEMANDED: ARBITRATION,
    AAA_NOTICED: ARBITRATION,
    ARBITRATOR_APPOINTED: ARBITRATION,
    DESK_SUBMISSIONS: ARBITRATION,
    HEARING_SCHEDULED: ARBITRATION,
    HEARING_HELD: ARBITRATION,
    RECORD_CLOSED: ARBITRATION,
    AWARD_ISSUED: POST_AWARD,
    AWARD_RECEIVED: POST_AWARD,
    MODIFICATION_REQUESTED: POST_AWARD,
    CONFIRMED: POST_AWARD,
    PAID: POST_AWARD,
    VACATED: POST_AWARD,
    NO_ACTION: POST_AWARD,
    SETTLED: CLOSED_PHASE,
    WITHDRAWN: CLOSED_PHASE,
    DISMISSED: CLOSED_PHASE,
    SMALL_CLAIMS: CLOSED_PHASE,
    CLOSED: CLOSED_PHASE,
    # A suspended case belongs to the phase it was suspended from; see ``phase_of``.
    SUSPENDED: SUSPENDED_PHASE,
}


def phase_of(stage: str, suspended_from: str | None = None) -> str:
    """The phase to show: a suspended case shows the phase of the stage it left."""
    if stage == SUSPENDED and suspended_from in PHASE and suspended_from != SUSPENDED:
        return PHASE[suspended_from]
    return PHASE.get(stage, INTAKE)


def is_open(stage: str) -> bool:
    """Whether the dispute is still live (not closed, dismissed, withdrawn or in small claims)."""
    return stage in PHASE and stage not in TERMINAL


# --- Roles ----------------------------------------------------------------------------------
# The roles and their order are auth/roles.py's (pure, like this module): the road and the
# access table cannot disagree on who outranks whom.

role_allows = at_least


# --- Facts and requirements -----------------------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """What the requirements look at. Defaults describe a case where nothing is recorded."""

    mediator_accepted_by_both: bool = False  # a proposal both sides accepted
    confidentiality_signed: bool = False  # written confidentiality agreement, both sides
    session_date: date | None = None
    venue: str = ""
    virtual_agreed: bool = False  # both sides agreed to a virtual session
    impasse_in_writing: bool = False
    impasse_on: date | None = None  # the recorded impasse (unlocks arbitration)
    mediation_waived: bool = False  # a recorded waiver of mediation by both sides
    # The governing dispute clause puts mediation first (the 2013 policy does); a clause that
    # does not lets a demand be filed without an impasse or a waiver.
    mediation_required: bool = True
    settlement_signed: bool = False  # the signed settlement agreement is on file
    arbitrator_named: bool = False
    hearing_date: date | None = None
    award_document: bool = False
    award_received_on: date | None = None
    aaa_notice_sent_on: date | None = None  # the day the AAA sent its notice of the filing
    aaa_notice_received_on: date | None = None
    court: str = ""
    index_number: str = ""
    suspended_from: str | None = None


# Requirement codes.
MEDIATOR_ACCEPTED_BY_BOTH = "mediator_accepted_by_both"
CONFIDENTIALITY_SIGNED = "confidentiality_signed"
SESSION_DATE = "session_date"
NYC_OR_AGREED_VIRTUAL_VENUE = "nyc_or_agreed_virtual_venue"
IMPASSE_IN_WRITING = "impasse_in_writing"
IMPASSE_RECORDED_OR_MEDIATION_WAIVED = "impasse_recorded_or_mediation_waived"
MEDIATION_WAIVED = "mediation_waived"
SETTLEMENT_SIGNED = "settlement_signed"
ARBITRATOR_NAMED = "arbitrator_named"
HEARING_DATE = "hearing_date"
AWARD_DOCUMENT = "award_document"
AWARD_RECEIVED_ON = "award_received_on"
AAA_NOTICE_SENT_ON = "aaa_notice_sent_on"
COURT_AND_INDEX_NUMBER = "court_and_index_number"
RESUMES_WHERE_SUSPENDED = "resumes_where_suspended"

REQUIREMENT_MESSAGES: dict[str, str] = {
    MEDIATOR_ACCEPTED_BY_BOTH:
        "A mediator both sides have accepted is needed before mediation can be agreed.",
    CONFIDENTIALITY_SIGNED:
        "Both sides must sign the written confidentiality agreement before a session is "
        "scheduled (New York has no general mediation privilege).",
    SESSION_DATE: "The session needs a date.",
    NYC_OR_AGREED_VIRTUAL_VENUE:
        "The policy requires mediation in New York City: give a venue in one of the five "
        "boroughs (for example \"New York, NY\"), or record that both sides agreed to a "
        "virtual session.",
    IMPASSE_IN_WRITING: "An impasse must be declared in writing before it can be recorded.",
    IMPASSE_RECORDED_OR_MEDIATION_WAIVED:
        "Arbitration can be demanded only after a recorded mediation impasse or a recorded "
        "waiver of mediation.",
    MEDIATION_WAIVED:
        "Arbitration can be demanded before mediation ends only with a recorded waiver of "
        "mediation.",
    SETTLEMENT_SIGNED: "The signed settlement agreement must be on file to record a settlement.",
    ARBITRATOR_NAMED: "Name the arbitrator who was appointed.",
    HEARING_DATE: "The hearing needs a date.",
    AWARD_DOCUMENT: "The award document must be uploaded to record the award as received.",
    AWARD_RECEIVED_ON:
        "The date the award was received is needed: the post-award deadlines run from it.",
    AAA_NOTICE_SENT_ON:
        "Give the date the AAA sent its notice, on or before the day it reached us: the "
        "answer period runs from the day it was sent.",
    COURT_AND_INDEX_NUMBER: "The court and the index number of the confirmation are needed.",
    RESUMES_WHERE_SUSPENDED: "A suspended case resumes at the stage it was suspended from.",
}


def _has_text(value: str) -> bool:
    return bool(value and value.strip())


_CHECKS: dict[str, Callable[[Transition, CaseFacts], bool]] = {
    MEDIATOR_ACCEPTED_BY_BOTH: lambda t, f: f.mediator_accepted_by_both,
    CONFIDENTIALITY_SIGNED: lambda t, f: f.confidentiality_signed,
    SESSION_DATE: lambda t, f: f.session_date is not None,
    NYC_OR_AGREED_VIRTUAL_VENUE: lambda t, f: f.virtual_agreed or is_nyc_venue(f.venue),
    IMPASSE_IN_WRITING: lambda t, f: f.impasse_in_writing,
    IMPASSE_RECORDED_OR_MEDIATION_WAIVED:
        lambda t, f: f.impasse_on is not None or f.mediation_waived or not f.mediation_required,
    MEDIATION_WAIVED: lambda t, f: f.mediation_waived or not f.mediation_required,
    SETTLEMENT_SIGNED: lambda t, f: f.settlement_signed,
    ARBITRATOR_NAMED: lambda t, f: f.arbitrator_named,
    HEARING_DATE: lambda t, f: f.hearing_date is not None,
    AWARD_DOCUMENT: lambda t, f: f.award_document,
    AWARD_RECEIVED_ON: lambda t, f: f.award_received_on is not None,
    AAA_NOTICE_SENT_ON: lambda t, f: f.aaa_notice_sent_on is not None and (
        f.aaa_notice_received_on is None or f.aaa_notice_sent_on <= f.aaa_notice_received_on),
    COURT_AND_INDEX_NUMBER:
        lambda t, f: _has_text(f.court) and _has_text(f.index_number),
    RESUMES_WHERE_SUSPENDED: lambda t, f: f.suspended_from == t.target,
}


# --- Transitions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str  # button text
    min_role: str
    requires: tuple[str, ...] = ()
    event_kind: str = ""  # the timeline event written; deadline rules start/end on it
    needs_date_label: str = ""  # the legal date the user enters for this step
    note_required: bool = False  # a reason must be given

    def __post_init__(self) -> None:
        if not self.event_kind:
            object.__setattr__(self, "event_kind", self.target)

    @property
    def is_resume(self) -> bool:
        """A row that takes a suspended case back to the stage it left."""
        return RESUMES_WHERE_SUSPENDED in self.requires


def _t(source: str, target: str, label: str, min_role: str, date_label: str,
       *requires: str, note: bool = False, event: str = "") -> Transition:
    return Transition(source, target, label, min_role, tuple(requires), event, date_label, note)


MEDIATION_STAGES: tuple[str, ...] = (
    MEDIATION_REQUESTED, MEDIATOR_SELECTION, MEDIATION_AGREED, MEDIATION_SCHEDULED,
    MEDIATION_HELD,
)
ARBITRATION_STAGES: tuple[str, ...] = (
    ARBITRATION_DEMANDED, AAA_NOTICED, ARBITRATOR_APPOINTED, DESK_SUBMISSIONS,
    HEARING_SCHEDULED, HEARING_HELD, RECORD_CLOSED,
)
# Stages a case may be suspended from (a court application; non-payment of fees).
SUSPENDABLE: tuple[str, ...] = (TRIAGE, *MEDIATION_STAGES, IMPASSE, *ARBITRATION_STAGES)
# Stages from which the claimant may withdraw.
WITHDRAWABLE: tuple[str, ...] = (FILED, *SUSPENDABLE, SUSPENDED)
# Stages from which the parties may settle (before or after the award).
SETTLEABLE: tuple[str, ...] = (
    *SUSPENDABLE, AWARD_ISSUED, AWARD_RECEIVED, MODIFICATION_REQUESTED, CONFIRMED, VACATED,
    SUSPENDED,
)
# Before an arbitrator is appointed either side may take the claim to small claims court.
SMALL_CLAIMS_FROM: tuple[str, ...] = (TRIAGE, IMPASSE, ARBITRATION_DEMANDED, AAA_NOTICED)

_MAIN_ROAD: tuple[Transition, ...] = (
    # Intake
    _t(FILED, TRIAGE, "Start triage", STAFF, "Date triage started"),
    _t(TRIAGE, MEDIATION_REQUESTED, "Request mediation", STAFF,
       "Date mediation was requested"),
    _t(TRIAGE, DISMISSED, "Dismiss the complaint", COUNSEL, "Date of dismissal", note=True),
    # Mediation
    _t(MEDIATION_REQUESTED, MEDIATOR_SELECTION, "Start mediator selection", STAFF,
       "Date the first mediator was proposed"),
    _t(MEDIATOR_SELECTION, MEDIATION_AGREED, "Record agreement to mediate", STAFF,
       "Date the agreement to mediate was signed", MEDIATOR_ACCEPTED_BY_BOTH),
    _t(MEDIATION_AGREED, MEDIATION_SCHEDULED, "Schedule the mediation session", STAFF,
       "Date the session was arranged", CONFIDENTIALITY_SIGNED, SESSION_DATE,
       NYC_OR_AGREED_VIRTUAL_VENUE),
    _t(MEDIATION_SCHEDULED, MEDIATION_HELD, "Record the session as held", STAFF,
       "Date the session was held"),
    _t(MEDIATION_HELD, MEDIATION_SCHEDULED, "Schedule another session", STAFF,
       "Date the session was arranged", CONFIDENTIALITY_SIGNED, SESSION_DATE,
       NYC_OR_AGREED_VIRTUAL_VENUE),
    _t(MEDIATION_HELD, IMPASSE, "Record an impasse", STAFF,
       "Date the impasse was declared", IMPASSE_IN_WRITING),
    # Arbitration
    _t(IMPASSE, ARBITRATION_DEMANDED, "File an arbitration demand", COUNSEL,
       "Date the demand was filed with the AAA", IMPASSE_RECORDED_OR_MEDIATION_WAIVED),
    *(
        _t(stage, ARBITRATION_DEMANDED, "File an arbitration demand (mediation waived)",
           COUNSEL, "Date the demand was filed with the AAA", MEDIATION_WAIVED)
        for stage in (TRIAGE, *MEDIATION_STAGES)
    ),
    _t(ARBITRATION_DEMANDED, AAA_NOTICED, "Record the AAA's notice", STAFF,
       "Date the AAA's notice was received", AAA_NOTICE_SENT_ON),
    _t(AAA_NOTICED, ARBITRATOR_APPOINTED, "Record the arbitrator's appointment", STAFF,
       "Date the arbitrator was appointed", ARBITRATOR_NAMED),
    _t(ARBITRATOR_APPOINTED, DESK_SUBMISSIONS, "Proceed on documents only (desk)", STAFF,
       "Date documents-only procedure was set"),
    _t(ARBITRATOR_APPOINTED, HEARING_SCHEDULED, "Schedule the hearing", STAFF,
       "Date the hearing was set", HEARING_DATE),
    _t(HEARING_SCHEDULED, HEARING_HELD, "Record the hearing as held", STAFF,
       "Date the hearing ended"),
    _t(DESK_SUBMISSIONS, RECORD_CLOSED, "Record the record as closed", STAFF,
       "Date the arbitrator closed the record"),
    _t(HEARING_HELD, RECORD_CLOSED, "Record the record as closed", STAFF,
       "Date the arbitrator closed the hearing"),
    # Award
    _t(RECORD_CLOSED, AWARD_ISSUED, "Record the award as issued", COUNSEL,
       "Date the award was signed"),
    _t(AWARD_ISSUED, AWARD_RECEIVED, "Record receipt of the award", COUNSEL,
       "Date the award was received", AWARD_DOCUMENT, AWARD_RECEIVED_ON),
    # Post-award
    _t(AWARD_RECEIVED, MODIFICATION_REQUESTED, "Request modification of the award", COUNSEL,
       "Date the modification request was made"),
    _t(MODIFICATION_REQUESTED, AWARD_RECEIVED, "Record receipt of the modified award", COUNSEL,
       "Date the modified award was received", AWARD_DOCUMENT, AWARD_RECEIVED_ON),
    _t(AWARD_RECEIVED, CONFIRMED, "Record confirmation of the award", COUNSEL,
       "Date judgment was entered", COURT_AND_INDEX_NUMBER),
    _t(AWARD_RECEIVED, PAID, "Record payment of the award", COUNSEL, "Date of payment"),
    _t(CONFIRMED, PAID, "Record payment of the judgment", STAFF, "Date of payment"),
    _t(AWARD_RECEIVED, VACATED, "Record the award as vacated", COUNSEL,
       "Date of the court's decision", note=True),
    _t(VACATED, ARBITRATION_DEMANDED, "File a demand for rehearing", COUNSEL,
       "Date the new demand was filed with the AAA"),
    _t(AWARD_RECEIVED, NO_ACTION, "Record that no action will be taken", COUNSEL,
       "Date of the decision", note=True),
    # Filing away
    _t(SETTLED, CLOSED, "Close the case", STAFF, "Date the case was closed"),
    _t(PAID, CLOSED, "Close the case", STAFF, "Date the case was closed"),
    _t(VACATED, CLOSED, "Close the case", COUNSEL, "Date the case was closed", note=True),
    _t(NO_ACTION, CLOSED, "Close the case", STAFF, "Date the case was closed"),
    _t(WITHDRAWN, CLOSED, "Close the case", STAFF, "Date the case was closed"),
    _t(DISMISSED, CLOSED, "Close the case", STAFF, "Date the case was closed"),
    _t(SMALL_CLAIMS, CLOSED, "Close the case", STAFF, "Date the case was closed"),
)

_SIDE_EXITS: tuple[Transition, ...] = (
    *(
        _t(stage, SETTLED, "Record a settlement", COUNSEL,
           "Date the settlement agreement was signed", SETTLEMENT_SIGNED)
        for stage in SETTLEABLE
    ),
    *(
        _t(stage, WITHDRAWN, "Record withdrawal", STAFF, "Date of withdrawal", note=True)
        for stage in WITHDRAWABLE
    ),
    *(
        _t(stage, SMALL_CLAIMS, "Move to small claims court", STAFF,
           "Date the small claims case was filed", note=True)
        for stage in SMALL_CLAIMS_FROM
    ),
    *(
        _t(stage, SUSPENDED, "Suspend the case", STAFF, "Date of suspension", note=True)
        for stage in SUSPENDABLE
    ),
    *(
        _t(SUSPENDED, stage, f"Resume: {STAGE_LABELS[stage].lower()}", STAFF,
           "Date the case resumed", RESUMES_WHERE_SUSPENDED, event=RESUMED)
        for stage in SUSPENDABLE
    ),
)

TRANSITIONS: tuple[Transition, ...] = _MAIN_ROAD + _SIDE_EXITS

_BY_SOURCE: dict[str, list[Transition]] = {}
_BY_MOVE: dict[tuple[str, str], Transition] = {}
for _row in TRANSITIONS:
    if (_row.source, _row.target) in _BY_MOVE:  # pragma: no cover - a table error
        raise AssertionError(f"duplicate transition {_row.source} -> {_row.target}")
    _BY_SOURCE.setdefault(_row.source, []).append(_row)
    _BY_MOVE[(_row.source, _row.target)] = _row
del _row


# --- Questions ------------------------------------------------------------------------------


class IllegalTransition(Exception):
    """A refused step; ``message`` says why, in a sentence for the user."""

    def __init__(self, message: str, *, missing: list[str] | None = None,
                 transition: Transition | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing or []
        self.transition = transition


def missing(transition: Transition, facts: CaseFacts) -> list[str]:
    """The messages for each requirement of ``transition`` that ``facts`` do not meet."""
    return [REQUIREMENT_MESSAGES[code] for code in missing_codes(transition, facts)]


def missing_codes(transition: Transition, facts: CaseFacts) -> list[str]:
    return [code for code in transition.requires if not _CHECKS[code](transition, facts)]


def transitions_from(stage: str) -> list[Transition]:
    return list(_BY_SOURCE.get(stage, ()))


def find(stage: str, target: str) -> Transition | None:
    return _BY_MOVE.get((stage, target))


def available(stage: str, role: str,
              facts: CaseFacts) -> list[tuple[Transition, list[str]]]:
    """The steps ``role`` may take from ``stage``, each with what is still missing (empty when
    the step can be taken now). Resume rows other than the way back to ``facts.suspended_from``
    are left out when that stage is known."""
    offered = []
    for row in transitions_from(stage):
        if not role_allows(role, row.min_role):
            continue
        if (row.is_resume and facts.suspended_from is not None
                and row.target != facts.suspended_from):
            continue
        offered.append((row, missing(row, facts)))
    return offered


def role_name(role: str) -> str:
    return {STAFF: "staff", COUNSEL: "counsel", ADMIN: "an administrator"}.get(role, role)


def check(stage: str, target: str, role: str, facts: CaseFacts) -> Transition:
    """The transition from ``stage`` to ``target`` if ``role`` may take it now; otherwise
    ``IllegalTransition`` with the reason."""
    if stage not in PHASE:
        raise IllegalTransition(f"Unknown stage “{stage}”.")
    if target not in PHASE:
        raise IllegalTransition(f"Unknown stage “{target}”.")
    row = _BY_MOVE.get((stage, target))
    if row is None:
        raise IllegalTransition(
            f"A case at “{STAGE_LABELS[stage]}” cannot move to “{STAGE_LABELS[target]}”."
        )
    if not role_allows(role, row.min_role):
        action = row.label[:1].lower() + row.label[1:]
        raise IllegalTransition(f"Only {role_name(row.min_role)} may {action}.",
                                transition=row)
    gaps = missing(row, facts)
    if gaps:
        raise IllegalTransition(" ".join(gaps), missing=gaps, transition=row)
    return row


def stage_label(stage: str) -> str:
    # A stage the road does not know comes only from data written outside the app: named
    # as such, not guessed from its code.
    return STAGE_LABELS.get(stage, "Stage not on the road")
