"""What each step of the road asks the person recording it. Pure data, no Flask.

A stage change (``workflow.Transition``) always asks for the legal date and, where the table
says so, a reason. Some steps need more: the facts their requirements look at (a session's
date and venue, the signed settlement, the award and its receipt). Those fields are listed
here so the form, the operation and the requirement messages agree on their names.

Steps that are not stage changes — the confidentiality agreement being signed, the AAA answer
being filed, a breach being discovered — are ``SideStep`` rows: they add a timeline event, and
deadline rules start or end on their kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..auth.roles import COUNSEL, STAFF
from . import event_kinds as ek
from . import workflow as wf

# Extra fields per target stage, beyond the legal date and the note. Field names are those of
# ``step_forms.FIELD_CATALOGUE``.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    wf.MEDIATION_SCHEDULED: ("session_on", "session_time", "venue", "virtual_agreed"),
    wf.IMPASSE: ("declared_by", "in_writing", "document"),
    wf.SETTLED: ("terms", "amount", "payment_due_on", "document"),
    wf.ARBITRATION_DEMANDED: ("filed_by", "arbitrators", "served_on", "aaa_rules",
                              "aaa_case_number", "claim_amount", "hearing_requested",
                              "mediation_waived"),
    wf.AAA_NOTICED: ("notice_sent_on", "aaa_case_number"),
    # An arbitrator the AAA appoints is recorded in this one step: who, the disclosures, and
    # the conflict check run as it is recorded. The parties' acceptances are for neutrals
    # they choose themselves (a mediator; an arbitrator by agreement): one already agreed
    # needs none of these fields.
    wf.ARBITRATOR_APPOINTED: ("arbitrator_neutral", "arbitrator_name",
                              "arbitrator_organisation", "arbitrator_email", "disclosures",
                              "conflict_reason"),
    wf.HEARING_SCHEDULED: ("hearing_on", "hearing_time", "venue"),
    wf.AWARD_ISSUED: ("amount", "prevailing", "fee_reallocation"),
    wf.AWARD_RECEIVED: ("transmitted_on", "amount", "document"),
    wf.MODIFICATION_REQUESTED: ("requested_by",),
    wf.CONFIRMED: ("court", "index_number"),
    wf.VACATED: ("court",),
    wf.PAID: ("amount",),
}

# A requirement met by the step's own form, shown next to the field that meets it. The other
# requirements (a mediator both sides accepted, the confidentiality agreement, a recorded
# impasse, an appointed arbitrator) must be recorded before the step is offered at all.
REQUIREMENT_FIELDS: dict[str, str] = {
    wf.SESSION_DATE: "session_on",
    wf.NYC_OR_AGREED_VIRTUAL_VENUE: "venue",
    wf.IMPASSE_IN_WRITING: "in_writing",
    wf.MEDIATION_WAIVED: "mediation_waived",
    wf.SETTLEMENT_SIGNED: "document",
    wf.HEARING_DATE: "hearing_on",
    wf.AWARD_DOCUMENT: "document",
    wf.AWARD_RECEIVED_ON: "occurred_on",
    wf.AAA_NOTICE_SENT_ON: "notice_sent_on",
    wf.COURT_AND_INDEX_NUMBER: "index_number",
    wf.ARBITRATOR_NAMED: "arbitrator_name",
}

# The document a step's upload becomes, by target stage.
DOCUMENT_TAGS: dict[str, str] = {
    wf.IMPASSE: "correspondence",
    wf.SETTLED: "agreement",
    wf.AWARD_RECEIVED: "award",
}


def fields_for(transition: wf.Transition) -> tuple[str, ...]:
    fields = STEP_FIELDS.get(transition.target, ())
    if transition.target == wf.ARBITRATION_DEMANDED and \
            wf.MEDIATION_WAIVED not in transition.requires:
        fields = tuple(f for f in fields if f != "mediation_waived")
    return fields


def prior_gaps(transition: wf.Transition, facts: wf.CaseFacts) -> list[str]:
    """What must be recorded elsewhere before this step can be offered."""
    return [wf.REQUIREMENT_MESSAGES[code] for code in wf.missing_codes(transition, facts)
            if code not in REQUIREMENT_FIELDS]


# A session or hearing is held on the day it was scheduled for, or later: the step that
# schedules it and the step that records it held are checked against each other.
HELD_AFTER: dict[str, tuple[str, str, str]] = {
    wf.MEDIATION_HELD: (wf.MEDIATION_SCHEDULED, "session_on", "session"),
    wf.HEARING_HELD: (wf.HEARING_SCHEDULED, "hearing_on", "hearing"),
}
# The step that moves a scheduled session or hearing, by the step that scheduled it: the day
# it is held is checked against the latest of the two.
MOVED_BY: dict[str, str] = {
    wf.MEDIATION_SCHEDULED: ek.SESSION_MOVED,
    wf.HEARING_SCHEDULED: ek.HEARING_MOVED,
}
# Dates a step's own form asks for that cannot come after the step's legal date: the AAA
# transmits an award before it is received. (That it sends its notice before the notice
# reaches us is the workflow's requirement AAA_NOTICE_SENT_ON.)
NOT_AFTER_THE_STEP: dict[str, tuple[str, str]] = {
    wf.AWARD_RECEIVED: ("transmitted_on", "The AAA cannot have transmitted the award after "
                                          "Qtrax received it"),
}
# And dates that cannot come before it: a session or hearing is scheduled for a later day.
NOT_BEFORE_THE_STEP: dict[str, tuple[str, str]] = {
    wf.MEDIATION_SCHEDULED: ("session_on", "The session cannot be scheduled for a day before "
                                           "it was scheduled"),
    wf.HEARING_SCHEDULED: ("hearing_on", "The hearing cannot be scheduled for a day before "
                                         "it was scheduled"),
    ek.SESSION_MOVED: ("session_on", "The session cannot be moved to a day before the move "
                                     "was agreed"),
    ek.HEARING_MOVED: ("hearing_on", "The hearing cannot be moved to a day before the move "
                                     "was set"),
}
# The new day a move needs, by the step that moves.
NEW_DAY: dict[str, tuple[str, str]] = {
    ek.SESSION_MOVED: ("session_on", "Enter the new day of the session."),
    ek.HEARING_MOVED: ("hearing_on", "Enter the new day of the hearing."),
}


def date_conflicts(target: str, occurred_on: date, values: dict[str, Any],
                   scheduled_on: date | None = None) -> dict[str, str]:
    """What is wrong with a step's dates taken together, by the form field to show it next to.

    ``scheduled_on``: for a session or hearing recorded as held, the day it was scheduled for.
    """
    errors: dict[str, str] = {}
    if target in HELD_AFTER and scheduled_on is not None and occurred_on < scheduled_on:
        _, _, what = HELD_AFTER[target]
        errors["occurred_on"] = (f"The {what} was scheduled for {scheduled_on.isoformat()}: "
                                 f"it cannot have been held before that day.")
    if target in NOT_AFTER_THE_STEP:
        name, reason = NOT_AFTER_THE_STEP[target]
        given = values.get(name)
        if isinstance(given, date) and given > occurred_on:
            errors[name] = f"{reason}: enter {occurred_on.isoformat()} or earlier."
    if target in NOT_BEFORE_THE_STEP:
        name, reason = NOT_BEFORE_THE_STEP[target]
        given = values.get(name)
        if isinstance(given, date) and given < occurred_on:
            errors[name] = f"{reason}: enter {occurred_on.isoformat()} or later."
    return errors


def appointment_named(values: dict[str, Any]) -> bool:
    """Whether the appointment step's form names the arbitrator the AAA appointed."""
    return bool(values.get("arbitrator_neutral") or (values.get("arbitrator_name") or "").strip())


def appointment_gaps(values: dict[str, Any]) -> dict[str, str]:
    """What the appointment step's form still needs once it names an arbitrator."""
    if appointment_named(values) and not (values.get("disclosures") or "").strip():
        return {"disclosures": "Record what the arbitrator disclosed (or that they disclosed "
                               "nothing)."}
    return {}


@dataclass(frozen=True)
class SideStep:
    kind: str
    label: str
    date_label: str
    min_role: str = STAFF
    stages: tuple[str, ...] | None = None  # None: any open stage
    document_tag: str | None = None  # a document may be attached, filed under this tag
    document_required: bool = False
    only_child_cases: bool = False
    after: str | None = None  # offered only once this kind is on the timeline
    # Extra fields the step asks for (names of ``step_forms.FIELD_CATALOGUE``).
    fields: tuple[str, ...] = ()
    # Offered only while the deadline of this rule is open (the step is what ends it).
    while_open: str | None = None
    # Offered only where the case's AAA rules say how long the AAA suspends the arbitration.
    suspends: bool = False


# GBL § 899-aa's notices, one step per recipient, each ending its own duty (deadlines/rules.py).
BREACH_NOTICES: tuple[tuple[str, str, str], ...] = (
    (ek.BREACH_NOTICE_RESIDENTS_SENT, "GBL899AA_NOTICE", "affected New York residents"),
    (ek.BREACH_NOTICE_AG_SENT, "GBL899AA_AG", "the Attorney General"),
    (ek.BREACH_NOTICE_DOS_SENT, "GBL899AA_DOS", "the Department of State"),
    (ek.BREACH_NOTICE_POLICE_SENT, "GBL899AA_POLICE", "the State Police"),
    (ek.BREACH_NOTICE_CRA_SENT, "GBL899AA_CRA", "the consumer reporting agencies"),
)


SIDE_STEPS: tuple[SideStep, ...] = (
    SideStep(ek.CONFIDENTIALITY_SIGNED, "Both sides signed the confidentiality agreement",
             "Date the last side signed",
             stages=(wf.MEDIATOR_SELECTION, wf.MEDIATION_AGREED, wf.MEDIATION_HELD),
             document_tag="agreement", document_required=True),
    SideStep(ek.MEDIATION_SUBMISSIONS_SENT, "Mediation submissions sent", "Date sent",
             stages=(wf.MEDIATION_AGREED, wf.MEDIATION_SCHEDULED), document_tag="pleading"),
    # The demand's service, when it was not known as the demand was recorded: CPLR 7503(c)'s
    # 20 days run from it (deadlines/rules.py, CountsFrom.recorded_by).
    SideStep(ek.DEMAND_SERVED, "Qtrax was served with the demand or notice of intention to "
             "arbitrate", "Date Qtrax was served", min_role=COUNSEL,
             stages=(wf.ARBITRATION_DEMANDED, wf.AAA_NOTICED), document_tag="correspondence"),
    SideStep(ek.ANSWER_FILED, "Answer (and any counterclaim) filed with the AAA", "Date filed",
             stages=(wf.AAA_NOTICED, wf.ARBITRATOR_APPOINTED), document_tag="pleading"),
    SideStep(ek.SESSION_MOVED, "Move the session to another day", "Date the new day was agreed",
             stages=(wf.MEDIATION_SCHEDULED,), fields=("session_on", "session_time")),
    SideStep(ek.HEARING_MOVED, "Move the hearing to another day", "Date the new day was set",
             stages=(wf.HEARING_SCHEDULED,), fields=("hearing_on", "hearing_time")),
    SideStep(ek.PRELIMINARY_HEARING_HELD, "Preliminary hearing held", "Date held",
             stages=(wf.ARBITRATOR_APPOINTED,)),
    SideStep(ek.INFORMATION_EXCHANGED, "Exchange of information completed", "Date completed",
             stages=(wf.ARBITRATOR_APPOINTED, wf.DESK_SUBMISSIONS, wf.HEARING_SCHEDULED),
             document_tag="evidence"),
    SideStep(ek.VACATUR_FILED, "Motion to vacate or modify filed in court", "Date filed",
             min_role=COUNSEL,
             stages=(wf.AWARD_RECEIVED, wf.MODIFICATION_REQUESTED), document_tag="court"),
    SideStep(ek.MOTION_DECIDED, "Court decided the motion", "Date of decision",
             min_role=COUNSEL, stages=(wf.AWARD_RECEIVED, wf.MODIFICATION_REQUESTED),
             document_tag="court", after=ek.VACATUR_FILED),
    SideStep(ek.CHILD_DATA_DELETED, "The child's information was deleted", "Date deleted",
             only_child_cases=True),
    # A court application to stay or compel arbitration made at the outset: the AAA suspends
    # the arbitration (30 days under the 2014 rules, 90 under the 2025 ones) and the AAA-rule
    # clocks stand still meanwhile (deadlines/engine.py).
    SideStep(ek.COURT_APPLICATION_FILED, "A court application to stay or compel arbitration "
             "was filed (the AAA suspends the arbitration)", "Date the application was filed",
             min_role=COUNSEL, stages=wf.ARBITRATION_STAGES, document_tag="court",
             suspends=True),
    SideStep(ek.SUSPENSION_LIFTED, "The AAA ended the suspension early", "Date it ended",
             min_role=COUNSEL, stages=wf.ARBITRATION_STAGES,
             after=ek.COURT_APPLICATION_FILED),
    SideStep(ek.CORRECTION_REQUESTED, "A party asked the arbitrator to correct a clerical "
             "error in the award", "Date asked",
             stages=(wf.AWARD_ISSUED, wf.AWARD_RECEIVED, wf.MODIFICATION_REQUESTED),
             document_tag="correspondence", while_open="AAA_CORRECTION"),
    SideStep(ek.BREACH_DISCOVERED, "A security breach was discovered", "Date discovered",
             fields=("ny_residents_affected",)),
    *(SideStep(kind, f"Breach notice sent to {whom}", "Date sent", after=ek.BREACH_DISCOVERED,
               document_tag="correspondence", while_open=code)
      for kind, code, whom in BREACH_NOTICES),
    SideStep(ek.COURT_ORDER_RECEIVED, "A court order or subpoena was received",
             "Date received", document_tag="court", fields=("return_on", "notify_user")),
    SideStep(ek.COURT_ORDER_ANSWERED, "The court order or subpoena was answered",
             "Date answered", after=ek.COURT_ORDER_RECEIVED, document_tag="court"),
)

_SIDE_BY_KIND = {step.kind: step for step in SIDE_STEPS}


def side_step(kind: str) -> SideStep | None:
    return _SIDE_BY_KIND.get(kind)


def side_steps_for(stage: str, role: str, *, is_child_case: bool,
                   kinds_on_timeline: set[str], open_rules: set[str] | None = None,
                   suspension_known: bool = False) -> list[SideStep]:
    offered = []
    for step in SIDE_STEPS:
        if not wf.role_allows(role, step.min_role) or not wf.is_open(stage):
            continue
        if step.stages is not None and stage not in step.stages:
            continue
        if step.only_child_cases and not is_child_case:
            continue
        if step.after and step.after not in kinds_on_timeline:
            continue
        if step.while_open and step.while_open not in (open_rules or set()):
            continue
        if step.suspends and not suspension_known:
            continue
        offered.append(step)
    return offered


def role_to_correct(kind: str, from_stage: str | None, to_stage: str | None) -> str | None:
    """The least role that may correct the legal date of a step on the timeline, or None when
    the date is not a step's to correct (the filing, a note, a correction itself).

    Moving the date moves the deadlines the step started, so it takes the role that may take
    the step: staff cannot re-date counsel's arbitration demand or receipt of an award.
    """
    if kind == wf.FILED:
        return None
    if to_stage:
        transition = wf.find(from_stage or "", to_stage)
        # A stage change the table no longer has: only the most trusted role may touch it.
        return transition.min_role if transition else COUNSEL
    side = side_step(kind)
    return side.min_role if side else None
